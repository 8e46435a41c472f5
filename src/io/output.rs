//! Where reports go: standard output (a closed pipe is success) or a file replaced atomically,
//! never one of the command's own inputs. Also the one colour policy.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::values::error::{Error, Result};

/// When to colour: auto colours on a terminal unless NO_COLOR is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A checked destination, decided before any work is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    Stdout,
    File(PathBuf),
}

impl Sink {
    /// Checks `-o PATH` against the inputs: refuses to write over one, and a missing folder.
    pub fn new(path: &Path, inputs: &[std::path::PathBuf]) -> Result<Sink> {
        Sink::for_flag("-o", path, inputs)
    }

    /// The same, for the output `flag` names (`--chart`, `--arrivals-out`) in messages.
    pub fn for_flag(flag: &str, path: &Path, inputs: &[std::path::PathBuf]) -> Result<Sink> {
        if path == Path::new("-") {
            return Ok(Sink::Stdout);
        }
        let target = std::fs::canonicalize(path).ok();
        for input in inputs {
            let same = match (&target, std::fs::canonicalize(input)) {
                (Some(t), Ok(i)) => *t == i,
                _ => false,
            };
            if same {
                return Err(Error::Usage(format!(
                    "{flag} {}: refusing to write over an input file",
                    path.display()
                )));
            }
        }
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "{flag} {}: is a folder, not a file",
                path.display()
            )));
        }
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(Error::Usage(format!(
                "{flag} {}: the folder {} does not exist",
                path.display(),
                parent.display()
            )));
        }
        Ok(Sink::File(path.to_path_buf()))
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Sink::Stdout) && std::io::stdout().is_terminal()
    }

    /// Writes the whole report: to stdout (ignoring a closed pipe) or via a temporary file renamed
    /// into place, so a reader never sees half a report and a failed run leaves the old one.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(bytes).and_then(|()| out.flush()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(Error::io(Path::new("<stdout>"), e))
                    }
                    _ => Ok(()),
                }
            }
            // A device or a pipe (`-o /dev/null`, `-o >(gzip)`) is written in place: renaming a
            // temporary file over it would replace the device with a regular file.
            Sink::File(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Error::io(path, e))?;
                match f.write_all(bytes) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io(path, e)),
                    _ => Ok(()),
                }
            }
            Sink::File(path) => {
                let staged = stage(path, bytes)?;
                staged.persist(path).map_err(|e| Error::io(path, e.error))?;
                Ok(())
            }
        }
    }
}

/// Colour only for a terminal, unless forced. `auto` follows anstream's reading of the
/// environment: NO_COLOR (non-empty) turns it off, CLICOLOR_FORCE on, TERM=dumb off.
pub fn use_color(choice: ColorChoice, sink: &Sink) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            matches!(sink, Sink::Stdout)
                && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Writes several files so that either all are replaced or none is: each goes to a temporary
/// name beside its target first, and only when every one is written are they renamed into
/// place. A target that exists and is not a regular file is refused before anything is written.
pub fn write_all_or_nothing(files: &[(std::path::PathBuf, Vec<u8>)]) -> Result<()> {
    for (path, _) in files {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(Error::Usage(format!(
                "{} exists and is not a file; nothing was written",
                path.display()
            )));
        }
    }
    // A staged file not yet renamed is removed when dropped, so an error leaves nothing behind.
    let staged = files
        .iter()
        .map(|(path, bytes)| stage(path, bytes))
        .collect::<Result<Vec<_>>>()?;
    for ((path, _), tmp) in files.iter().zip(staged) {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    }
    Ok(())
}

/// A temporary file beside `path` holding `bytes`, synced to disk: `persist` renames it over
/// `path` (atomic on one filesystem), and dropping it first removes it.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let (dir, name) = crate::values::input::folder_and_name(path);
    let prefix = format!(".{name}.capplan-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A report is an ordinary file (0666 less the umask), not tempfile's private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut f = builder.tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    Ok(f)
}

/// Where a path points, for telling two names of one file apart before either exists: the
/// folder resolved (links, `..`) and the name as given.
fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
    Some(dir.join(path.file_name()?))
}

/// Two outputs of one command must be two files: `(flag, path)` pairs, standard output (`-`)
/// left out. Checked before any work, so neither is written over the other.
pub fn distinct_outputs(outputs: &[(&str, &Path)]) -> Result<()> {
    let files: Vec<(&str, &Path, Option<std::path::PathBuf>)> = outputs
        .iter()
        .filter(|(_, p)| *p != Path::new("-"))
        .map(|&(f, p)| (f, p, resolved(p)))
        .collect();
    for (i, a) in files.iter().enumerate() {
        for b in &files[..i] {
            if a.2.is_some() && a.2 == b.2 {
                return Err(Error::Usage(format!(
                    "{} {} and {} {} name the same file: give each its own",
                    b.0,
                    b.1.display(),
                    a.0,
                    a.1.display()
                )));
            }
        }
    }
    Ok(())
}
