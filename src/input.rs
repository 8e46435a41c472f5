//! Where input comes from: a file, standard input (`-`), or either gzipped (a name ending in
//! `.gz`, or gzip's magic bytes on standard input). One opener for every reader.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// Reads all of `path` as text (the stack file, which may come on standard input).
pub fn read_to_string(path: &Path) -> Result<String> {
    let mut text = String::new();
    open(path)?
        .read_to_string(&mut text)
        .map_err(|e| Error::io(path, e))?;
    Ok(text)
}

/// A plain file holding what `path` holds, for readers that need to seek or read twice
/// (`observe` reads ranges in parallel): `path` itself, or a temporary copy of standard input or
/// of a decompressed file, kept alive by the returned guard.
pub fn seekable(path: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if !is_stdin(path) && !gz {
        return Ok((path.to_path_buf(), None));
    }
    let dir = tempfile::tempdir().map_err(|e| Error::io(path, e))?;
    let name = if is_stdin(path) {
        "stdin.csv".to_string()
    } else {
        path.file_stem()
            .map_or("input.csv".into(), |s| s.to_string_lossy().into_owned())
    };
    let copy = dir.path().join(name);
    let mut out = std::fs::File::create(&copy).map_err(|e| Error::io(&copy, e))?;
    std::io::copy(&mut open(path)?, &mut out).map_err(|e| Error::io(path, e))?;
    Ok((copy, Some(dir)))
}
