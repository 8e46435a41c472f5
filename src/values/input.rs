//! Where input comes from: a file, standard input (`-`), or either gzipped (a name ending in
//! `.gz`, or gzip's magic bytes on standard input). One opener for every reader.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::values::error::{Error, Result};

/// True for the name that means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The folder a path is in (`.` for a bare name) and its file name.
pub fn folder_and_name(path: &Path) -> (&Path, String) {
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (folder, name)
}

/// Opens `path` for reading, decompressing gzip. Standard input can be read once only.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    let raw: Box<dyn Read + Send> = if is_stdin(path) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let head = buffered.fill_buf().map_err(|e| Error::io(path, e))?;
    let gzipped = head.starts_with(&[0x1f, 0x8b])
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    Ok(if gzipped {
        Box::new(flate2::bufread::MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    })
}

/// The most a file read whole may hold (a stack file, a saved JSON report): a baseline of
/// 100,000 layers is about 77 MB.
pub const MAX_WHOLE_BYTES: u64 = 256 << 20;

/// The most one CSV record may hold: no call record, arrivals row or history row comes near.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Reads all of `path` as text (the stack file, which may come on standard input), up to
/// `MAX_WHOLE_BYTES`: `/dev/zero` is refused, not read until memory runs out.
pub fn read_to_string(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    open(path)?
        .take(MAX_WHOLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_WHOLE_BYTES {
        return Err(Error::file(
            path,
            format!(
                "holds more than {} MiB: too large to be a stack file or a saved report",
                MAX_WHOLE_BYTES >> 20
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::file(
            path,
            format!("is not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Counts what a CSV reader pulls since its last record, and refuses past `MAX_RECORD_BYTES`:
/// one endless line (`/dev/zero`, a 300 MB field) or a quote never closed would otherwise be
/// buffered whole. The reader calls `RecordBudget::reset` after each record.
pub struct Bounded<R> {
    inner: R,
    used: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// The handle that starts a new record's count.
#[derive(Clone)]
pub struct RecordBudget(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl RecordBudget {
    pub fn reset(&self) {
        self.0.store(0, std::sync::atomic::Ordering::Relaxed);
    }
}

/// `inner` bounded per record, and the handle that resets the count.
pub fn bounded<R: Read>(inner: R) -> (Bounded<R>, RecordBudget) {
    let used = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    (
        Bounded {
            inner,
            used: used.clone(),
        },
        RecordBudget(used),
    )
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let used = self
            .used
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed)
            + n as u64;
        if used > MAX_RECORD_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a record runs past {} MiB (a line without end, or a quote never closed)",
                    MAX_RECORD_BYTES >> 20
                ),
            ));
        }
        Ok(n)
    }
}
