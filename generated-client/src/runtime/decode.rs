//! From a 2xx response to what an operation returns. A generated method names
//! one of the functions here; [`Call`](crate::runtime::Call) applies it once
//! the body is read. The content type is not trusted: a JSON body is decoded
//! as JSON whatever its `Content-Type` says.

use std::fmt::Debug;

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::runtime::envelope::{Envelope, EnvelopeStatus};
use crate::runtime::error::{ErrorBody, snippet};
use crate::runtime::lenient::{self, Deviation};
use crate::runtime::{Client, Error, Page, Request};

/// Bodies are quoted in errors up to this many characters.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// How a call turns its response into a value.
pub type Decoder<T> = fn(&Client, &Request, &RawResponse) -> Result<T, Error>;

/// A response with its body read and not decoded: what [`Call::raw`](crate::runtime::Call::raw) returns.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// A response as if received: for testing decoders, or decoding a body fetched another way.
    pub fn new(status: u16, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        RawResponse { status, headers, body: body.into() }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }

    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The `Content-Type` without parameters, lower-cased (`application/json`).
    pub fn media_type(&self) -> String {
        let value = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
    }

    /// The `Content-Type` as generated code matches it: lower-cased, its parameters but `charset`
    /// and `q` kept and sorted (`application/json;stream=watch`), so that two variants differing
    /// only in a parameter stay apart.
    pub fn media_key(&self) -> String {
        super::media::media_key(self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default())
    }

    /// The body as JSON, naming the JSON path that failed. Strict, unless called while a call
    /// decodes its response (a [`FromResponse`] impl): see [`json_lenient`](Self::json_lenient).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.status, &self.body)
    }

    /// The body as JSON, read as a call reads it: what deviates from `T` is coerced or dropped
    /// and listed, and only a body with nothing usable fails.
    pub fn json_lenient<T: DeserializeOwned>(&self) -> Result<(T, Vec<Deviation>), Error> {
        let (value, deviations) = lenient::scope(false, || self.json());
        Ok((value?, deviations))
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// An envelope's `result`, which must be present, unless its type takes
    /// `null` (a `{}` schema is `serde_json::Value`): then a missing result is `null`.
    pub fn envelope<T: DeserializeOwned>(&self) -> Result<T, Error> {
        match self.envelope_nullable()? {
            Some(result) => Ok(result),
            None => serde_json::from_value::<T>(serde_json::Value::Null)
                .ok()
                .or_else(|| lenient::missing_at("result", "the result"))
                .ok_or_else(|| Error::Decode {
                    status: self.status,
                    path: "result".into(),
                    message: "the result is missing or null".into(),
                    snippet: snippet(&self.body, SNIPPET_LIMIT),
                }),
        }
    }

    /// An envelope's `result`, which may be missing or `null`.
    pub fn envelope_nullable<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        Ok(self.open_envelope()?.result)
    }

    /// A response that matches none of the operation's documented responses.
    pub fn unexpected(&self) -> Error {
        Error::Decode {
            status: self.status,
            path: String::new(),
            message: format!("the spec lists no response for status {} with `{}`", self.status, self.media_type()),
            snippet: snippet(&self.body, SNIPPET_LIMIT),
        }
    }

    /// The envelope, or the API error it reports.
    fn open_envelope<T: DeserializeOwned>(&self) -> Result<Envelope<T>, Error> {
        let envelope = match self.json::<Envelope<T>>() {
            Ok(envelope) => envelope,
            Err(error) => {
                // A `success: false` envelope with an unexpected `result` is still an API error.
                if let Ok(status) = serde_json::from_slice::<EnvelopeStatus>(&self.body)
                    && !status.success
                {
                    return Err(Error::api(self.status, status.errors, status.messages));
                }
                return Err(error);
            }
        };
        if !envelope.success {
            return Err(Error::api(self.status, envelope.errors, envelope.messages));
        }
        Ok(envelope)
    }
}

/// Operations with several documented responses return an enum implementing this.
pub trait FromResponse: Sized {
    fn from_response(response: &RawResponse) -> Result<Self, Error>;
}

/// A plain JSON body.
pub fn json<T: DeserializeOwned>(_: &Client, _: &Request, response: &RawResponse) -> Result<T, Error> {
    response.json()
}

