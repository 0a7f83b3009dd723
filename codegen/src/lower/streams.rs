//! Streamed answers: a success response in a stream media type (server-sent events,
//! JSON Lines) becomes a method returning the stream's typed events. The schema
//! describes one event's data, or the event itself (`{data: T}`, with a `[DONE]`
//! sentinel beside it), or the stream as a list of its events; each is read as
//! the data type.

use super::direction::Direction;
use super::flatten::Flat;
use super::{Ctx, Lowerer};
use crate::model::{Framing, Media, OperationId, ResponseShape, Streaming, TypeRef};
use crate::resolve::{self, JsonType, SchemaId};

/// The fields of a server-sent event: a schema with `data` and nothing but these describes the event.
const EVENT_FIELDS: [&str; 4] = ["data", "event", "id", "retry"];

/// Body properties that ask for a streamed answer instead of one value.
const STREAM_FLAGS: [&str; 2] = ["stream", "streaming"];

impl Lowerer<'_> {
    /// The operation's stream, from its first success response that offers one. `value` is
    /// the rest of its success responses: when they answer something, the stream is a
    /// method beside the one returning it.
    pub(super) fn lower_stream(
        &mut self,
        op: &resolve::Operation,
        this: OperationId,
        value: &ResponseShape,
    ) -> Option<Streaming> {
        let (media_type, schema, framing) = op.successes().into_iter().find_map(|response| {
            response.content.iter().find_map(|(media, schema)| Some((media.clone(), *schema, Framing::of(media)?)))
        })?;
        let ctx = Ctx::operation(this, "event", Direction::Response);
        let item = match schema {
            Some(schema) => {
                let data = self.event_data(schema, framing);
                self.lower_ids(&data, &ctx).wrapped()
            }
            None => TypeRef::Any,
        };
        Some(Streaming {
            media_type,
            framing,
            item,
            flag: self.stream_flag(op),
            beside_value: *value != ResponseShape::Empty,
        })
    }

    /// The schemas of one event's data, as `schema` describes the stream.
    fn event_data(&mut self, schema: SchemaId, framing: Framing) -> Vec<SchemaId> {
        let flat = Flat::of(self.spec, &[schema], self.diags);
        // The stream as the list of its events.
        if !flat.items.is_empty() && flat.properties.is_empty() {
            return flat.items.clone();
        }
        if framing != Framing::ServerSentEvents {
            return vec![schema];
        }
        let variants: Vec<SchemaId> = match flat.unions.as_slice() {
            [group] if flat.properties.is_empty() => group.variants.clone(),
            _ => vec![schema],
        };
        let mut data = Vec::new();
        for variant in variants {
            let event = Flat::of(self.spec, &[variant], self.diags);
            let is_event = event.properties.contains_key("data")
                && event.properties.keys().all(|name| EVENT_FIELDS.contains(&name.as_str()));
            if !is_event {
                return vec![schema];
            }
            let payload = Flat::of(self.spec, &event.properties["data"], self.diags);
            // `{data: "[DONE]"}`: the end of the stream, which the runtime reads itself.
            let sentinel = payload.enum_values.as_ref().is_some_and(|values| {
                !values.is_empty() && values.iter().all(|v| v.as_str().is_some_and(|s| s.starts_with('[')))
            });
            if !sentinel {
                data.push(event.properties["data"].clone());
            }
        }
        match data.as_slice() {
            [one] => one.clone(),
            _ => vec![schema],
        }
    }

    /// The JSON body's boolean property that asks for the stream.
    fn stream_flag(&mut self, op: &resolve::Operation) -> Option<String> {
        let body = op.body.as_ref()?;
        let schema = body.content.iter().find(|(media, _)| Media::of(media) == Media::Json).and_then(|(_, s)| *s)?;
        let flat = Flat::of(self.spec, &[schema], self.diags);
        STREAM_FLAGS.iter().find_map(|name| {
            let property = flat.properties.get(*name)?;
            let types = Flat::of(self.spec, property, self.diags).types;
            types.is_some_and(|t| t.contains(&JsonType::Boolean)).then(|| name.to_string())
        })
    }
}
