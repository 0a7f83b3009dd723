//! `Serialize`, `Deserialize` and `Debug` for generated structs (and serde for
//! string enums), through one shared path.
//!
//! A serde derive expands every struct into a field enum, two visitors and a
//! sequence decoder, which made serde code most of what rustc checks in a
//! generated crate. Here a struct only lists its fields: [`ReadFields`] says
//! where each JSON key goes and [`WriteFields`] which fields to write, while the
//! visitor, key handling and errors live once in this module. Field values
//! cross that boundary type-erased (`erased_serde`), so decoding still streams
//! and error messages still carry the serde_json position and path.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Nullable;
use super::lenient;

pub use crate::__model_fields as fields;
pub use crate::__model_params as params;
pub use crate::__model_string_enum as string_enum;
pub use crate::__model_union as union;
#[doc(hidden)]
pub use {serde, serde_json};

/// One field's value, ready to be decoded into the field's type.
pub type FieldValue<'a, 'de> = &'a mut dyn erased_serde::Deserializer<'de>;

/// The error of a field that failed to decode or is missing.
pub type FieldError = erased_serde::Error;

/// A generated struct read from a JSON object, one key at a time.
pub trait ReadFields<'de>: Sized {
    /// The type's name, for "expected struct X" messages.
    const NAME: &'static str;
    /// What has been read so far: one [`Slot`] per field.
    type Slots;
    /// Nothing read yet.
    fn slots() -> Self::Slots;
    /// Decodes `value` into the slot for `key`; `false` when no field has that key.
    fn read(slots: &mut Self::Slots, key: &str, value: FieldValue<'_, 'de>) -> Result<bool, FieldError>;
    /// The struct, once every key has been read; fails on a missing required field.
    fn finish(slots: Self::Slots) -> Result<Self, FieldError>;
}

/// Decodes `T` from a JSON object (the body of its `Deserialize` impl).
pub fn deserialize<'de, D: Deserializer<'de>, T: ReadFields<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

/// Where a field's value waits until the object has been read: a required
/// field's [`Required`], otherwise the field's own type (`Option`, `Nullable`),
/// which is then moved into the struct as it is.
pub trait Slot<'de> {
    /// Stores the value of the slot's key; `true`, as the key was a field's.
    /// Later duplicates of a key win, as in `serde_json::Value`.
    fn fill(&mut self, value: FieldValue<'_, 'de>) -> Result<bool, FieldError>;
}

/// A required field's slot: `None` until its key is read.
pub struct Required<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Slot<'de> for Required<T> {
    fn fill(&mut self, value: FieldValue<'_, 'de>) -> Result<bool, FieldError> {
        self.0 = Some(erased_serde::deserialize(value).or_else(|e| recover(e, || lenient::empty()))?);
        Ok(true)
    }
}

/// Optional fields, and required nullable ones (missing reads as `None`, as with serde's derive).
impl<'de, T: Deserialize<'de>> Slot<'de> for Option<T> {
    fn fill(&mut self, value: FieldValue<'_, 'de>) -> Result<bool, FieldError> {
        *self = erased_serde::deserialize(value).or_else(|e| recover(e, || Some(None)))?;
        Ok(true)
    }
}

impl<'de, T: Deserialize<'de>> Slot<'de> for Nullable<T> {
    fn fill(&mut self, value: FieldValue<'_, 'de>) -> Result<bool, FieldError> {
        *self = erased_serde::deserialize(value).or_else(|e| recover(e, || Some(Nullable::Absent)))?;
        Ok(true)
    }
}

/// A field's value that failed to decode: during a lenient read, `absent` (the deviation
/// recorded), else the error. Only reached on a failure, so conforming input never asks.
#[cold]
fn recover<T>(error: FieldError, absent: impl FnOnce() -> Option<T>) -> Result<T, FieldError> {
    if !lenient::recovering() {
        return Err(error);
    }
    let Some(absent) = absent() else { return Err(error) };
    lenient::recover(error)?;
    Ok(absent)
}

