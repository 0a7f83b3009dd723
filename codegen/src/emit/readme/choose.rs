//! Which operation an example calls: the config's example request, else the one that shows the API best.

use super::super::operation_tests::ArgumentValue;
use super::{Chosen, Writer};
use crate::config::endpoint_key;
use crate::model::{Media, Method, OperationId, TypeKind, TypeRef};
use crate::name::{ArgumentKind, Returns, Signature};

impl Writer<'_> {
    /// The operation an example calls: the config's example request of the first of `names`
    /// that `method` takes (it gives the signature to call, or `None` when the operation cannot
    /// be shown there), else the most representative of those it takes ([`Writer::rank`];
    /// `post_first`: a POST with a JSON body before a GET).
    pub(super) fn choose<'s>(
        &'s self,
        names: &[&str],
        post_first: bool,
        method: impl Fn(&crate::model::Operation, &'s Signature) -> Option<&'s Signature>,
    ) -> Option<Chosen<'s>> {
        let model = &self.named.model;
        let ids = (0..model.operations.len() as u32).map(OperationId);
        let configured = names.iter().find_map(|name| {
            let request = self.readme.example_requests.iter().find(|r| r.name == *name)?;
            let wanted = endpoint_key(&request.verb, &request.path);
            ids.clone().find_map(|id| {
                let op = model.operation(id);
                if endpoint_key(op.method.as_str(), &op.path) != wanted {
                    return None;
                }
                let signature = method(op, self.named.signature(id))?;
                Some(Chosen { id, signature, params: Some(&request.params) })
            })
        });
        configured.or_else(|| {
            ids.filter_map(|id| {
                let signature = method(model.operation(id), self.named.signature(id))?;
                Some(Chosen { id, signature, params: None })
            })
            .min_by_key(|chosen| self.rank(chosen, post_first))
        })
    }

    /// How well an operation shows the API, smallest first: not deprecated; answering
    /// something to print (not nothing, not a stream); few required arguments; a `create` with
    /// a JSON body then a GET (or the other way round), then another POST with a JSON body; a
    /// body of many properties; near the top of the resource tree; a small example; then its
    /// endpoint and call, so that the choice never depends on the spec's order.
    fn rank(&self, chosen: &Chosen<'_>, post_first: bool) -> Rank {
        let op = self.named.model.operation(chosen.id);
        let signature = chosen.signature;
        let quiet = matches!(signature.returns, Returns::Nothing | Returns::EnvelopeUnit | Returns::Events(_));
        let values = self.emitter.argument_values(chosen.id, signature);
        let required = values
            .iter()
            .map(|(_, value)| match value {
                ArgumentValue::Params { required, .. } => required.len(),
                ArgumentValue::PathText(_) | ArgumentValue::PathOwned { .. } | ArgumentValue::PathEnum { .. } => 1,
                _ => 0,
            })
            .sum::<usize>();
        let json_body = signature.args.iter().any(|a| matches!(a.kind, ArgumentKind::Body { media: Media::Json, .. }));
        let create = op.method == Method::Post && json_body && signature.method.starts_with("create");
        let kind = match (create, op.method) {
            (true, _) => u8::from(!post_first),
            (false, Method::Get) => u8::from(post_first),
            (false, Method::Post) if json_body => 2,
            _ => 3,
        };
        let weight = values
            .iter()
            .map(|(_, value)| match value {
                ArgumentValue::Structured { sample, example, .. } => {
                    super::super::samples::weight(example.unwrap_or(sample))
                }
                _ => 0,
            })
            .sum();
        let depth = op.resource.len().max(1);
        // The API's main operation takes the most: a chat completion's, a payment's dozens of fields.
        let richness = signature
            .args
            .iter()
            .map(|arg| match &arg.kind {
                ArgumentKind::Body { ty: TypeRef::Named(id), .. } => match &self.named.model.get(*id).kind {
                    TypeKind::Struct(body) => body.fields.len(),
                    _ => 0,
                },
                _ => 0,
            })
            .sum::<usize>();
        let key = (op.docs.deprecated, quiet, required, kind, std::cmp::Reverse(richness), depth, weight);
        (key, signature.endpoint.clone(), signature.call.clone())
    }
}

/// [`Writer::rank`]'s key: its criteria, then the endpoint and call.
pub(super) type Rank = ((bool, bool, usize, u8, std::cmp::Reverse<usize>, usize, usize), String, String);
