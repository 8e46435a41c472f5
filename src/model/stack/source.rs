//! The stack file's path and text, so a check can point at the spot: a span becomes
//! `file:line:column` with the line shown and a caret under it.

use std::ops::Range;
use std::path::Path;

use crate::values::error::{Error, Location};

/// The stack file's path and text, so checks can turn spans into `file:line:column`.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// Byte offsets where lines start: a line number is a binary search, so a file of many
    /// layers is not read again from its start for each one.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Source<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            path,
            text,
            line_starts,
        }
    }

    /// An error at `span`, with the line it stands on and a caret under the spot.
    pub fn err(&self, span: Range<usize>, msg: impl Into<String>) -> Error {
        let at = Location::from_offset(self.path, self.text, span.start);
        let line = self
            .text
            .lines()
            .nth(at.line.saturating_sub(1))
            .unwrap_or("");
        let msg = msg.into();
        // A line of megabytes is not shown; the location still points at it.
        if line.len() > 200 {
            return Error::at(at, msg);
        }
        let width = self.text[span.clone()]
            .chars()
            .take_while(|c| *c != '\n')
            .count()
            .max(1);
        let num = at.line.to_string();
        let pad = " ".repeat(num.len());
        let snippet = format!(
            "\n{pad} |\n{num} | {line}\n{pad} | {}{}",
            " ".repeat(at.column.saturating_sub(1)),
            "^".repeat(
                width
                    .min(line.chars().count().saturating_sub(at.column - 1))
                    .max(1)
            )
        );
        Error::at(at, msg + &snippet)
    }

    pub fn line(&self, span: &Range<usize>) -> usize {
        self.line_starts.partition_point(|&s| s <= span.start)
    }
}