/// A required field the object did not have: its type's empty value during a lenient read (the
/// deviation recorded), else the error.
#[cold]
pub fn missing<'de, T: Deserialize<'de>>(key: &'static str, type_name: &'static str) -> Result<T, FieldError> {
    lenient::missing(key, type_name).ok_or_else(|| FieldError::missing_field(key))
}

/// The map of other keys once the object is read: during a lenient read, with the raw values of
/// the fields that were dropped, so that they are written back as they came.
pub fn with_dropped<T: serde::de::DeserializeOwned>(mut map: BTreeMap<String, T>) -> BTreeMap<String, T> {
    if lenient::recovering() {
        for (key, raw) in lenient::dropped_here() {
            if let Ok(value) = serde_json::from_value(raw) {
                map.insert(key, value);
            }
        }
    }
    map
}

/// Keeps a key no field has in a map of additional properties.
pub fn take_extra<'de, T: Deserialize<'de>>(
    map: &mut BTreeMap<String, T>,
    key: &str,
    value: FieldValue<'_, 'de>,
) -> Result<bool, FieldError> {
    if let Some(value) = erased_serde::deserialize(value).map(Some).or_else(|e| recover(e, || Some(None)))? {
        map.insert(key.to_owned(), value);
    }
    Ok(true)
}

/// A key, borrowed from the input when it has no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(value)))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: ReadFields<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::slots();
        while let Some(Text(key)) = map.next_key()? {
            map.next_value_seed(FieldSeed::<T> { slots: &mut slots, key: &key })?;
        }
        // Inside the visitor, so the deserializer can add where the object ended.
        T::finish(slots).map_err(A::Error::custom)
    }
}

/// Hands one value to [`ReadFields::read`], skipping it when no field wants it.
struct FieldSeed<'s, 'k, 'de, T: ReadFields<'de>> {
    slots: &'s mut T::Slots,
    key: &'k str,
}

impl<'de, T: ReadFields<'de>> DeserializeSeed<'de> for FieldSeed<'_, '_, 'de, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        match T::read(self.slots, self.key, &mut erased) {
            Ok(true) => Ok(()),
            Ok(false) => erased_serde::deserialize::<IgnoredAny>(&mut erased).map(drop).map_err(D::Error::custom),
            Err(error) => Err(D::Error::custom(error)),
        }
    }
}

/// A generated struct written as a JSON object.
pub trait WriteFields {
    /// Adds each field to be written, in order.
    fn write<'a>(&'a self, out: &mut FieldWriter<'a>);
}

/// A boxed variant of a tagged union writes the fields of what it holds.
impl<T: WriteFields + ?Sized> WriteFields for Box<T> {
    fn write<'a>(&'a self, out: &mut FieldWriter<'a>) {
        T::write(self, out);
    }
}

/// Encodes `value` as a JSON object (the body of its `Serialize` impl).
pub fn serialize<S: Serializer, T: WriteFields>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    FieldWriter::of(value, Vec::new()).serialize(serializer)
}

/// Encodes a tagged union's variant: its tag, then the fields of its struct.
pub fn serialize_tagged<S: Serializer, T: WriteFields>(
    serializer: S,
    tag: &'static str,
    name: &'static str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    FieldWriter::of(value, vec![(tag, &name as &dyn erased_serde::Serialize)]).serialize(serializer)
}

/// `Name { key: value, .. }` with the set fields' JSON keys and values, as the
/// server would see them; a derived `Debug` costs rustc as much again per struct.
pub fn debug<T: WriteFields>(value: &T, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut fields = f.debug_struct(name);
    for (key, value) in FieldWriter::of(value, Vec::new()).0 {
        fields.field(key, &AsJson(value));
    }
    fields.finish()
}

/// A value's JSON as its `Debug` (`{:#?}` pretty-prints it).
struct AsJson<'a>(&'a dyn erased_serde::Serialize);

impl fmt::Debug for AsJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = if f.alternate() { serde_json::to_string_pretty(self.0) } else { serde_json::to_string(self.0) };
        f.write_str(&json.map_err(|_| fmt::Error)?)
    }
}

