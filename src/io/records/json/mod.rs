//! Call records as JSON, streamed one record at a time: an array of call objects (Vapi's and
//! Retell's lists), a page object holding one (Twilio's `calls`, Plivo's `objects`, Genesys's
//! `conversations`), or one object a line (Twilio's BulkExport, Amazon Connect's stream). A
//! record's scalar fields are read as text; nested objects are not read.

use std::io::{BufRead, Read};

mod array;
mod visit;

use visit::{Record, Top};

use serde::de::{DeserializeSeed, IgnoredAny};
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

/// Where the records go: the first record's keys lay out the fields every record is read by.
pub trait RecordSink {
    /// The scalar keys of the first record, in its order; returns the names of the fields to
    /// read from every record.
    fn header(&mut self, keys: Vec<String>) -> Result<Vec<String>, String>;
    /// One record's fields, in the header's order ("" where a record has none), and the line
    /// of the file it starts on (counted from the reader's start).
    fn record(&mut self, fields: &[String], line: u64) -> Result<(), String>;
}

/// The reader's state: the header's index, and one record's fields reused record to record.
struct State<'s> {
    sink: &'s mut dyn RecordSink,
    index: Option<Vec<String>>,
    fields: Vec<String>,
    /// The line the record being read starts on.
    line: u64,
    /// Whether top-level objects are pages of records, as the first one said (`None`: not
    /// yet known): once they are records, a key named like a list is only a field.
    pages: Option<bool>,
}

impl State<'_> {
    /// The first record: its keys lay out the header, then it is read like the others.
    fn first(&mut self, map: &Map<String, Value>) -> Result<(), String> {
        let keys = map
            .iter()
            .filter(|(_, v)| !v.is_object() && !v.is_array())
            .map(|(k, _)| k.clone())
            .collect();
        let header = self.sink.header(keys)?;
        self.fields = header.iter().map(|k| text(map.get(k))).collect();
        self.index = Some(header);
        self.sink.record(&self.fields, self.line)
    }
}

/// Calls `sink` with every record of the document in `reader`, in order; stops at the first
/// error (its own, or the document's, with the line and column where it was met). One object a
/// line (NDJSON) is read line by line from memory, which is several times faster than the
/// byte-at-a-time reader a document spanning lines needs.
pub fn records(reader: impl Read, sink: &mut dyn RecordSink) -> Result<(), String> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut state = State {
        sink,
        index: None,
        fields: Vec::new(),
        line: 1,
        pages: None,
    };
    // Leading white space, then the first byte: an array is streamed; an object whose line
    // is a whole object (read up to 1 MiB) starts one object a line.
    let mut lines = 0u64;
    let opening = loop {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        let Some(&b) = buf.first() else {
            return Err("holds no JSON value".into());
        };
        if b.is_ascii_whitespace() || buf.starts_with(b"\xEF\xBB\xBF") {
            let skip = if b.is_ascii_whitespace() { 1 } else { 3 };
            lines += u64::from(b == b'\n');
            reader.consume(skip);
            continue;
        }
        break b;
    };
    if opening == b'[' {
        let (rest, lines) = array::elements(reader, &mut state, lines)?;
        return stream(rest, &mut state, lines, false);
    }
    if opening != b'{' {
        return stream(reader, &mut state, lines, true);
    }
    let mut line = Vec::new();
    (&mut reader)
        .take(1 << 20)
        .read_until(b'\n', &mut line)
        .map_err(|e| e.to_string())?;
    lines += 1;
    if serde_json::from_slice::<IgnoredAny>(&line).is_err() {
        let rest = std::io::Cursor::new(line).chain(reader);
        return stream(rest, &mut state, lines - 1, true);
    }
    each_line(reader, &mut state, line, lines)
}

/// One object a line: `line` (line number `lines`) and those after it.
fn each_line(
    mut reader: impl BufRead,
    state: &mut State,
    mut line: Vec<u8>,
    mut lines: u64,
) -> Result<(), String> {
    loop {
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            state.line = lines;
            let mut de = serde_json::Deserializer::from_slice(&line);
            Top(&mut *state)
                .deserialize(&mut de)
                .and_then(|()| de.end())
                .map_err(|e| at_line(&e, lines))?;
        }
        line.clear();
        if reader
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?
            == 0
        {
            return Ok(());
        }
        lines += 1;
    }
}

/// The scalar keys of the first record when the file holds one object a line (its first line
/// a whole object, not a page of records), read from `reader`; `None` for any other layout.
pub fn first_line_keys(reader: impl Read) -> Option<Vec<String>> {
    let mut line = Vec::new();
    let mut r = std::io::BufReader::new(reader.take(1 << 20));
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            break;
        }
    }
    let text = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line);
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(text) else {
        return None;
    };
    let paged = LIST_KEYS
        .iter()
        .any(|k| map.get(*k).is_some_and(Value::is_array));
    (!paged).then(|| {
        map.iter()
            .filter(|(_, v)| !v.is_object() && !v.is_array())
            .map(|(k, _)| k.clone())
            .collect()
    })
}

/// One object a line from `reader`, its records read by `header` (laid out beforehand): the
/// reader of one byte range of such a file. Lines are counted from 1 at the reader's start.
pub fn lines_with(
    reader: impl Read,
    header: Vec<String>,
    sink: &mut dyn RecordSink,
) -> Result<(), String> {
    let mut state = State {
        sink,
        fields: vec![String::new(); header.len()],
        index: Some(header),
        line: 1,
        pages: Some(false),
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut line = Vec::new();
    if reader
        .read_until(b'\n', &mut line)
        .map_err(|e| e.to_string())?
        == 0
    {
        return Ok(());
    }
    if line.starts_with(b"\xEF\xBB\xBF") {
        line.drain(..3);
    }
    each_line(reader, &mut state, line, 1)
}

/// A document read as it comes (an object spanning lines, or what follows an array), `before`
/// lines after the start of the file; `needed`: it must hold a value.
fn stream(reader: impl Read, state: &mut State, before: u64, needed: bool) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut values = 0u64;
    // Top-level values follow one another until only white space is left.
    while de.end().is_err() {
        Top(&mut *state)
            .deserialize(&mut de)
            .map_err(|e| at_line(&e, before + e.line() as u64))?;
        values += 1;
    }
    if values == 0 && needed {
        return Err("holds no JSON value".into());
    }
    Ok(())
}

/// A message placed at `line` of the file (the error's column within it).
fn at_line(e: &serde_json::Error, line: u64) -> String {
    if e.is_io() || e.line() == 0 {
        return e.to_string();
    }
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    format!("line {line}, column {}: {msg}", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the `start` field of every record.
    struct Starts(Vec<String>);

    impl RecordSink for Starts {
        fn header(&mut self, _keys: Vec<String>) -> Result<Vec<String>, String> {
            Ok(vec!["start".into()])
        }
        fn record(&mut self, fields: &[String], _line: u64) -> Result<(), String> {
            self.0.push(fields[0].clone());
            Ok(())
        }
    }

    fn starts(doc: &str) -> Result<Vec<String>, String> {
        let mut out = Starts(Vec::new());
        records(doc.as_bytes(), &mut out)?;
        Ok(out.0)
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
            e.starts_with("line 2:") && e.contains("expected a call record"),
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
