//! The intermediate model: what lowering produces and naming and emission consume.
//! Types refer to each other by [`TypeId`], never by Rust path; Rust names are
//! chosen later, in one place (`name`).

use serde_json::Value;

use crate::diagnostics::Location;
pub use crate::resolve::Limits;
pub use crate::resolve::{Method, ParamIn, SecurityScheme, SecuritySchemeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// An operation's index in [`Model::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(pub u32);

#[derive(Debug, Default)]
pub struct Model {
    pub api: ApiInfo,
    /// Indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Spec examples and the type each must round-trip through.
    pub examples: Vec<Example>,
    /// Per type id: what needs it, or `None` when it is always needed (see `lower/features.rs`).
    pub type_resources: Vec<Option<Reach>>,
    /// The events the API posts to its users' servers, when the spec declares any.
    pub webhooks: Option<Webhooks>,
}

/// Webhook events: a resource's `unwrap` method verifies one and parses it into `event`
/// (`unsafe_unwrap` parses only).
#[derive(Debug, Clone)]
pub struct Webhooks {
    /// The resource holding the methods (`["webhooks"]`).
    pub resource: Vec<String>,
    /// The verifying method's name, the config's or `unwrap`.
    pub method: String,
    /// The union of the events (or the one event).
    pub event: TypeRef,
    /// Each event's key in the spec's `webhooks` and its summary, for the docs.
    pub events: Vec<(String, Option<String>)>,
    pub location: Location,
}

/// What needs a type that is not always needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// The top-level resources whose operations use it.
    pub resources: std::collections::BTreeSet<String>,
    /// Whether a schema no operation uses contains it (or is it).
    pub unreferenced: bool,
}

impl Model {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    pub fn operation(&self, id: OperationId) -> &Operation {
        &self.operations[id.0 as usize]
    }
}

#[derive(Debug, Default)]
pub struct ApiInfo {
    /// The root spec file, for the generated header.
    pub source: String,
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The spec's first server, variables and all.
    pub server: Option<crate::resolve::Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The requirement of requests the spec does not describe (`client.get(path)`):
    /// the top-level `security`, else each scheme on its own.
    pub default_security: Vec<Vec<String>>,
    /// Version pins (nearly) every operation carries, sent by the client ([`ClientHeader`]).
    pub client_headers: Vec<ClientHeader>,
}

/// A header (nearly) every operation carries that pins the API's version: the client sends it
/// with every request, the value the spec gives unless the user sets another; no operation
/// takes it as an argument.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    pub name: String,
    /// The spec's default, else the version its enum pins.
    pub value: String,
    /// The values the spec's enum allows.
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// A reference to a Rust type, structural except for named types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Named(TypeId),
    Scalar(Scalar),
    List(Box<TypeRef>),
    /// A JSON object used as a map from string keys.
    Map(Box<TypeRef>),
    /// `null` or the inner type; used where a nullable value is not a struct field.
    Nullable(Box<TypeRef>),
    /// Any JSON value (`{}`, or a documented fallback).
    Any,
    /// A Rust type the config names for a schema or a format (`uuid::Uuid`).
    External(String),
    /// Only `null` is allowed.
    Null,
}

