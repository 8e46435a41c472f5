//! Call records as JSON, streamed one record at a time: an array of call objects (Vapi's and
//! Retell's lists), a page object holding one (Twilio's `calls`, Plivo's `objects`, Genesys's
//! `conversations`), or one object a line (Twilio's BulkExport, Amazon Connect's stream). A
//! record's scalar fields are read as text; nested objects are not read.

use std::io::Read;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Keys of a page object whose array holds the records.
const LIST_KEYS: [&str; 7] = [
    "calls",
    "objects",
    "conversations",
    "data",
    "results",
    "records",
    "items",
];

/// True when the first bytes that are not white space open a JSON array or object.
pub fn looks_like_json(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    matches!(
        head.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'[' | b'{')
    )
}

/// A field as text: a string as written, a number in its shortest form, null and nested values
/// as nothing.
pub fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

type Each<'a> = dyn FnMut(Map<String, Value>) -> Result<(), String> + 'a;

/// Calls `each` with every record of the document in `reader`, in order; stops at the first
/// error (its own, or the document's, with the line and column where it was met).
pub fn records(
    reader: impl Read,
    mut each: impl FnMut(Map<String, Value>) -> Result<(), String>,
) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut values = 0u64;
    // Top-level values follow one another until only white space is left.
    while de.end().is_err() {
        Top(&mut each)
            .deserialize(&mut de)
            .map_err(|e| describe(&e))?;
        values += 1;
    }
    if values == 0 {
        return Err("holds no JSON value".into());
    }
    Ok(())
}

fn describe(e: &serde_json::Error) -> String {
    if e.is_io() || e.line() == 0 {
        return e.to_string();
    }
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    format!("line {}, column {}: {msg}", e.line(), e.column())
}

/// A top-level value: an array of records, a page, or one record.
struct Top<'a, 'b>(&'a mut Each<'b>);

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

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut own = Map::new();
        let mut paged = false;
        while let Some(key) = map.next_key::<String>()? {
            if LIST_KEYS.contains(&key.as_str()) {
                match map.next_value_seed(Listed(&mut *self.0))? {
                    Some(v) => {
                        own.insert(key, v);
                    }
                    None => paged = true,
                }
            } else {
                own.insert(key, map.next_value::<Value>()?);
            }
        }
        if !paged {
            (self.0)(own).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// One element of a list of records: it must be an object.
struct Record<'a, 'b>(&'a mut Each<'b>);

impl<'de> DeserializeSeed<'de> for Record<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match Value::deserialize(d)? {
            Value::Object(m) => (self.0)(m).map_err(de::Error::custom),
            other => Err(de::Error::custom(format!(
                "expected a call record (an object) in the list, found {}",
                kind(&other)
            ))),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value of a list key: an array is streamed as records (`None`), anything else kept.
struct Listed<'a, 'b>(&'a mut Each<'b>);

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
        while seq.next_element_seed(Record(&mut *self.0))?.is_some() {}
        Ok(None)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(doc: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        records(doc.as_bytes(), |r| {
            out.push(text(r.get("start")));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn arrays_pages_and_lines_are_read_alike() {
        let want = vec!["a".to_string(), "b".to_string()];
        assert_eq!(starts(r#"[{"start":"a"},{"start":"b"}]"#), Ok(want.clone()));
        let page = r#"{"calls":[{"start":"a"},{"start":"b"}],"page":0,"next_page_uri":null}"#;
        assert_eq!(starts(page), Ok(want.clone()));
        assert_eq!(starts("{\"start\":\"a\"}\n{\"start\":\"b\"}\n"), Ok(want));
        assert_eq!(
            starts(r#"{"start":1733000000000}"#),
            Ok(vec!["1733000000000".into()])
        );
        // A record may hold a key named like a list without it being one.
        assert_eq!(
            starts(r#"{"start":"a","data":{"k":1}}"#),
            Ok(vec!["a".into()])
        );
    }

    #[test]
    fn what_is_not_records_is_refused_with_its_place() {
        let e = starts("[{\"start\":\"a\"},\n 3]").unwrap_err();
        assert!(
            e.starts_with("line 2, column") && e.contains("found a number"),
            "{e}"
        );
        assert!(starts("").unwrap_err().contains("no JSON value"));
        assert!(starts("[{\"start\":").unwrap_err().contains("line 1"));
        assert!(
            starts("\"text\"")
                .unwrap_err()
                .contains("an array of call records")
        );
    }
}
