//! The deserializers of lenient decoding (see `lenient`): [`Lenient`] reads a JSON value as the
//! type asks, converting what converts without loss; [`Empty`] gives every type its empty value.

use serde::de::value::Error as PlainError;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use super::lenient::{DeviationKind, Segment, coerced, empty_object_allowed, with_reading, within};

/// A JSON value read as the type asks, converting what converts without loss.
pub(crate) struct Lenient<'a>(pub(crate) &'a Value);

pub(super) type LenientError = PlainError;

impl<'a> Lenient<'a> {
    /// A number, or a string that reads as one.
    fn number<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::String(text) => match parse_number(text) {
                Some(number) => {
                    coerced("a number", self.0);
                    visit_number(&number, visitor)
                }
                None => self.deserialize_any(visitor),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    /// An integer, a float without a fraction (`2.0`), or a string that reads as an integer.
    fn integer<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        let integer = match self.0 {
            Value::Number(number) if number.is_f64() => number
                .as_f64()
                .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15)
                .map(|float| Number::from(float as i64)),
            Value::String(text) => parse_number(text).filter(|number| !number.is_f64()),
            _ => None,
        };
        match integer {
            Some(integer) => {
                coerced("an integer", self.0);
                visit_number(&integer, visitor)
            }
            None => self.deserialize_any(visitor),
        }
    }

    /// An object, or where that is allowed, the empty object for another value.
    fn object<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        if self.0.is_object() || !empty_object_allowed(self.0) {
            return self.deserialize_any(visitor);
        }
        with_reading(|reading| {
            if reading.emptying == 0 {
                reading.record(DeviationKind::Dropped, "an object".to_string(), Some(self.0.clone()));
            }
            reading.emptying += 1;
        });
        let object = visitor.visit_map(Nothing);
        with_reading(|reading| reading.emptying -= 1);
        object
    }
}

fn parse_number(text: &str) -> Option<Number> {
    let text = text.trim();
    if let Ok(integer) = text.parse::<i64>() {
        return Some(integer.into());
    }
    if let Ok(integer) = text.parse::<u64>() {
        return Some(integer.into());
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

fn visit_number<'a, V: Visitor<'a>>(number: &Number, visitor: V) -> Result<V::Value, LenientError> {
    if let Some(integer) = number.as_u64() {
        visitor.visit_u64(integer)
    } else if let Some(integer) = number.as_i64() {
        visitor.visit_i64(integer)
    } else {
        visitor.visit_f64(number.as_f64().unwrap_or(f64::NAN))
    }
}

macro_rules! integers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
            self.integer(visitor)
        })*
    };
}

