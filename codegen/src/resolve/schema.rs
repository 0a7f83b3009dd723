//! The schema object as the resolver hands it on: typed fields, sub-schemas and
//! `$ref`s replaced by [`SchemaId`]s into one arena. Keywords the generator does not
//! model (`not`, `multipleOf`, …) are dropped here.

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use serde_json::Value;

use crate::diagnostics::Location;

/// Index into [`super::Spec::schemas`]. Every schema location is parsed once, so
/// a `$ref` cycle is just two ids pointing at each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl JsonType {
    pub fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "null" => JsonType::Null,
            _ => return None,
        })
    }

    /// The JSON type of a literal, as `enum`/`const` values need.
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => JsonType::Integer,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }
}

/// `additionalProperties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Additional {
    #[default]
    Unspecified,
    Forbidden,
    Any,
    Schema(SchemaId),
}

/// The validation keywords that bound a value without shaping its Rust type.
/// They are shown in docs and honoured by the sample values of operation tests,
/// which a validating server (a mock, or the API) checks against them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// `minimum`/`maximum`, exclusive as 3.0's boolean `exclusiveMinimum` or 3.1's number says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }

    /// `other`'s limits where `self` has none (`allOf` members all hold; the first one said is kept).
    pub fn fill_from(&mut self, other: &Limits) {
        fn fill<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        fill(&mut self.minimum, &other.minimum);
        fill(&mut self.maximum, &other.maximum);
        fill(&mut self.min_length, &other.min_length);
        fill(&mut self.max_length, &other.max_length);
        fill(&mut self.pattern, &other.pattern);
        fill(&mut self.min_items, &other.min_items);
        fill(&mut self.max_items, &other.max_items);
    }
}

#[derive(Debug, Clone)]
pub struct Discriminator {
    pub property: String,
    /// Tag value → the schema it selects, from `mapping`.
    pub mapping: IndexMap<String, SchemaId>,
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub location: Location,
    /// The key under `components/schemas` or `$defs` when this schema is defined there.
    pub name: Option<String>,
    pub reference: Option<SchemaId>,
    /// `type`, without `"null"` (that sets [`Schema::nullable`]). `None` when absent.
    pub types: Option<Vec<JsonType>>,
    pub nullable: bool,
    pub format: Option<String>,
    pub limits: Limits,
    /// `enum`, or `const` as a one-value enum.
    pub enum_values: Option<Vec<Value>>,
    pub properties: IndexMap<String, SchemaId, FxBuildHasher>,
    pub required: Vec<String>,
    pub additional: Additional,
    pub items: Option<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `example` followed by the entries of `examples`, with the pointer of each.
    pub examples: Vec<(Location, Value)>,
    /// `default`: the value the server assumes when none is sent.
    pub default: Option<Value>,
    /// Vendor extensions (`x-…`) in spec order.
    pub extensions: IndexMap<String, Value>,
}

impl Schema {
    /// A schema with no shape of its own: only `required`, docs, or nothing.
    pub fn is_constraint_only(&self) -> bool {
        self.reference.is_none()
            && self.types.is_none()
            && self.enum_values.is_none()
            && self.properties.is_empty()
            && self.items.is_none()
            && self.additional == Additional::Unspecified
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
    }

    /// `{nullable: true}` and nothing else. As a union's variant it is OpenAPI 3.0's way (in
    /// specs OpenApiSpex and pydantic write) to say "or null", which 3.1 writes `{type: 'null'}`;
    /// the generator and the example checks both read it so.
    pub fn is_null_idiom(&self) -> bool {
        self.nullable && self.required.is_empty() && self.is_constraint_only()
    }

    pub fn empty(location: Location) -> Schema {
        Schema {
            location,
            name: None,
            reference: None,
            types: None,
            nullable: false,
            format: None,
            limits: Limits::default(),
            enum_values: None,
            properties: IndexMap::default(),
            required: Vec::new(),
            additional: Additional::Unspecified,
            items: None,
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
            discriminator: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            title: None,
            description: None,
            examples: Vec::new(),
            default: None,
            extensions: IndexMap::new(),
        }
    }

    /// Every sub-schema this one points at, for graph walks.
    pub fn children(&self) -> impl Iterator<Item = SchemaId> + '_ {
        let additional = match self.additional {
            Additional::Schema(id) => Some(id),
            _ => None,
        };
        self.reference
            .into_iter()
            .chain(self.properties.values().copied())
            .chain(self.items)
            .chain(additional)
            .chain(self.all_of.iter().copied())
            .chain(self.any_of.iter().copied())
            .chain(self.one_of.iter().copied())
    }
}
