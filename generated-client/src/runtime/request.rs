//! A request as a generated method describes it: method, path, query, headers,
//! body and security requirement. Cheap to clone, so retries and pagination can resend it.

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use crate::runtime::decode::{ErrorDecoder, error_body};
use crate::runtime::error::ErrorBody;
use crate::runtime::files::{self, File};
use crate::runtime::media::media_key;
use crate::runtime::pagination::Walk;
use crate::runtime::{Error, Paging, Server, Url};

/// An operation's security requirement: alternatives, each a set of scheme names.
pub type Security = &'static [&'static [&'static str]];

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Serialized JSON.
    Json(Bytes),
    /// Raw bytes with their content type (`application/octet-stream`, …).
    Bytes { content_type: String, data: Bytes },
    /// `text/plain`.
    Text(String),
    /// A file as the whole body, streamed as it is sent, with its content type.
    File { content_type: String, file: File },
    /// `multipart/form-data`: made into reqwest's form (with a new random boundary) at each
    /// attempt, so that a retry sends the files again.
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub content: PartContent,
    /// Headers of the part beside its disposition and content type (the spec's `encoding`).
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartContent {
    /// Text, or JSON with its content type (`application/json` for objects and lists of them).
    Text {
        text: String,
        content_type: Option<String>,
    },
    File(File),
}

impl Part {
    fn text(name: &str, text: String) -> Part {
        Part { name: name.to_string(), content: PartContent::Text { text, content_type: None }, headers: Vec::new() }
    }

    /// reqwest's part, its file read only as it is sent.
    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Part, Error> {
        let part = match &self.content {
            PartContent::File(file) => file.part()?,
            PartContent::Text { text, content_type: None } => reqwest::multipart::Part::text(text.clone()),
            PartContent::Text { text, content_type: Some(content_type) } => {
                reqwest::multipart::Part::text(text.clone()).mime_str(content_type).map_err(|error| {
                    Error::Request(format!("part `{}`: content type `{content_type}`: {error}", self.name))
                })?
            }
        };
        if self.headers.is_empty() {
            return Ok(part);
        }
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &self.headers {
            let invalid = |what: &str| Error::Request(format!("part `{}`: header `{name}`: invalid {what}", self.name));
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("name"))?;
            headers.append(header, value.parse().map_err(|_| invalid("value"))?);
        }
        Ok(part.headers(headers))
    }
}

/// How a query parameter is serialized (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, exploded (the default): `a=1&a=2`, objects as `key=value` pairs.
    Form,
    /// `form` with `explode: false`: `a=1,2`, objects as `a=k1,v1,k2,v2`.
    FormUnexploded,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    /// Path below the base URL, with path parameters already encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) security: Security,
    /// Error types the operation documents, by status pattern (`404`, `4XX`, `default`).
    pub(crate) error_types: Vec<(&'static str, ErrorDecoder)>,
    /// Why the request cannot be sent (a body that did not serialize); reported when it is.
    pub(crate) invalid: Option<String>,
    /// 3xx statuses that answer the call (see [`Request::redirect_results`]).
    pub(crate) redirect_results: &'static [u16],
    /// The server the spec calls this operation on, when it is not the client's (see [`Request::server`]).
    pub(crate) server: Option<Server>,
    /// How the operation's list is paged (see [`Request::paging`]); `None` for a Cloudflare envelope.
    pub(crate) paging: Option<&'static Paging>,
    /// An absolute URL (no query) in place of the base URL and `path`: a next page's URL the API gave.
    pub(crate) url: Option<Url>,
    /// The pages fetched before this one, for a next page's request.
    pub(crate) walk: Option<Walk>,
    /// The body is a stream read for as long as the server sends: the timeout bounds each wait, not the whole.
    pub(crate) idle_timeout: bool,
}