impl<'a> Deserializer<'a> for Lenient<'a> {
    type Error = LenientError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(flag) => visitor.visit_bool(*flag),
            Value::Number(number) => visit_number(number, visitor),
            Value::String(text) => visitor.visit_borrowed_str(text),
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter(), index: 0, only: false }),
            Value::Object(map) => visitor.visit_map(Entries::new(map)),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::String(text) if text == "true" || text == "false" => {
                coerced("a boolean", self.0);
                visitor.visit_bool(text == "true")
            }
            _ => self.deserialize_any(visitor),
        }
    }

    integers! { deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.number(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.number(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::Number(number) => {
                coerced("a string", self.0);
                visitor.visit_string(number.to_string())
            }
            Value::Bool(flag) => {
                coerced("a string", self.0);
                visitor.visit_string(flag.to_string())
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(self, _: &'static str, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, _: &'static str, visitor: V) -> Result<V::Value, LenientError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::Array(_) | Value::Null => self.deserialize_any(visitor),
            // One value where a list was declared: the list of it.
            single => {
                coerced("a list", single);
                visitor.visit_seq(Items { items: std::slice::from_ref(single).iter(), index: 0, only: true })
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.object(visitor)
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LenientError> {
        self.object(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, LenientError> {
        match self.0 {
            Value::String(name) => visitor.visit_enum(name.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                let (name, value) = map.iter().next().expect("one entry");
                visitor.visit_enum(Variant { name, value })
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, LenientError> {
        visitor.visit_unit()
    }
}

/// An array's items, each read leniently at its index.
struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
    /// One value read as a list of it.
    only: bool,
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = LenientError;

    fn next_element_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<Option<S::Value>, LenientError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        let segment = if self.only { Segment::Only } else { Segment::Index(index) };
        within(segment, || seed.deserialize(Lenient(item))).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's entries, each value read leniently at its key.
struct Entries<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<(&'a String, &'a Value)>,
}

impl<'a> Entries<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Entries { entries: map.iter(), value: None }
    }
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = LenientError;

    fn next_key_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<Option<S::Value>, LenientError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some((key, value));
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, LenientError> {
        let (key, value) = self.value.take().ok_or_else(|| de::Error::custom("a value before its key"))?;
        within(Segment::Key(key.clone()), || seed.deserialize(Lenient(value)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An externally tagged enum's `{"variant": value}`.
struct Variant<'a> {
    name: &'a String,
    value: &'a Value,
}

impl<'a> EnumAccess<'a> for Variant<'a> {
    type Error = LenientError;
    type Variant = Lenient<'a>;

    fn variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<(S::Value, Lenient<'a>), LenientError> {
        let name = seed.deserialize(de::value::BorrowedStrDeserializer::<LenientError>::new(self.name))?;
        Ok((name, Lenient(self.value)))
    }
}

impl<'a> VariantAccess<'a> for Lenient<'a> {
    type Error = LenientError;

    fn unit_variant(self) -> Result<(), LenientError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'a>>(self, seed: S) -> Result<S::Value, LenientError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _: usize, visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'a>>(self, _: &'static [&'static str], visitor: V) -> Result<V::Value, LenientError> {
        self.deserialize_any(visitor)
    }
}

/// Every type's empty value: what a required field that is missing, or did not fit, holds.
pub(super) struct Empty;

macro_rules! empty_as {
    ($($method:ident => $visit:ident($($value:expr)?))*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PlainError> {
            visitor.$visit($($value)?)
        })*
    };
}

impl<'de> Deserializer<'de> for Empty {
    type Error = PlainError;

    empty_as! {
        deserialize_any => visit_unit()
        deserialize_bool => visit_bool(false)
        deserialize_i8 => visit_i64(0) deserialize_i16 => visit_i64(0) deserialize_i32 => visit_i64(0)
        deserialize_i64 => visit_i64(0) deserialize_u8 => visit_u64(0) deserialize_u16 => visit_u64(0)
        deserialize_u32 => visit_u64(0) deserialize_u64 => visit_u64(0)
        deserialize_f32 => visit_f64(0.0) deserialize_f64 => visit_f64(0.0)
        deserialize_char => visit_borrowed_str("") deserialize_str => visit_borrowed_str("")
        deserialize_string => visit_borrowed_str("") deserialize_identifier => visit_borrowed_str("")
        deserialize_bytes => visit_borrowed_bytes(&[]) deserialize_byte_buf => visit_borrowed_bytes(&[])
        deserialize_option => visit_none() deserialize_unit => visit_unit()
        deserialize_seq => visit_seq(Nothing) deserialize_map => visit_map(Nothing)
        deserialize_ignored_any => visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, PlainError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, PlainError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, PlainError> {
        visitor.visit_seq(Nothing)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, PlainError> {
        visitor.visit_seq(Nothing)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PlainError> {
        visitor.visit_map(Nothing)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, PlainError> {
        Err(de::Error::custom(format!("the enum {name} has no empty value")))
    }
}

/// An empty list or object.
struct Nothing;

impl<'de> SeqAccess<'de> for Nothing {
    type Error = PlainError;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, _: S) -> Result<Option<S::Value>, PlainError> {
        Ok(None)
    }
}

impl<'de> MapAccess<'de> for Nothing {
    type Error = PlainError;

    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, _: S) -> Result<Option<S::Value>, PlainError> {
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, _: S) -> Result<S::Value, PlainError> {
        Err(de::Error::custom("an empty object has no values"))
    }
}
