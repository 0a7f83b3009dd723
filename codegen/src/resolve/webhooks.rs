//! Events the API sends to its users' servers: OpenAPI 3.1's `webhooks` (or the `x-webhooks`
//! extension 3.0 specs use for the same), each a path item whose request body is the event.
//! The bodies become one event type, a `oneOf` of them, that the client parses events into.

use serde_json::{Map, Value};

use super::Resolver;
use super::operations::content;
use super::schema::{Schema, SchemaId};
use crate::diagnostics::{Error, Location};

/// The events a spec declares, and the union of their bodies.
#[derive(Debug, Clone)]
pub struct Webhooks {
    pub events: Vec<WebhookEvent>,
    /// A `oneOf` of the events' bodies, made here (at the `webhooks` key's pointer).
    pub union: SchemaId,
    pub location: Location,
}

/// One event: its key in `webhooks` and the JSON body the API posts.
#[derive(Debug, Clone)]
pub struct WebhookEvent {
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub body: SchemaId,
}

/// The spec's webhooks, sorted by name; `None` when it declares none with a JSON body.
pub(super) fn webhooks<'a>(
    resolver: &mut Resolver<'a>,
    root: &'a Map<String, Value>,
    at: &Location,
) -> Result<Option<Webhooks>, Error> {
    let Some((key, map)) =
        ["webhooks", "x-webhooks"].into_iter().find_map(|key| Some((key, root.get(key)?.as_object()?)))
    else {
        return Ok(None);
    };
    let location = at.child(key);
    let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
    sorted.sort_unstable_by_key(|(name, _)| *name);
    let mut events = Vec::new();
    for (name, item) in sorted {
        let (item, item_at) = resolver.deref_object(item, location.child(name))?;
        for (method, op) in item.iter().filter(|(_, op)| op.get("requestBody").is_some()) {
            let Some(op) = op.as_object() else { continue };
            let (body, body_at) =
                resolver.deref_object(&op["requestBody"], item_at.child(method).child("requestBody"))?;
            let json = content(resolver, body, &body_at)?
                .into_iter()
                .find_map(|(media, schema)| schema.filter(|_| is_json(&media)));
            let Some(body) = json else {
                resolver.diags.warn(
                    &body_at,
                    format!("webhook `{name}` posts no JSON body: the client cannot parse it; left out"),
                );
                continue;
            };
            let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_string);
            events.push(WebhookEvent {
                name: name.clone(),
                summary: text("summary"),
                description: text("description"),
                body,
            });
        }
    }
    if events.is_empty() {
        return Ok(None);
    }
    let mut union = Schema::empty(location.clone());
    union.one_of = events.iter().map(|event| event.body).collect();
    union.description = Some("An event the API sends to a webhook endpoint.".to_string());
    let union = resolver.add_schema(union);
    Ok(Some(Webhooks { events, union, location }))
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}