/// The fields of one object, collected before writing.
pub struct FieldWriter<'a>(Vec<(&'a str, &'a dyn erased_serde::Serialize)>);

impl<'a> FieldWriter<'a> {
    /// The fields `value` writes, after the ones already in `first`.
    fn of<T: WriteFields>(value: &'a T, first: Vec<(&'a str, &'a dyn erased_serde::Serialize)>) -> Self {
        let mut out = FieldWriter(first);
        value.write(&mut out);
        out
    }

    fn serialize<S: Serializer>(self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }

    /// A required field.
    pub fn required<T: Serialize>(&mut self, key: &'a str, value: &'a T) {
        self.0.push((key, value));
    }

    /// A field that takes its type's default when missing (the runtime's own types).
    pub fn defaulted<T: Serialize>(&mut self, key: &'a str, value: &'a T) {
        self.0.push((key, value));
    }

    /// A required but nullable field, `None` written as `null`.
    pub fn required_nullable<T: Serialize>(&mut self, key: &'a str, value: &'a Option<T>) {
        self.0.push((key, value));
    }

    /// An optional field, left out when `None`.
    pub fn optional<T: Serialize>(&mut self, key: &'a str, value: &'a Option<T>) {
        if let Some(value) = value {
            self.0.push((key, value));
        }
    }

    /// An optional, nullable field, left out when absent.
    pub fn optional_nullable<T: Serialize>(&mut self, key: &'a str, value: &'a Nullable<T>) {
        if !value.is_absent() {
            self.0.push((key, value));
        }
    }

    /// Additional properties, after the declared fields. One with a declared field's key is the
    /// raw value of a field lenient decoding dropped, and is written in its place.
    pub fn extra<T: Serialize>(&mut self, map: &'a BTreeMap<String, T>) {
        for (key, value) in map {
            let value = value as &dyn erased_serde::Serialize;
            match self.0.iter_mut().find(|(field, _)| *field == key) {
                Some(field) => field.1 = value,
                None => self.0.push((key.as_str(), value)),
            }
        }
    }
}

/// Decodes a string enum's value; the generated `Deserialize` maps it to a variant.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    Text::deserialize(deserializer).map(|text| text.0)
}