impl Request {
    pub fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            security: &[],
            error_types: Vec::new(),
            invalid: None,
            redirect_results: &[],
            server: None,
            paging: None,
            url: None,
            walk: None,
            idle_timeout: false,
        }
    }

    pub(crate) fn idle_timeout(mut self) -> Request {
        self.idle_timeout = true;
        self
    }

    /// Sets a boolean field of the JSON body that chooses the answer's form (`stream`): to
    /// `true` always, to `false` only where the body has it, so a body that never named
    /// the field is sent as it was.
    pub fn body_flag(mut self, name: &str, value: bool) -> Request {
        let Some(Body::Json(bytes)) = &self.body else { return self };
        let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return self;
        };
        if value || object.contains_key(name) {
            object.insert(name.to_string(), serde_json::Value::Bool(value));
            self = self.json(&object);
        }
        self
    }

    /// How the operation's list is paged, for [`decode::page`](crate::runtime::decode::page): where the
    /// items are and how the next page is asked for. Without it, a page is a Cloudflare envelope.
    pub fn paging(mut self, paging: &'static Paging) -> Request {
        self.paging = Some(paging);
        self
    }

    /// The spec serves this operation from another server (an upload host): the request
    /// goes there, unless the user set the client's base URL, which then takes every request.
    pub fn server(mut self, server: Server) -> Request {
        self.server = Some(server);
        self
    }

    /// The operation documents only these 3xx responses (a download's `302`):
    /// one the HTTP client did not follow (it has no `Location`) answers the
    /// call instead of failing it.
    pub fn redirect_results(mut self, statuses: &'static [u16]) -> Request {
        self.redirect_results = statuses;
        self
    }

    /// Whether a response with `status` answers the call (2xx, or a documented result redirect).
    pub(crate) fn answered_by(&self, status: u16) -> bool {
        (200..300).contains(&status) || self.redirect_results.contains(&status)
    }

    /// Error responses matching `status` (`404`, `4XX` or `default`) are decoded as `E`,
    /// for [`Error::typed_body`].
    pub fn typed_error<E: serde::de::DeserializeOwned + std::fmt::Debug + Send + Sync + 'static>(
        mut self,
        status: &'static str,
    ) -> Request {
        self.error_types.push((status, error_body::<E>));
        self
    }

    /// The documented error type for this status, decoded: exact statuses first, then `4XX`, then `default`.
    pub(crate) fn typed_error_body(&self, status: u16, body: &[u8]) -> Option<ErrorBody> {
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        [exact.as_str(), range.as_str(), "default"]
            .iter()
            .find_map(|pattern| self.error_types.iter().find(|(p, _)| p.eq_ignore_ascii_case(pattern)))
            .and_then(|(_, decode)| decode(body))
    }

    /// Fails with the reason the request cannot be sent, if there is one.
    pub(crate) fn check(&self) -> Result<(), Error> {
        self.invalid.as_ref().map_or(Ok(()), |reason| Err(Error::Request(reason.clone())))
    }

    pub fn security(mut self, security: Security) -> Request {
        self.security = security;
        self
    }

    /// Adds a query parameter in OpenAPI's default style (`form`, exploded):
    /// `None`/`null` adds nothing, arrays repeat the name, objects add one
    /// parameter per property.
    pub fn query<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Request {
        self.query_styled(name, value, QueryStyle::Form)
    }

    /// Adds a query parameter serialized in the given OpenAPI style.
    pub fn query_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: QueryStyle) -> Request {
        let Ok(value) = serde_json::to_value(value) else { return self };
        push_styled(&mut self.query, name, &value, style);
        self
    }

    /// Replaces every value of a query parameter (pagination uses it for `page` and `cursor`).
    pub(crate) fn set_query(mut self, name: &str, value: String) -> Request {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_string(), value));
        self
    }

    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Adds a header; `None` adds nothing.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Request {
        if let Some(text) = serde_json::to_value(value).ok().as_ref().and_then(scalar_text) {
            self.headers.push((name.to_string(), text));
        }
        self
    }

    /// Adds a cookie; `None` adds nothing.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Request {
        if let Some(text) = serde_json::to_value(value).ok().as_ref().and_then(scalar_text) {
            match self.headers.iter_mut().find(|(n, _)| n == "Cookie") {
                Some((_, cookies)) => cookies.push_str(&format!("; {name}={text}")),
                None => self.headers.push(("Cookie".to_string(), format!("{name}={text}"))),
            }
        }
        self
    }

    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Request {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Json(Bytes::from(bytes))),
            Err(error) => self.invalid = Some(format!("the body does not serialize: {error}")),
        }
        self
    }

    /// The body as a JSON value, or the reason it is not one (kept for [`Request::check`]).
    fn body_value<T: Serialize + ?Sized>(&mut self, body: &T) -> serde_json::Value {
        serde_json::to_value(body).unwrap_or_else(|error| {
            self.invalid = Some(format!("the body does not serialize: {error}"));
            serde_json::Value::Null
        })
    }

    /// An `application/x-www-form-urlencoded` body from the object's properties.
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Request {
        self.form_styled(body, &[])
    }

    /// A form body whose properties the spec's `encoding` gives a style (`tags=a,b`); the rest
    /// as [`form`](Self::form) writes them.
    pub fn form_styled<T: Serialize + ?Sized>(mut self, body: &T, styles: &[(&str, QueryStyle)]) -> Request {
        let value = self.body_value(body);
        let mut pairs = Vec::new();
        if let serde_json::Value::Object(map) = &value {
            for (name, item) in map {
                match styles.iter().find(|(styled, _)| styled == name) {
                    Some((_, style)) => push_styled(&mut pairs, name, item, *style),
                    None => push_query(&mut pairs, name, item),
                }
            }
        }
        let encoded: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{}={}", path_segment(k), path_segment(v))).collect();
        self.body = Some(Body::Bytes {
            content_type: "application/x-www-form-urlencoded".into(),
            data: Bytes::from(encoded.join("&")),
        });
        self
    }

    /// A `multipart/form-data` body with one part per property: files (see [`File`]) with
    /// their name and content type, strings, numbers and booleans as text, a list of those
    /// as one part per item under the property's name, objects (and lists of them) as JSON.
    pub fn multipart<T: Serialize + ?Sized>(mut self, body: &T) -> Request {
        let (json, files) = files::set_aside(body);
        // In the order the body writes its properties (the spec's), which some servers rely on.
        let properties = json.and_then(|json| {
            serde_json::from_slice::<Properties>(&json).map_err(|_| "a multipart body must be an object".to_string())
        });
        let mut parts = Vec::new();
        match properties {
            Ok(Properties(properties)) => {
                for (name, item) in properties {
                    push_parts(&mut parts, &name, item, &files);
                }
            }
            Err(error) => self.invalid = Some(format!("the body does not serialize: {error}")),
        }
        self.body = Some(Body::Multipart(parts));
        self
    }

    /// Lists of files the spec numbers (`files[0]`, `files[1]`…): the parts of each named list
    /// take their number, and more than the spec lists is an error rather than a part the
    /// server does not read.
    pub fn numbered_parts(mut self, lists: &[(&str, usize)]) -> Request {
        if let Some(Body::Multipart(parts)) = &mut self.body {
            for (list, most) in lists {
                let mut count = 0;
                for part in parts.iter_mut().filter(|part| part.name == *list) {
                    part.name = format!("{list}[{count}]");
                    count += 1;
                }
                if count > *most {
                    self.invalid = Some(format!("`{list}` holds {count} files; the API takes at most {most}"));
                }
            }
        }
        self
    }

    /// The headers the spec's `encoding` gives parts (property, header, value).
    pub fn part_headers(mut self, headers: &[(&str, &str, &str)]) -> Request {
        if let Some(Body::Multipart(parts)) = &mut self.body {
            for part in parts {
                let own = headers.iter().filter(|(property, _, _)| *property == part.name);
                part.headers.extend(own.map(|(_, name, value)| (name.to_string(), value.to_string())));
            }
        }
        self
    }

    /// The content types the spec's `encoding` gives parts (`metadata` as `application/json`),
    /// in place of the defaults; files keep their own.
    pub fn part_types(mut self, types: &[(&str, &str)]) -> Request {
        if let Some(Body::Multipart(parts)) = &mut self.body {
            for part in parts {
                let given = types.iter().find(|(name, _)| *name == part.name).map(|(_, ty)| ty.to_string());
                if let (PartContent::Text { content_type, .. }, Some(given)) = (&mut part.content, given) {
                    *content_type = Some(given);
                }
            }
        }
        self
    }

    /// A file as the body (`application/octet-stream`, `image/png`…), read as it is sent. The
    /// spec's media type is sent unless it is a range (`image/*`): then the file's own.
    /// A file as the whole body. Its content type is the file's own (given, or guessed from its
    /// name) when the operation offers the body in that type, or offers any (`*/*`); else the
    /// first the operation offers.
    pub fn file(mut self, offered: &[&str], file: &File) -> Request {
        let own = file.media_type();
        let accepted =
            offered.iter().any(|media_type| media_type.contains('*') || media_key(media_type) == media_key(&own));
        let content_type = match offered.first() {
            Some(first) if !accepted => first.to_string(),
            _ => own,
        };
        self.body = Some(Body::File { content_type, file: file.clone() });
        self
    }

    pub fn bytes(mut self, content_type: &str, data: impl Into<Bytes>) -> Request {
        self.body = Some(Body::Bytes { content_type: content_type.to_string(), data: data.into() });
        self
    }

    pub fn text(mut self, text: impl Into<String>) -> Request {
        self.body = Some(Body::Text(text.into()));
        self
    }

    /// A text body in another text media type than `text/plain` (`text/csv`).
    pub fn text_as(self, media_type: &str, text: impl Into<String>) -> Request {
        self.bytes(media_type, text.into())
    }
}

