//! A Parquet footer checked before the parquet crate decodes it: the Thrift compact bytes are
//! walked once, and a list, set or map that claims more elements than bytes are left is refused.
//!
//! Why: when the crate skips a field it does not know, it skips a list of booleans without
//! reading a byte per element (the compact protocol writes one byte per boolean in a list), so a
//! 260-byte footer whose unknown field is a list of 2^31 booleans kept it busy for 5 s before it
//! refused the file. Every element of every collection takes at least one byte, so no honest
//! footer can fail this walk, and the walk is linear in the footer's length.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Deeper nesting than any Parquet footer has (the crate itself stops skipping at 64).
const MAX_DEPTH: u32 = 64;

/// Reads the footer of `file` and walks it; `Err` says what is wrong, for "`path` is not
/// readable Parquet: ...". A file too short or without the magic is left to the crate.
pub(crate) fn check(file: &mut File) -> Result<(), String> {
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    if len < 12 {
        return Ok(());
    }
    let mut tail = [0u8; 8];
    file.seek(SeekFrom::End(-8)).map_err(|e| e.to_string())?;
    file.read_exact(&mut tail).map_err(|e| e.to_string())?;
    if &tail[4..] != b"PAR1" {
        return Ok(());
    }
    let footer_len = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer_len > len - 12 {
        return Ok(());
    }
    let mut bytes = vec![0u8; footer_len as usize];
    file.seek(SeekFrom::End(-8 - footer_len as i64))
        .map_err(|e| e.to_string())?;
    file.read_exact(&mut bytes).map_err(|e| e.to_string())?;
    walk(&bytes).map_err(|at| format!("its footer is malformed at byte {at} of {footer_len}"))
}

/// Walks one Thrift struct (the footer's `FileMetaData`); `Err` is the offset where it broke.
fn walk(bytes: &[u8]) -> Result<(), usize> {
    let mut w = Walker { bytes, at: 0 };
    w.value(STRUCT, 0).map_err(|()| w.at)
}

const STRUCT: u8 = 12;

struct Walker<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Walker<'_> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, ()> {
        let b = *self.bytes.get(self.at).ok_or(())?;
        self.at += 1;
        Ok(b)
    }

    fn skip(&mut self, n: usize) -> Result<(), ()> {
        if n > self.left() {
            return Err(());
        }
        self.at += n;
        Ok(())
    }

    fn varint(&mut self) -> Result<u64, ()> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(())
    }

    /// A count of `per` bytes or more each, refused when the bytes left cannot hold it.
    fn count(&mut self, n: u64, per: usize) -> Result<usize, ()> {
        let n = usize::try_from(n).map_err(|_| ())?;
        if n.checked_mul(per).is_none_or(|need| need > self.left()) {
            return Err(());
        }
        Ok(n)
    }

    /// One element of a list, set or map: there a boolean takes a byte of its own (in a
    /// struct field the type nibble holds it).
    fn element(&mut self, kind: u8, depth: u32) -> Result<(), ()> {
        match kind {
            1 | 2 => self.skip(1),
            _ => self.value(kind, depth),
        }
    }

    fn value(&mut self, kind: u8, depth: u32) -> Result<(), ()> {
        if depth > MAX_DEPTH {
            return Err(());
        }
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.skip(8),
            8 => {
                let n = self.varint()?;
                let n = self.count(n, 1)?;
                self.skip(n)
            }
            9 | 10 => {
                let header = self.byte()?;
                let size = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                let n = self.count(size, 1)?;
                (0..n).try_for_each(|_| self.element(header & 0x0f, depth + 1))
            }
            11 => {
                let size = self.varint()?;
                if size == 0 {
                    return Ok(());
                }
                let kinds = self.byte()?;
                let n = self.count(size, 2)?;
                (0..n).try_for_each(|_| {
                    self.element(kinds >> 4, depth + 1)?;
                    self.element(kinds & 0x0f, depth + 1)
                })
            }
            STRUCT => loop {
                let field = self.byte()?;
                if field & 0x0f == 0 {
                    return Ok(());
                }
                if field >> 4 == 0 {
                    self.varint()?;
                }
                self.value(field & 0x0f, depth + 1)?;
            },
            13 => self.skip(16),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::walk;

    #[test]
    fn a_list_of_more_booleans_than_bytes_is_refused_at_once() {
        // FileMetaData { field 1: list<bool> of 2^31 - 1 elements } with one byte of payload:
        // 0x19 = field delta 1, type list; 0xF1 = size in a varint, element type bool-true;
        // ff ff ff ff 07 = 2,147,483,647; then one element and the struct's stop byte.
        let footer = [0x19, 0xF1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x01, 0x00];
        assert_eq!(walk(&footer), Err(7));
    }

    #[test]
    fn an_honest_struct_walks_to_its_end() {
        // field 1 i32 = 2 (0x15 0x04), field 2 list<i64> of 2 (0x19 0x26 0x02 0x04),
        // field 3 binary "ab" (0x18 0x02 a b), field 4 map<string,bool> of 1 (0x1b 0x01 0x81
        // 0x01 'k' 0x01), field 5 a nested empty struct (0x1c 0x00), stop.
        let footer = [
            0x15, 0x04, 0x19, 0x26, 0x02, 0x04, 0x18, 0x02, b'a', b'b', 0x1b, 0x01, 0x81, 0x01,
            b'k', 0x01, 0x1c, 0x00, 0x00,
        ];
        assert_eq!(walk(&footer), Ok(()));
    }

    #[test]
    fn a_footer_cut_short_or_nested_past_the_limit_is_refused() {
        assert!(walk(&[0x15]).is_err());
        let deep: Vec<u8> = std::iter::repeat_n(0x1c, 100).chain([0x00; 101]).collect();
        assert!(walk(&deep).is_err());
    }
}