/// The serde impls of a generated struct, from its field table:
///
/// ```text
/// fields! {
///     Cat {
///         kind: String = "kind" required,
///         lives: Option<i64> = "lives" optional,
///     }
///     undeclared additional_properties
/// }
/// ```
///
/// Each field gives its Rust name, type, JSON key and kind (`required`,
/// `required_nullable`, `optional`, `optional_nullable`; the runtime's own types
/// also use `defaulted`: missing means `Default::default()`). The last line names
/// the map for keys no field has: `undeclared name` (only with the `extra-fields`
/// feature) or `additional name: T` (properties the spec declares); the
/// runtime's own types say `unknown keys skipped`.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_fields {
    ($name:ident { $( $field:ident : $ty:ty = $key:literal $kind:ident ),* $(,)? } undeclared $rest:ident) => {
        $crate::__model_fields!(@impl $name { $( $field : $ty = $key $kind ),* } $rest : $crate::runtime::model::serde_json::Value, feature = "extra-fields");
    };
    ($name:ident { $( $field:ident : $ty:ty = $key:literal $kind:ident ),* $(,)? } unknown keys skipped) => {
        $crate::__model_fields!(@impl $name { $( $field : $ty = $key $kind ),* } skipped : (), any());
    };
    ($name:ident { $( $field:ident : $ty:ty = $key:literal $kind:ident ),* $(,)? } additional $rest:ident : $rest_ty:ty) => {
        $crate::__model_fields!(@impl $name { $( $field : $ty = $key $kind ),* } $rest : $rest_ty, all());
    };
    // A field's slot and its value once the object has been read, by its kind;
    // a plain move or match, as rustc checks this for every field of every model.
    (@slot required $ty:ty) => { $crate::runtime::model::Required<$ty> };
    (@slot defaulted $ty:ty) => { $crate::runtime::model::Required<$ty> };
    (@slot $kind:ident $ty:ty) => { $ty };
    (@empty required) => { $crate::runtime::model::Required(::core::option::Option::None) };
    (@empty defaulted) => { $crate::runtime::model::Required(::core::option::Option::None) };
    (@empty optional_nullable) => { $crate::runtime::Nullable::Absent };
    (@empty $kind:ident) => { ::core::option::Option::None };
    (@finish required $slot:expr, $key:literal, $ty:ty) => {
        match $slot.0 {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => $crate::runtime::model::missing($key, ::core::stringify!($ty))?,
        }
    };
    (@finish defaulted $slot:expr, $key:literal, $ty:ty) => { $slot.0.unwrap_or_default() };
    (@finish $kind:ident $slot:expr, $key:literal, $ty:ty) => { $slot };
    // `$keep`: when the map of other keys exists.
    (@impl $name:ident { $( $field:ident : $ty:ty = $key:literal $kind:ident ),* } $rest:ident : $rest_ty:ty, $keep:meta) => {
        const _: () = {
            use $crate::runtime::model::{self, serde};

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    model::serialize(self, serializer)
                }
            }

            impl ::core::fmt::Debug for $name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    model::debug(self, ::core::stringify!($name), f)
                }
            }

            impl model::WriteFields for $name {
                #[allow(unused_variables)]
                fn write<'a>(&'a self, out: &mut model::FieldWriter<'a>) {
                    $( out.$kind($key, &self.$field); )*
                    #[cfg($keep)]
                    out.extra(&self.$rest);
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    model::deserialize(deserializer)
                }
            }

            pub struct __Slots {
                $( $field: $crate::__model_fields!(@slot $kind $ty), )*
                #[cfg($keep)]
                $rest: ::std::collections::BTreeMap<::std::string::String, $rest_ty>,
            }

            impl<'de> model::ReadFields<'de> for $name {
                const NAME: &'static str = ::core::stringify!($name);
                type Slots = __Slots;

                fn slots() -> __Slots {
                    __Slots {
                        $( $field: $crate::__model_fields!(@empty $kind), )*
                        #[cfg($keep)]
                        $rest: ::std::collections::BTreeMap::new(),
                    }
                }

                #[allow(unused_variables, clippy::match_single_binding)]
                fn read(slots: &mut __Slots, key: &str, value: model::FieldValue<'_, 'de>) -> ::core::result::Result<bool, model::FieldError> {
                    match key {
                        $( $key => model::Slot::fill(&mut slots.$field, value), )*
                        #[cfg($keep)]
                        _ => model::take_extra(&mut slots.$rest, key, value),
                        #[cfg(not($keep))]
                        _ => ::core::result::Result::Ok(false),
                    }
                }

                #[allow(unused_variables)]
                fn finish(slots: __Slots) -> ::core::result::Result<Self, model::FieldError> {
                    ::core::result::Result::Ok($name {
                        $( $field: $crate::__model_fields!(@finish $kind slots.$field, $key, $ty), )*
                        #[cfg($keep)]
                        $rest: model::with_dropped(slots.$rest),
                    })
                }
            }
        };
    };
}

/// `as_str` and the serde impls of a generated open string enum, from its
/// value table: `string_enum! { Status { Active = "active", .. } Unknown }`,
/// where the last word is the variant that keeps any other value.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_string_enum {
    ($name:ident { $( $variant:ident = $value:literal ),* $(,)? } $other:ident) => {
        impl $name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$other(value) => value,
                }
            }
        }

        const _: () = {
            use $crate::runtime::model::{self, serde};

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                #[allow(clippy::match_single_binding)]
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let value = model::string(deserializer)?;
                    ::core::result::Result::Ok(match &*value {
                        $( $value => Self::$variant, )*
                        _ => Self::$other(::std::borrow::Cow::into_owned(value)),
                    })
                }
            }
        };
    };
}