impl TypeRef {
    /// The named type this reference holds, inside any lists, maps and `Option`s.
    pub fn named_type(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named_type(),
            TypeRef::Scalar(_) | TypeRef::Any | TypeRef::Null | TypeRef::External(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// The runtime's RFC 3339 `DateTime` (`format: date-time`), which keeps its text.
    DateTime,
    /// The runtime's RFC 3339 full-date `Date` (`format: date`).
    Date,
    /// The runtime's `File`: bytes to upload (`format: binary` in a multipart body).
    File,
}

/// How a type may be named: from the spec's own key, or suggested by context.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameHint {
    /// The operation the type was met in: its resource and method words come
    /// before `parts` (`user tokens delete` + `response`). Method names are
    /// chosen by `name`, so lowering cannot spell them out.
    pub operation: Option<OperationId>,
    /// Words from the outermost context inward, e.g. `["token", "condition", "request.ip"]`.
    pub parts: Vec<String>,
    /// True when `parts` is a component key the user will look for.
    pub from_component: bool,
}

impl NameHint {
    /// Whether the hint starts from component `key` (its own type, or a
    /// part of it: `["token", "request"]` is its request twin).
    pub fn from_component_key(&self, key: &str) -> bool {
        self.from_component && self.operation.is_none() && self.parts.first().is_some_and(|first| first == key)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub examples: Vec<Value>,
    pub deprecated: bool,
    /// The wire `format` (`uuid`, `date-time`), which the Rust type may not carry.
    pub format: Option<String>,
    /// The allowed values of an enum that is not a string enum (those become Rust enums).
    pub allowed: Vec<Value>,
    /// `minimum`, `maxLength`, `pattern` and the like, as the spec says them.
    pub limits: Limits,
    /// A list's items' format and limits, where they have any.
    pub items: Option<Box<Docs>>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Every context this type was reached from, first one first; naming picks among them.
    pub hints: Vec<NameHint>,
    pub docs: Docs,
    pub location: Location,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Union(Union),
    /// A named schema that turned out to be another type (e.g. a union of one
    /// distinct variant); kept because other types may already point at it.
    Alias(TypeRef),
    /// An operation's query, header and cookie parameters, set with builder-style setters.
    Params(Params),
    /// The success responses of an operation that documents several different ones
    /// (by status or media type), in the order the enum matches them.
    Responses(Vec<ResponseCase>),
}

impl TypeKind {
    /// The type references this type holds: fields (and the map of other
    /// properties), variants, an alias's target, the cases of several responses.
    pub fn held(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(&s.additional).collect(),
            TypeKind::Params(p) => p.fields.iter().map(|f| &f.field.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Responses(cases) => cases.iter().flat_map(|c| c.shape.types()).collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// One documented success response of a [`TypeKind::Responses`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCase {
    /// `200`, `2XX`, …
    pub status: String,
    /// `None` for a response without content.
    pub media_type: Option<String>,
    /// Never `Responses` itself, never paged.
    pub shape: ResponseShape,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub fields: Vec<ParamField>,
}

/// One field of a [`Params`] struct: the parameter, where it goes and how it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamField {
    pub field: Field,
    pub place: ParamIn,
    /// How a query parameter is serialized.
    pub style: QueryStyle,
}

/// OpenAPI `style` + `explode` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    FormUnexploded,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl QueryStyle {
    /// From the spec's `style` and `explode` (which defaults to true only for `form`).
    pub fn of(style: Option<&str>, explode: Option<bool>) -> QueryStyle {
        match (style.unwrap_or("form"), explode) {
            ("form", Some(false)) => QueryStyle::FormUnexploded,
            ("spaceDelimited", _) => QueryStyle::SpaceDelimited,
            ("pipeDelimited", _) => QueryStyle::PipeDelimited,
            ("deepObject", _) => QueryStyle::DeepObject,
            _ => QueryStyle::Form,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Type of properties not listed in `fields` (from `additionalProperties`).
    pub additional: Option<TypeRef>,
    /// Sets of fields one of which must all be present (`anyOf: [{required: [a]}, {required: [b]}]`).
    pub required_one_of: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON property name.
    pub name: String,
    /// The value type without nullability: see `nullable`.
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set by the cycle analysis: the field closes a reference cycle and needs a `Box`.
    pub boxed: bool,
    pub docs: Docs,
}

/// A string enum. Generated enums are open: values not listed here deserialize
/// into an extra catch-all variant instead of failing.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
    /// `Some(property)` for an internally tagged union: each variant carries a tag value.
    pub tag: Option<String>,
    /// Properties the union's own schema requires of every variant (Cloudflare's DNS
    /// record requires `id` of each record type), which the variants' types may not.
    pub required: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Suggested variant name (a title, a component key or a type word).
    pub hint: String,
    pub ty: TypeRef,
    /// The discriminator value selecting this variant, for tagged unions.
    pub tag_value: Option<String>,
    /// Set by the cycle analysis, as for [`Field::boxed`].
    pub boxed: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub location: Location,
    /// The spec's `operationId`, if it gives one.
    pub operation_id: Option<String>,
    pub method: Method,
    pub path: String,
    pub tags: Vec<String>,
    pub docs: Docs,
    /// `x-cfPlanAvailability`, `x-cfPermissionsRequired` and other `x-` extensions.
    pub extensions: Vec<(String, Value)>,
    /// The resource the method hangs off, as path words: `["user", "tokens"]` for
    /// `client.user().tokens()`; empty for methods on the client itself.
    pub resource: Vec<String>,
    /// What the method does, from the verb and the path; `name` makes it a
    /// unique method name (`list`, `update`, `verify`).
    pub action: Action,
    /// The config's resource map gave `resource` and `action`: `name` keeps
    /// them as written, and other methods make way.
    pub mapped: bool,
    /// Path parameters, in path order.
    pub params: Vec<Param>,
    /// A value per parameter (path, query, header, cookie) whose schema has an
    /// `example`, by name: what generated operation tests send.
    pub param_examples: std::collections::BTreeMap<String, Value>,
    /// The struct holding query, header and cookie parameters, when there are any.
    pub params_type: Option<TypeId>,
    /// The body the method sends: of the media types the spec offers, the richest
    /// ([`Media::richness`]).
    pub body: Option<RequestBody>,
    /// The body in each other kind of media the spec offers it in, each sent by a method of
    /// its own (`create_json` beside a multipart `create`), richest first.
    pub other_bodies: Vec<RequestBody>,
    pub response: ResponseShape,
    /// The 3xx statuses of an operation that documents no 2xx: its results.
    /// The call succeeds on them, as a redirect the HTTP client did not follow
    /// (no `Location`) still answers it.
    pub redirects: Vec<u16>,
    /// Error responses with a schema of their own (not an envelope), decoded into the error.
    pub errors: Vec<ErrorResponse>,
    /// Alternatives, each a set of security scheme names.
    pub security: Vec<Vec<String>>,
    /// The `Accept` header the call sends: the success media types it decodes, JSON first and the
    /// others with `q=0.5`; `None` when the operation offers one media type without parameters.
    pub accept: Option<String>,
    /// The server the spec calls this operation on when it is not the document's
    /// (an upload host): used unless the user set the client's base URL.
    pub server: Option<crate::resolve::Server>,
    /// How the list this operation answers continues on later pages: the method returns a `Page`.
    pub paging: Option<Paging>,
    /// The operation answers a stream of values (server-sent events, JSON Lines), read as it arrives.
    pub stream: Option<Streaming>,
}

/// An answer that is a stream of values: the method returns an `EventCall`.
#[derive(Debug, Clone, PartialEq)]
pub struct Streaming {
    pub media_type: String,
    pub framing: Framing,
    /// The type of one event's data.
    pub item: TypeRef,
    /// The JSON body's boolean property that asks for the stream (`stream`): the stream's
    /// method sets it, the other method clears it.
    pub flag: Option<String>,
    /// The operation also answers one value (JSON): that is the method, and the stream is a
    /// second one beside it (`create` and `create_stream`), as the official SDKs of such APIs have.
    pub beside_value: bool,
}

/// How a stream's body divides into values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    ServerSentEvents,
    JsonLines,
}

impl Framing {
    /// The framing of a stream media type; `None` for one value (JSON's `stream=watch` included,
    /// which stays a media type of its own).
    pub fn of(media_type: &str) -> Option<Framing> {
        let key = media_key(media_type);
        match key.split(';').next().unwrap_or_default() {
            "text/event-stream" => Some(Framing::ServerSentEvents),
            "application/x-ndjson" | "application/ndjson" | "application/jsonl" | "application/x-jsonlines" => {
                Some(Framing::JsonLines)
            }
            _ => None,
        }
    }
}

/// An operation's pagination scheme, as the runtime's `Paging` describes it (owned here):
/// where the items are, how the next request is made, and the item type.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub items: PageItems,
    pub next: NextPage,
    /// Query parameters later pages keep; empty keeps them all.
    pub keep_only: Vec<String>,
    /// The type of one item: the method returns `Page<item>`.
    pub item: TypeRef,
    /// What said the operation pages (an extension, the envelope, or an inference rule).
    pub source: String,
}

/// A JSON path from the body root, as property names.
pub type JsonPath = Vec<String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageItems {
    /// A `{success, errors, result, result_info}` envelope's `result`.
    Envelope,
    /// The array at this path; empty for the body itself.
    At(JsonPath),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageInput {
    Query(String),
    Body(JsonPath),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageField {
    Body(JsonPath),
    Header(String),
}

/// What says a page-number or offset walk is over (besides an empty page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageStop {
    pub total_items: Option<JsonPath>,
    pub total_pages: Option<JsonPath>,
    pub has_more: Option<JsonPath>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// The envelope's `result_info`: its cursor, else page numbers.
    ResultInfo,
    Cursor {
        field: PageField,
        input: PageInput,
    },
    LastId {
        input: PageInput,
        has_more: Option<JsonPath>,
    },
    Url {
        field: JsonPath,
    },
    Link,
    PageNumber {
        input: PageInput,
        start: u64,
        stop: PageStop,
    },
    Offset {
        input: PageInput,
        stop: PageStop,
    },
}

impl NextPage {
    /// The scheme's name in api.json and reports.
    pub fn kind(&self) -> &'static str {
        match self {
            NextPage::ResultInfo => "envelope",
            NextPage::Cursor { field: PageField::Header(_), .. } => "header_cursor",
            NextPage::Cursor { input: PageInput::Body(_), .. } => "body_cursor",
            NextPage::Cursor { .. } => "next_cursor",
            NextPage::LastId { .. } => "cursor_id",
            NextPage::Url { .. } => "next_url",
            NextPage::Link => "link",
            NextPage::PageNumber { .. } => "page_number",
            NextPage::Offset { .. } => "offset",
        }
    }
}

/// What an operation's method does, before it has a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// What the HTTP method means on the path: on an item (the path ends with a
    /// parameter) `GET` gets, on a collection it lists, unless it `answer`s one object.
    Verb { on_item: bool, answer: Answer },
    /// A CRUD word the path or the operation's RPC method says outright
    /// (`/get-agent/{id}`, `GetAccount`): `get`, `list`, `create`, `update` or `delete`.
    Crud(&'static str),
    /// A word of the path (`tokens/verify`) or of the config's resource map.
    Word(String),
}

/// What an operation's success response holds, as far as naming can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    One,
    /// A list or a page of items.
    Many,
    /// A file or other non-JSON body.
    File,
    Nothing,
    /// A union or a scalar: nothing to say.
    Unknown,
}

