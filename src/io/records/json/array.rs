//! A JSON array of records split into its elements by a byte scanner (strings, escapes and
//! nesting followed, nothing else parsed), each element then parsed from memory: faster than
//! the byte-at-a-time reader, in the memory of one record.

use std::io::BufRead;

use serde::de::DeserializeSeed;

use super::{Record, State, at_line};

/// What the array may hold next, outside its records.
#[derive(Default, PartialEq)]
enum Next {
    /// Its first record, or its end (`[]`).
    #[default]
    RecordOrEnd,
    /// A record, after a comma.
    Record,
    /// A comma or the end, after a record.
    CommaOrEnd,
}

/// Where the scanner is between buffers.
#[derive(Default)]
struct Scan {
    next: Next,
    depth: usize,
    in_str: bool,
    /// A backslash ended the last buffer: the next byte is escaped.
    escaped: bool,
    /// An element has begun (its bytes so far are in `elem`, or in the buffer from `seg`).
    in_elem: bool,
    starts_at: u64,
}

/// The elements of the array `reader` is positioned on (its `[`), `lines` line breaks into the
/// file; returns the reader and the line breaks read once the array closes.
pub(super) fn elements<R: BufRead>(
    mut reader: R,
    state: &mut State,
    mut lines: u64,
) -> Result<(R, u64), String> {
    reader.consume(1);
    let mut elem: Vec<u8> = Vec::new();
    let mut s = Scan::default();
    let mut emit = |elem: &mut Vec<u8>, line: u64| -> Result<(), String> {
        state.line = line + 1;
        let mut de = serde_json::Deserializer::from_slice(elem);
        let done = Record(&mut *state)
            .deserialize(&mut de)
            .and_then(|()| de.end());
        elem.clear();
        // The element's own column would mislead: only its line is said.
        done.map_err(|e| {
            let full = at_line(&e, line + e.line() as u64);
            match full.split_once(", column ") {
                Some((at, rest)) => format!("{at}:{}", rest.split_once(':').map_or("", |r| r.1)),
                None => full,
            }
        })
    };
    loop {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        if buf.is_empty() {
            return Err(format!("line {}: the array never closes", lines + 1));
        }
        let (n, mut i, mut seg) = (buf.len(), 0, 0);
        let mut closed = false;
        while i < n {
            if s.escaped {
                (s.escaped, i) = (false, i + 1);
                continue;
            }
            if s.in_str {
                // Inside a string only a quote or a backslash matters (JSON has no raw breaks).
                match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    None => i = n,
                    Some(k) if buf[i + k] == b'\\' => (s.escaped, i) = (true, i + k + 1),
                    Some(k) => {
                        (s.in_str, i) = (false, i + k + 1);
                        if s.depth == 0 {
                            elem.extend_from_slice(&buf[seg..i]);
                            (s.in_elem, s.next) = (false, Next::CommaOrEnd);
                            emit(&mut elem, s.starts_at)?;
                        }
                    }
                }
                continue;
            }
            let b = buf[i];
            let delimiter = matches!(b, b',' | b' ' | b'\t' | b'\r' | b'\n' | b']');
            if s.depth == 0 && delimiter {
                // Between elements, or the end of a bare scalar element.
                if s.in_elem {
                    elem.extend_from_slice(&buf[seg..i]);
                    s.in_elem = false;
                    s.next = Next::CommaOrEnd;
                    emit(&mut elem, s.starts_at)?;
                }
                let at = lines + 1;
                match b {
                    b',' if s.next == Next::CommaOrEnd => s.next = Next::Record,
                    b',' => return Err(format!("line {at}: a comma where a record was expected")),
                    b']' if s.next == Next::Record => {
                        return Err(format!("line {at}: a comma before the array's end"));
                    }
                    b']' => closed = true,
                    b'\n' => lines += 1,
                    _ => {}
                }
                i += 1;
                if closed {
                    break;
                }
                continue;
            }
            if !s.in_elem {
                if s.next == Next::CommaOrEnd {
                    return Err(format!(
                        "line {}: expected `,` or `]` between records",
                        lines + 1
                    ));
                }
                (s.in_elem, s.starts_at, seg) = (true, lines, i);
            }
            match b {
                b'"' => s.in_str = true,
                b'{' | b'[' => s.depth += 1,
                b'}' | b']' => s.depth = s.depth.saturating_sub(1),
                b'\n' => lines += 1,
                _ => {}
            }
            i += 1;
            if s.depth == 0 && matches!(b, b'}' | b']') {
                elem.extend_from_slice(&buf[seg..i]);
                (s.in_elem, s.next) = (false, Next::CommaOrEnd);
                emit(&mut elem, s.starts_at)?;
            }
        }
        if s.in_elem {
            elem.extend_from_slice(&buf[seg..i.min(n)]);
        }
        let used = i.min(n);
        reader.consume(used);
        if closed {
            return Ok((reader, lines));
        }
    }
}