/// An envelope whose `result` must be present.
pub fn envelope<T: DeserializeOwned>(_: &Client, _: &Request, response: &RawResponse) -> Result<T, Error> {
    response.envelope()
}

/// An envelope whose `result` may be `null`.
pub fn envelope_nullable<T: DeserializeOwned>(
    _: &Client,
    _: &Request,
    response: &RawResponse,
) -> Result<Option<T>, Error> {
    response.envelope_nullable()
}

/// An envelope whose `result` carries nothing: success or the API's error.
pub fn envelope_unit(_: &Client, _: &Request, response: &RawResponse) -> Result<(), Error> {
    response.envelope_nullable::<serde_json::Value>().map(drop)
}

/// The first page of a list, paged as the request's [`Paging`](crate::runtime::Paging) says (a
/// Cloudflare envelope without one); the page can fetch the following ones.
pub fn page<T: DeserializeOwned>(client: &Client, request: &Request, response: &RawResponse) -> Result<Page<T>, Error> {
    crate::runtime::pagination::decode_page(client, request, response)
}

/// No body.
pub fn empty(_: &Client, _: &Request, _: &RawResponse) -> Result<(), Error> {
    Ok(())
}

pub fn bytes(_: &Client, _: &Request, response: &RawResponse) -> Result<Bytes, Error> {
    Ok(response.body.clone())
}

pub fn text(_: &Client, _: &Request, response: &RawResponse) -> Result<String, Error> {
    Ok(response.text())
}

/// Several documented responses, told apart by the generated enum.
pub fn alternatives<T: FromResponse>(_: &Client, _: &Request, response: &RawResponse) -> Result<T, Error> {
    T::from_response(response)
}

/// For undocumented endpoints: an envelope's `result` when the body is an
/// envelope, else the whole body; empty bodies are `null`.
pub fn any<T: DeserializeOwned>(_: &Client, _: &Request, response: &RawResponse) -> Result<T, Error> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return decode_json(response.status, b"null");
    }
    let value: serde_json::Value = response.json()?;
    let is_envelope = value.get("success").is_some_and(|flag| flag.is_boolean() || flag == "true" || flag == "false")
        && value.get("errors").is_some();
    if is_envelope {
        return response.envelope_nullable::<T>()?.map_or_else(|| decode_json(response.status, b"null"), Ok);
    }
    decode_json(response.status, &response.body)
}

/// Decodes an error response's body as the operation documents it.
pub type ErrorDecoder = fn(&[u8]) -> Option<ErrorBody>;

pub(crate) fn error_body<E: DeserializeOwned + Debug + Send + Sync + 'static>(body: &[u8]) -> Option<ErrorBody> {
    serde_json::from_slice::<E>(body).ok().map(ErrorBody::new)
}

/// JSON → `T`, naming the JSON path that failed; read leniently when the strict decode fails and
/// the call allows it (see `lenient`).
fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    decode_borrowed(status, body).or_else(|error| lenient::retry(body, "").map_err(|failed| unreadable(error, failed)))
}

/// The error of a body a lenient read could not use either: where and why that read failed, else
/// the strict error.
fn unreadable(strict: Error, lenient: Option<lenient::Unreadable>) -> Error {
    match (strict, lenient) {
        (Error::Decode { status, snippet, .. }, Some(failure)) => Error::Decode {
            status,
            path: failure.path,
            message: format!("{} (even read leniently)", failure.message),
            snippet,
        },
        (strict, _) => strict,
    }
}

/// JSON → `T`, which may borrow from the body (`&RawValue`), naming the JSON path that failed.
pub(crate) fn decode_borrowed<'a, T: Deserialize<'a>>(status: u16, body: &'a [u8]) -> Result<T, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        // Nothing is `null` to a type that takes it (a JSON response the spec gives no schema: `Value`).
        return serde::Deserialize::deserialize(serde_json::Value::Null).map_err(|_| Error::Decode {
            status,
            path: String::new(),
            message: "the response body is empty".into(),
            snippet: String::new(),
        });
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| path_error(status, body, "", error))
}

/// The JSON `text`, a part of `body` at the JSON path `prefix` (`data`, `result.items`; empty for
/// the body itself) → `T`, naming the full JSON path that failed (`data[3].name`); read leniently
/// as [`decode_json`] is.
pub(crate) fn decode_part<T: DeserializeOwned>(status: u16, body: &[u8], text: &str, prefix: &str) -> Result<T, Error> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| path_error(status, body, prefix, error))
        .or_else(|error| lenient::retry(text.as_bytes(), prefix).map_err(|failed| unreadable(error, failed)))
}