/// The serde impls of a generated union, from its variant table. A union
/// tagged by a field lists the tag value of each variant, then the variant
/// that keeps an object of any other tag:
///
/// ```text
/// union! {
///     Pet tagged "type" {
///         Cat = "cat",
///         Dog = "dog",
///     }
///     Unknown
/// }
/// ```
///
/// An untagged one is decoded as the first variant that fits (see `unions`):
///
/// ```text
/// union! {
///     Value untagged {
///         Cat shape {
///             fields: ["name", "lives"],
///             required: ["name"],
///             constants: [("kind", "cat")],
///         },
///         Text,
///     }
/// }
/// ```
///
/// A struct variant's `shape` gives its JSON keys, the required ones and
/// those that can hold only one string; tagged variants that share a tag
/// value have one too, to tell them apart.
#[doc(hidden)]
#[macro_export]
macro_rules! __model_union {
    ($name:ident tagged $tag:literal { $( $variant:ident = $value:literal $( shape $shape:tt )? ),* $(,)? } $other:ident) => {
        const _: () = {
            use $crate::runtime::model::{self, serde};
            use $crate::runtime::unions;

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        $( Self::$variant(value) => model::serialize_tagged(serializer, $tag, $value, value), )*
                        Self::$other(value) => serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let variants: &[unions::Variant<Self>] = &[
                        $( $crate::__model_union!(@variant $variant, $value $(, $shape )?), )*
                    ];
                    unions::tagged(deserializer, ::core::stringify!($name), $tag, variants, Self::$other)
                }
            }
        };
    };
    ($name:ident untagged { $( $variant:ident $( shape $shape:tt )? ),* $(,)? }) => {
        const _: () = {
            use $crate::runtime::model::serde;
            use $crate::runtime::unions;

            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        $( Self::$variant(value) => serde::Serialize::serialize(value, serializer), )*
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let variants: &[unions::Variant<Self>] = &[
                        $( $crate::__model_union!(@variant $variant, "" $(, $shape )?), )*
                    ];
                    unions::untagged(deserializer, ::core::stringify!($name), variants)
                }
            }
        };
    };
    // A row of the table: the variant, its tag value (empty when untagged) and its shape.
    (@variant $variant:ident, $tag:expr $(, $shape:tt )?) => {
        $crate::runtime::unions::Variant {
            tag: $tag,
            shape: $crate::__model_union!(@shape $( $shape )?),
            decode: |value| $crate::runtime::unions::decode(value).map(Self::$variant),
        }
    };
    (@shape) => { ::core::option::Option::None };
    (@shape {
        fields: [ $( $field:literal ),* $(,)? ],
        required: [ $( $required:literal ),* $(,)? ],
        constants: [ $( ($key:literal, $constant:literal) ),* $(,)? ] $(,)?
    }) => {
        ::core::option::Option::Some($crate::runtime::unions::Shape {
            fields: &[ $( $field ),* ],
            required: &[ $( $required ),* ],
            constants: &[ $( ($key, $constant) ),* ],
        })
    };
}

