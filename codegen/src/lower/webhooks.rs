//! The events the API posts to its users' servers become one type (a union, tagged by the
//! property whose constant tells them apart) that a resource's `unwrap` methods parse into:
//! the config's `webhook_unwrap` method says which resource, else `webhooks`.

use super::direction::Direction;
use super::{Ctx, Lowerer, MemoKey};
use crate::model::{TypeKind, Webhooks};

impl Lowerer<'_> {
    pub(super) fn lower_webhooks(&mut self) {
        let Some(hooks) = &self.spec.webhooks else { return };
        let configured = self.config.webhook_unwrap.as_ref();
        let ctx = Ctx::new(vec!["webhook".to_string(), "event".to_string()], Direction::Response);
        let key = MemoKey { schema: hooks.union, direction: Direction::Response, omit: None };
        let event = self.lower_in(hooks.union, key, &ctx).wrapped();
        // The config names the property telling events apart: one the events do not all hold as a
        // constant cannot be, and parsing tries each event in turn instead.
        if let Some((unwrap, wanted)) = configured.and_then(|unwrap| Some((unwrap, unwrap.discriminator.as_ref()?))) {
            let tag = event.named_type().and_then(|id| match &self.model.get(id).kind {
                TypeKind::Union(union) => union.tag.clone(),
                _ => None,
            });
            if hooks.events.len() > 1 && tag.as_ref() != Some(wanted) {
                let warning = format!(
                    "webhook events are not told apart by `{wanted}` (a constant of each event's body): they are \
                     parsed by which event fits"
                );
                self.diags.push(self.config.warning(&unwrap.at, warning));
            }
        }
        let (resource, method) = match configured {
            Some(unwrap) if !unwrap.name.is_empty() => (unwrap.resource.clone(), unwrap.name.clone()),
            _ => (vec!["webhooks".to_string()], "unwrap".to_string()),
        };
        self.model.webhooks = Some(Webhooks {
            resource,
            method,
            event,
            events: hooks.events.iter().map(|event| (event.name.clone(), event.summary.clone())).collect(),
            location: hooks.location.clone(),
        });
    }
}
