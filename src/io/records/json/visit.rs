//! The serde side of the JSON reader: which keys a record's fields are, their values written
//! as text into reused strings, and the shapes a document takes (an array, a page, a record).

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{LIST_KEYS, State};

/// What a key of an object is to the reader.
enum Key {
    /// A field of the header, by its position.
    Field(usize),
    /// A key whose array may hold the records (a page).
    List(String),
    /// Another key, named while the first record is still being laid out.
    Other(String),
    /// Another key of a later record.
    Skip,
}

/// Tells a key without allocating for the fields the header reads.
struct KeySeed<'a>(Option<&'a Vec<String>>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Key, E> {
        // A header holds a handful of names: a scan beats hashing every key.
        if let Some(i) = self.0.and_then(|ix| ix.iter().position(|h| h == k)) {
            return Ok(Key::Field(i));
        }
        Ok(if LIST_KEYS.contains(&k) {
            Key::List(k.to_string())
        } else if self.0.is_some() {
            Key::Skip
        } else {
            Key::Other(k.to_string())
        })
    }
}

/// A field's value written into a reused string: scalars as text, nested values skipped.
struct Scalar<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for Scalar<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalar<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.0
            .push_str(&serde_json::Number::from_f64(v).map_or(String::new(), |n| n.to_string()));
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// A top-level value: an array of records, a page, or one record.
pub(super) struct Top<'a, 's>(pub(super) &'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of call records, an object holding one, or one record a line")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Record(&mut *self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        object(self.0, map, true)
    }
}

/// An object: a record, or (at the top) a page whose list key holds the records. Fields the
/// header reads go straight to their place; the first record is kept whole to lay it out.
fn object<'de, A: MapAccess<'de>>(st: &mut State, mut map: A, top: bool) -> Result<(), A::Error> {
    let mut own = st.index.is_none().then(Map::new);
    for f in st.fields.iter_mut() {
        f.clear();
    }
    let mut paged = false;
    while let Some(key) = map.next_key_seed(KeySeed(st.index.as_ref()))? {
        match key {
            Key::Field(i) => {
                // A key written twice keeps its last value, as the first record's map does.
                st.fields[i].clear();
                map.next_value_seed(Scalar(&mut st.fields[i]))?
            }
            Key::List(k) if top && st.pages != Some(false) => {
                match map.next_value_seed(Listed(&mut *st))? {
                    Some(v) => {
                        if let Some(o) = own.as_mut() {
                            o.insert(k, v);
                        }
                    }
                    None => paged = true,
                }
            }
            Key::Skip => {
                map.next_value::<IgnoredAny>()?;
            }
            Key::List(k) | Key::Other(k) => match own.as_mut() {
                Some(o) => {
                    o.insert(k, map.next_value::<Value>()?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            },
        }
    }
    if top && st.pages.is_none() {
        st.pages = Some(paged);
    }
    if paged {
        return Ok(());
    }
    match own {
        Some(o) => st.first(&o),
        None => st.sink.record(&st.fields, st.line),
    }
    .map_err(de::Error::custom)
}

/// One element of a list of records: it must be an object.
pub(super) struct Record<'a, 's>(pub(super) &'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for Record<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Record<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a call record (an object) in the list")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        object(self.0, map, false)
    }
}

/// The value of a list key: an array is streamed as records (`None`), anything else kept.
struct Listed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for Listed<'_, '_> {
    type Value = Option<Value>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Listed<'_, '_> {
    type Value = Option<Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // An empty list holds no records: a value of the object, not a page.
        let mut any = false;
        while seq.next_element_seed(Record(&mut *self.0))?.is_some() {
            any = true;
        }
        Ok((!any).then(|| Value::Array(Vec::new())))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }
}