/// The setters and `apply` of a generated parameters struct, from its table:
/// `params! { ListParams { page: f64 = "page" query optional, .. } }`. Each row
/// gives the field, its type (without the `Option` of an optional one), the
/// name on the wire, the `Request` method that sends it (`query`, `header`,
/// `cookie`, or `query_styled(Style)`), and whether it is `required` (set by
/// `new`) or `optional` (a setter, with the row's docs).
#[doc(hidden)]
#[macro_export]
macro_rules! __model_params {
    ($name:ident { $( $(#[$doc:meta])* $field:ident : $ty:ty = $key:literal $send:ident $(($style:ident))? $kind:ident ),* $(,)? }) => {
        impl $name {
            $( $crate::__model_params!(@setter $kind $(#[$doc])* $field : $ty); )*

            /// Adds these parameters to a request.
            pub fn apply(&self, request: $crate::runtime::Request) -> $crate::runtime::Request {
                request $( .$send($key, &self.$field $(, $crate::runtime::QueryStyle::$style)?) )*
            }
        }
    };
    (@setter optional $(#[$doc:meta])* $field:ident : $ty:ty) => {
        $(#[$doc])*
        pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into());
            self
        }
    };
    (@setter required $(#[$doc:meta])* $field:ident : $ty:ty) => {};
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator writes for `{id: string (required), note: string, gone: string|null}`.
    #[derive(PartialEq)]
    struct Item {
        id: String,
        note: Option<String>,
        gone: Nullable<String>,
        #[cfg(feature = "extra-fields")]
        rest: BTreeMap<String, serde_json::Value>,
    }

    fields! {
        Item {
            id: String = "id" required,
            note: Option<String> = "note" optional,
            gone: Nullable<String> = "gone" optional_nullable,
        }
        undeclared rest
    }

    fn item(id: &str, note: Option<&str>, gone: Nullable<String>) -> Item {
        Item {
            id: id.into(),
            note: note.map(Into::into),
            gone,
            #[cfg(feature = "extra-fields")]
            rest: BTreeMap::new(),
        }
    }

    /// Declared additional properties, and a struct with no fields of its own.
    #[derive(PartialEq)]
    struct Counts {
        counts: BTreeMap<String, u32>,
    }

    fields! { Counts {} additional counts: u32 }

    #[test]
    fn reads_fields_skips_unknown_keys_and_keeps_three_nullable_states() {
        let item: Item =
            serde_json::from_str(r#"{"extra": {"deep": [1, {"x": null}]}, "id": "a\"b", "note": null, "gone": null}"#)
                .unwrap();
        assert_eq!((item.id.as_str(), item.note, item.gone), ("a\"b", None, Nullable::Null));
        let item: Item = serde_json::from_str(r#"{"id": "a", "note": "n"}"#).unwrap();
        assert_eq!(item, self::item("a", Some("n"), Nullable::Absent));
    }

    #[test]
    fn writes_set_fields_only() {
        assert_eq!(serde_json::to_string(&item("a", None, Nullable::Null)).unwrap(), r#"{"id":"a","gone":null}"#);
        assert_eq!(serde_json::to_string(&item("a", Some("n"), Nullable::Absent)).unwrap(), r#"{"id":"a","note":"n"}"#);
    }

    #[test]
    fn debug_shows_the_set_fields_as_json() {
        let item = item("a", None, Nullable::Value("g".into()));
        assert_eq!(format!("{item:?}"), r#"Item { id: "a", gone: "g" }"#);
        let counts = Counts { counts: BTreeMap::from([("x".to_string(), 1)]) };
        assert_eq!(format!("{counts:?}"), "Counts { x: 1 }");
    }

    #[test]
    fn additional_properties_take_the_other_keys() {
        let counts: Counts = serde_json::from_str(r#"{"a": 1, "b": 2}"#).unwrap();
        assert_eq!(counts.counts, BTreeMap::from([("a".to_string(), 1), ("b".to_string(), 2)]));
        assert_eq!(serde_json::to_string(&counts).unwrap(), r#"{"a":1,"b":2}"#);
        assert!(serde_json::from_str::<Counts>(r#"{"a": "x"}"#).is_err());
    }

    #[test]
    fn errors_name_the_field_and_where_it_is() {
        let missing = serde_json::from_str::<Item>(r#"{"note": "n"}"#).unwrap_err().to_string();
        assert_eq!(missing, "missing field `id` at line 1 column 13");
        let wrong = serde_json::from_str::<Vec<Item>>(r#"[{"id": "a"}, {"id": 7}]"#).unwrap_err().to_string();
        assert_eq!(wrong, "invalid type: integer `7`, expected a string at line 1 column 22");
        let not_object = serde_json::from_str::<Item>("[]").unwrap_err().to_string();
        assert!(not_object.contains("expected struct Item"), "{not_object}");
        let json = r#"{"items": [{"id": "a"}, {"id": 7}]}"#;
        let path = serde_path_to_error::deserialize::<_, BTreeMap<String, Vec<Item>>>(
            &mut serde_json::Deserializer::from_str(json),
        )
        .unwrap_err()
        .path()
        .to_string();
        assert_eq!(path, "items[1].id");
    }
}