/// A decode error at the path serde reports, below `prefix`.
fn path_error(status: u16, body: &[u8], prefix: &str, error: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let message = error.inner().to_string();
    let mut path = error.path().to_string();
    // serde reports a missing field at the object that lacks it; name the field itself.
    if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        path = if path == "." { field.to_string() } else { format!("{path}.{field}") };
    }
    if !prefix.is_empty() {
        path = match path.as_str() {
            "." => prefix.to_string(),
            below if below.starts_with('[') => format!("{prefix}{below}"),
            below => format!("{prefix}.{below}"),
        };
    }
    Error::Decode { status, path, message, snippet: snippet(body, SNIPPET_LIMIT) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        name: String,
    }

    #[test]
    fn an_empty_body_is_null_to_a_type_that_takes_it() {
        // A JSON response the spec gives no schema decodes as `Value`; a server may send nothing.
        assert_eq!(decode_json::<serde_json::Value>(200, b"").unwrap(), serde_json::Value::Null);
        assert!(
            matches!(decode_json::<Item>(200, b" "), Err(Error::Decode { message, .. }) if message == "the response body is empty")
        );
    }

    fn decode_path(body: &str) -> String {
        match decode_json::<Envelope<Vec<Item>>>(200, body.as_bytes()) {
            Err(Error::Decode { path, .. }) => path,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    fn response(body: &str) -> RawResponse {
        RawResponse { status: 200, headers: HeaderMap::new(), body: Bytes::from(body.to_string()) }
    }

    #[test]
    fn messages_may_be_bare_strings() {
        let reply =
            response(r#"{"success":true,"errors":[],"messages":["bucket created"],"result":{"id":"a","name":"b"}}"#);
        assert_eq!(reply.envelope::<Item>().expect("decodes").id, "a");
        let failed = response(
            r#"{"success":false,"errors":["no such bucket",{"code":10006,"message":"gone"}],"messages":[],"result":null}"#,
        );
        match failed.envelope::<Item>() {
            Err(Error::Api { errors, .. }) => assert_eq!(
                errors.iter().map(|e| (e.code, e.message.as_str())).collect::<Vec<_>>(),
                [(0, "no such bucket"), (10006, "gone")]
            ),
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[test]
    fn success_may_be_its_text_and_errors_null() {
        let reply = response(r#"{"success":"true","errors":null,"messages":null,"result":{"id":"a","name":"b"}}"#);
        assert_eq!(reply.envelope::<Item>().expect("decodes").id, "a");
        let failed = response(
            r#"{"success":"false","errors":[{"code":7003,"message":"no route"}],"messages":[],"result":null}"#,
        );
        assert!(matches!(failed.envelope::<Item>(), Err(Error::Api { errors, .. }) if errors[0].code == 7003));
        let odd = response(r#"{"success":"yes","errors":[],"messages":[],"result":{"id":"a","name":"b"}}"#);
        assert!(
            matches!(odd.envelope::<Item>(), Err(Error::Decode { .. })),
            "only the two texts of a boolean are read"
        );
    }

    #[test]
    fn a_missing_result_is_null_only_where_the_type_takes_null() {
        let reply = response(r#"{"success":true,"errors":[],"messages":[]}"#);
        assert_eq!(
            reply.envelope::<serde_json::Value>().expect("a free-form result may be absent"),
            serde_json::Value::Null
        );
        assert!(matches!(reply.envelope::<Item>(), Err(Error::Decode { path, .. }) if path == "result"));
    }

    #[test]
    fn decode_errors_name_the_field() {
        assert_eq!(decode_path(r#"{"result":[{"id":"a","name":"b"},{"id":"c"}]}"#), "result[1].name");
        assert_eq!(decode_path(r#"{"result":[{"id":1,"name":"b"}]}"#), "result[0].id");
        assert!(
            matches!(decode_json::<Item>(200, br#"{"id":"a"}"#), Err(Error::Decode { path, .. }) if path == "name")
        );
        assert!(
            matches!(decode_json::<Item>(200, b" "), Err(Error::Decode { message, .. }) if message.contains("empty"))
        );
    }
}