/// A JSON object's properties in the order they were written.
struct Properties(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Properties {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Properties, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Properties;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
                let mut properties = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    properties.push(entry);
                }
                Ok(Properties(properties))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// The parts of one property: a file, text, one part per item of a list of those, or JSON.
fn push_parts(parts: &mut Vec<Part>, name: &str, value: serde_json::Value, files: &[File]) {
    use serde_json::Value;
    let scalar = |value: &Value| !matches!(value, Value::Array(_) | Value::Object(_));
    match value {
        Value::Null => {}
        Value::String(text) => match files::marked(&text, files) {
            // A placeholder (`<any part name>`) names no part: each file's part is named after the file.
            Some(file) if name.starts_with('<') && name.ends_with('>') => parts.push(Part {
                name: file.name().unwrap_or("file").to_string(),
                content: PartContent::File(file.clone()),
                headers: Vec::new(),
            }),
            Some(file) => parts.push(Part {
                name: name.to_string(),
                content: PartContent::File(file.clone()),
                headers: Vec::new(),
            }),
            None => parts.push(Part::text(name, text)),
        },
        Value::Array(items) if items.iter().all(scalar) => {
            for item in items {
                push_parts(parts, name, item, files);
            }
        }
        Value::Array(_) | Value::Object(_) => parts.push(Part {
            name: name.to_string(),
            content: PartContent::Text { text: value.to_string(), content_type: Some("application/json".into()) },
            headers: Vec::new(),
        }),
        other => parts.push(Part::text(name, other.to_string())),
    }
}

/// A value as name-value pairs in an OpenAPI `style` (query parameters, form properties).
fn push_styled(pairs: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value, style: QueryStyle) {
    use serde_json::Value;
    let joined = |items: Vec<String>, separator: &str| items.join(separator);
    match (value, style) {
        (Value::Null, _) => {}
        (Value::Object(map), QueryStyle::Form) => {
            for (key, item) in map {
                push_query(pairs, key, item);
            }
        }
        (Value::Object(_), QueryStyle::DeepObject) | (_, QueryStyle::Form) => push_query(pairs, name, value),
        (Value::Array(items), _) => {
            let separator = match style {
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            let texts = items.iter().filter_map(scalar_text).collect();
            pairs.push((name.to_string(), joined(texts, separator)));
        }
        (Value::Object(map), _) => {
            let texts = map.iter().flat_map(|(k, v)| [Some(k.clone()), scalar_text(v)]).flatten().collect();
            pairs.push((name.to_string(), joined(texts, ",")));
        }
        (scalar, _) => pairs.extend(scalar_text(scalar).map(|text| (name.to_string(), text))),
    }
}

fn push_query(query: &mut Vec<(String, String)>, name: &str, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                push_query(query, name, item);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                push_query(query, &format!("{name}[{key}]"), item);
            }
        }
        scalar => query.extend(scalar_text(scalar).map(|text| (name.to_string(), text))),
    }
}

fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(match n.as_f64() {
            // `1.0` from an `f64` page number is sent as `1`.
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 && !n.is_i64() && !n.is_u64() => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

/// A request path from its template: each `{}` takes the next of `segments`,
/// percent-encoded, and `{{`/`}}` are literal braces, as in `format!`. Operations
/// call this rather than `format!`, which rustc checks several times slower.
pub fn path(template: &str, segments: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + segments.iter().map(|s| s.len()).sum::<usize>());
    let mut segments = segments.iter();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let brace = &rest[at..at + 1];
        let taken = match (brace, rest[at + 1..].chars().next()) {
            ("{", Some('}')) => {
                out.push_str(&path_segment(segments.next().copied().unwrap_or_default()));
                2
            }
            ("{", Some('{')) | ("}", Some('}')) => {
                out.push_str(brace);
                2
            }
            _ => {
                out.push_str(brace);
                1
            }
        };
        rest = &rest[at + taken..];
    }
    out.push_str(rest);
    out
}

/// Percent-encodes a path parameter so `/` or `?` in a value cannot change the path.
fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts_follow_the_body_and_a_placeholder_name_gives_way_to_the_file_name() {
        #[derive(Serialize)]
        struct Upload {
            metadata: serde_json::Value,
            #[serde(rename = "<any part name>")]
            modules: Vec<File>,
            note: &'static str,
        }
        let upload = Upload {
            metadata: serde_json::json!({"main_module": "a.mjs"}),
            modules: vec![File::from_bytes("a").file_name("a.mjs"), File::from_bytes("b").file_name("b.mjs")],
            note: "n",
        };
        let request =
            Request::new(Method::PUT, "/s".into()).multipart(&upload).part_types(&[("note", "text/markdown")]);
        let Some(Body::Multipart(parts)) = request.body else { panic!("a multipart body") };
        let summary: Vec<(&str, Option<&str>)> = parts
            .iter()
            .map(|part| match &part.content {
                PartContent::Text { content_type, .. } => (part.name.as_str(), content_type.as_deref()),
                PartContent::File(file) => (part.name.as_str(), file.name()),
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("metadata", Some("application/json")),
                ("a.mjs", Some("a.mjs")),
                ("b.mjs", Some("b.mjs")),
                ("note", Some("text/markdown"))
            ]
        );
    }

    #[test]
    fn query_encoding() {
        #[derive(Serialize)]
        struct Filter {
            a: u8,
        }
        let request = Request::new(Method::GET, "/x".into())
            .query("page", &Some(2.0))
            .query("absent", &None::<String>)
            .query("tags", &["a", "b"])
            .query("filter", &Filter { a: 1 })
            .query_styled("deep", &Filter { a: 2 }, QueryStyle::DeepObject)
            .query_styled("ids", &[1, 2], QueryStyle::FormUnexploded)
            .query_styled("piped", &["x", "y"], QueryStyle::PipeDelimited)
            .query("flag", &true);
        let pairs: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("page", "2"),
                ("tags", "a"),
                ("tags", "b"),
                ("a", "1"),
                ("deep[a]", "2"),
                ("ids", "1,2"),
                ("piped", "x|y"),
                ("flag", "true")
            ]
        );
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(path_segment("a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(path_segment("ed17574386854bf78a67040be0a770b0"), "ed17574386854bf78a67040be0a770b0");
    }

    #[test]
    fn paths_fill_their_templates() {
        assert_eq!(path("/zones/{}/dns_records/{}", &["z 1", "r/2"]), "/zones/z%201/dns_records/r%2F2");
        assert_eq!(path("/{{literal}}/{}é{", &["x"]), "/{literal}/xé{");
        assert_eq!(path("/a/{}/b", &[]), "/a//b");
    }
}