impl Operation {
    /// The path parameter of this name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The methods beside the operation's own: its stream when it also answers a value, and
    /// one per other media kind of its body.
    pub fn second_methods(&self) -> Vec<SecondMethod> {
        let stream = self.stream.as_ref().filter(|s| s.beside_value).map(|_| SecondMethod::Stream);
        stream.into_iter().chain(self.other_bodies.iter().map(|b| SecondMethod::Body(b.media))).collect()
    }

    /// The body a method sends: the operation's own, or a second method's.
    pub fn body_of(&self, method: Option<SecondMethod>) -> Option<&RequestBody> {
        match method {
            Some(SecondMethod::Body(media)) => self.other_bodies.iter().find(|b| b.media == media),
            _ => self.body.as_ref(),
        }
    }
}

/// A second method of an operation, beside the one named for it: what it does differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondMethod {
    /// Answers the operation's stream of events (`create_stream`).
    Stream,
    /// Sends the body in this media (`create_json` beside a multipart `create`).
    Body(Media),
}

impl SecondMethod {
    /// The word its name ends in, and api.md's label for it.
    pub fn word(self) -> &'static str {
        match self {
            SecondMethod::Stream => "stream",
            SecondMethod::Body(media) => media.word(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub place: ParamIn,
    pub required: bool,
    pub ty: TypeRef,
    pub docs: Docs,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub media_type: String,
    pub media: Media,
    /// The body's type for JSON, form and multipart bodies; `String` for text, `Any` for binary.
    pub ty: TypeRef,
    pub required: bool,
    /// The schema is a bare `{type: object}`: there is nothing to set, so `{}` is sent
    /// and the method takes no body argument.
    pub empty_object: bool,
    /// The spec's example of this body (its media type's), for the operation tests.
    pub example: Option<Value>,
    /// The other media types of the same kind the spec offers the body in (`text/x-markdown`
    /// beside `text/plain`): the method sends them when the caller sets `Content-Type`, and a
    /// binary body by its file's own type when that is one of them.
    pub same_kind: Vec<String>,
    /// A multipart body's `encoding`: the content type of a property's part.
    pub part_types: Vec<(String, String)>,
    /// A multipart body's `encoding`: a property's part headers.
    pub part_headers: Vec<PartHeader>,
    /// A form body's `encoding`: how a property is written, where the spec says.
    pub form_styles: Vec<(String, QueryStyle)>,
    /// A multipart body's numbered files (`files[0]`…): the list field's name and how many parts
    /// the spec lists.
    pub numbered_parts: Vec<(String, usize)>,
}

/// A header the spec's `encoding` gives a multipart body's part, with the value it fixes.
#[derive(Debug, Clone)]
pub struct PartHeader {
    /// The property whose part carries it.
    pub part: String,
    pub name: String,
    pub value: String,
}

/// A documented error response: its status pattern (`404`, `4XX`, `default`) and body type.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    pub status: String,
    pub ty: TypeRef,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseShape {
    /// No body (204, or no schema).
    Empty,
    /// The body as it is: `ty` for JSON, `String` for text, bytes for anything else.
    Plain { status: String, media: Media, ty: TypeRef },
    /// A `{success, errors, messages, result}` envelope; the caller gets `result`.
    Envelope { status: String, result: TypeRef, result_nullable: bool, result_info: Option<TypeRef> },
    /// Several different responses: a [`TypeKind::Responses`] enum.
    Alternatives(TypeId),
}

impl ResponseShape {
    /// The type references a response decodes into (an enum of several is its own type).
    pub fn types(&self) -> Vec<&TypeRef> {
        match self {
            ResponseShape::Empty | ResponseShape::Alternatives(_) => Vec::new(),
            ResponseShape::Plain { ty, .. } => vec![ty],
            ResponseShape::Envelope { result, result_info, .. } => std::iter::once(result).chain(result_info).collect(),
        }
    }
}

/// A media type as a response is matched on (`application/json;stream=watch`): the runtime's
/// own function, so generated match arms and `RawResponse::media_key` agree.
#[path = "../../generated-client/src/runtime/media.rs"]
mod runtime_media;
pub(crate) use runtime_media::media_key;

/// Whether a media type is a stream of values (server-sent events, newline-delimited JSON) rather
/// than one value: never the same response as the value in JSON, even with the same schema.
pub fn is_stream(media_type: &str) -> bool {
    let key = media_key(media_type);
    Framing::of(&key).is_some() || key.split(';').next() == Some("application/json-seq") || key.contains(";stream=")
}

/// The media a body is sent or received as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Json,
    Text,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property.
    Multipart,
    Binary,
}

impl Media {
    /// How much a body in this media can carry, most first: multipart with files (fields and
    /// files), JSON (any structure, typed), multipart without files, form (flat text), a file,
    /// text. An operation's method sends the richest its spec offers; the others get methods
    /// of their own. `has_file`: the multipart body reaches a file.
    pub fn richness(self, has_file: bool) -> u8 {
        match (self, has_file) {
            (Media::Multipart, true) => 0,
            (Media::Json, _) => 1,
            (Media::Multipart, false) => 2,
            (Media::Form, _) => 3,
            (Media::Binary, _) => 4,
            (Media::Text, _) => 5,
        }
    }

    /// The word a second method's name ends in (`create_json`), and api.md's label.
    pub fn word(self) -> &'static str {
        match self {
            Media::Json => "json",
            Media::Text => "text",
            Media::Form => "form",
            Media::Multipart => "multipart",
            Media::Binary => "binary",
        }
    }

    pub fn of(media_type: &str) -> Media {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
            Media::Json
        } else if essence.starts_with("text/") {
            Media::Text
        } else if essence == "application/x-www-form-urlencoded" {
            Media::Form
        } else if essence == "multipart/form-data" {
            Media::Multipart
        } else {
            Media::Binary
        }
    }
}

/// An `example` from the spec and the type it must deserialize into and serialize back from.
#[derive(Debug, Clone)]
pub struct Example {
    pub location: Location,
    /// How the generated test names the example: its location, except that an
    /// inline parameter is named (`parameters/per_page`), not numbered, so the
    /// order a spec lists parameters in does not reach the output.
    pub label: String,
    pub ty: TypeRef,
    pub value: Value,
    /// Every schema the value had to satisfy where the example sits (the
    /// example's own schema and its `allOf` siblings), for tools that check
    /// examples against their schema.
    pub schemas: Vec<crate::resolve::SchemaId>,
}
