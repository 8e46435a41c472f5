//! The one error type: every message names the input (file, line, column, key or flag) it is about.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in an input file, for messages that point at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

impl Location {
    /// Turns a byte offset into a 1-based line and column (columns count characters).
    pub fn from_offset(path: &Path, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location {
            path: path.to_path_buf(),
            line,
            column,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input at a known place in a file (TOML or CSV).
    #[error("{at}: {msg}")]
    At { at: Location, msg: String },
    /// Bad input in a file where no single line is to blame.
    #[error("{}: {msg}", path.display())]
    File { path: PathBuf, msg: String },
    /// A command-line value that does not make sense.
    #[error("{0}")]
    Usage(String),
    /// A file that could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How a command that ran to its end came out: a failed check is an answer, not an error, so
/// it travels here rather than as an `Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// A check found a layer over its threshold (exit 1). `unseen` is the verdict's headline
    /// when the verdict went to a file, so the terminal still says why; none when it is on
    /// standard output already.
    CheckFailed {
        unseen: Option<String>,
    },
}

impl Outcome {
    /// 0 for a pass, 1 for a failed check.
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Passed => 0,
            Outcome::CheckFailed { .. } => 1,
        }
    }
}

/// Messages quote the input they refuse; a quoted value of megabytes is cut to this many
/// characters, with how much was left out.
const MAX_MESSAGE_CHARS: usize = 600;

/// Cuts a message that quotes a huge field down to a readable length.
pub fn clip(msg: String) -> String {
    match msg.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => msg,
        Some((at, _)) => format!(
            "{}... ({} more bytes of the message cut)",
            &msg[..at],
            msg.len() - at
        ),
    }
}

impl Error {
    pub fn at(at: Location, msg: impl Into<String>) -> Error {
        Error::At {
            at,
            msg: clip(msg.into()),
        }
    }

    pub fn file(path: &Path, msg: impl Into<String>) -> Error {
        Error::File {
            path: path.to_path_buf(),
            msg: clip(msg.into()),
        }
    }

    /// A CSV reader's error, with the file and line: the one mapping every reader uses.
    pub fn csv(path: &Path, e: csv::Error) -> Error {
        if let csv::ErrorKind::Io(io) = e.kind() {
            return Error::file(path, io.to_string());
        }
        let msg = csv_message(&e);
        match e.position() {
            Some(p) => Error::at(
                Location {
                    path: path.to_path_buf(),
                    line: p.line() as usize,
                    column: 1,
                },
                msg,
            ),
            None => Error::file(path, msg),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit code: 1 when a check failed, 2 for bad usage or input.
    pub fn exit_code(&self) -> u8 {
        2
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a CSV reader's error says, in the project's words.
pub fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbb = 2\n";
        let at = Location::from_offset(Path::new("s.toml"), text, 7);
        assert_eq!((at.line, at.column), (2, 2));
        assert_eq!(at.to_string(), "s.toml:2:2");
        let start = Location::from_offset(Path::new("s.toml"), text, 0);
        assert_eq!((start.line, start.column), (1, 1));
    }

    #[test]
    fn only_failed_checks_exit_one() {
        let failed = Outcome::CheckFailed { unseen: None };
        assert_eq!(failed.exit_code(), 1);
        assert_eq!(Outcome::Passed.exit_code(), 0);
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
    }
}
