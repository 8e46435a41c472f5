//! Text at a terminal's width: the width to fit, how wide a line shows (colour codes take
//! none), prose wrapped at spaces with every word whole, a header broken at its underscores.

use comfy_table::Table;

/// The width a table must fit: the terminal's, else `COLUMNS`, else none (a pipe takes the
/// whole table). A terminal that reports under 20 columns (a pty of 0x0) counts as unknown.
pub fn width() -> Option<usize> {
    use std::io::IsTerminal;
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| Table::new().width())
        .flatten()
        .map(usize::from);
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    terminal.or(columns).filter(|w| *w >= 20)
}

/// A line of prose under a table, wrapped at spaces to the width of `width()` (unchanged on a
/// pipe without `COLUMNS`); a word longer than the width stays whole, so no figure is split.
pub fn prose_line(line: &str) -> String {
    wrap_at(line, width())
}

pub fn wrap_at(line: &str, limit: Option<usize>) -> String {
    let Some(limit) = limit else {
        return line.to_string();
    };
    let mut out = String::new();
    let mut len = 0;
    for word in line.split(' ') {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > limit {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out
}

/// A header over several lines, broken at underscores and spaces, the words packed into lines
/// as wide as its longest word (at least 6): `design_peak_calls` reads `design` / `peak` /
/// `calls`, a third as wide, and the name still reads.
pub(super) fn short(header: &str) -> String {
    let longest = header.split(['_', ' ']).map(str::len).max().unwrap_or(0);
    let width = longest.max(6);
    let mut out = String::new();
    let mut line = 0;
    // Each word with the separator that came before it.
    let mut start = 0;
    for (i, sep) in header
        .match_indices(['_', ' '])
        .map(|(i, s)| (i, Some(s)))
        .chain([(header.len(), None)])
    {
        let word = &header[start..i];
        let before = if start == 0 {
            ""
        } else {
            &header[start - 1..start]
        };
        if line > 0 && line + before.len() + word.len() > width {
            out.push('\n');
            line = 0;
        } else {
            out.push_str(before);
            line += before.len();
        }
        out.push_str(word);
        line += word.len();
        start = i + sep.map_or(0, str::len);
    }
    out
}

/// The widest line of a rendered table, in characters on screen (colour codes take none).
pub fn widest(text: &str) -> usize {
    text.lines().map(on_screen).max().unwrap_or(0)
}

/// Characters of a line a terminal shows: ANSI escape sequences (`ESC [ ... m`) left out.
fn on_screen(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for e in chars.by_ref() {
                if e.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_headers_break_at_underscores_and_spaces() {
        assert_eq!(short("design_peak_calls"), "design\npeak\ncalls");
        assert_eq!(short("peak_at"), "peak\nat");
        assert_eq!(short("act_by"), "act_by");
        assert_eq!(
            short("peak_in_progress (median / p95)"),
            "peak_in\nprogress\n(median\n/ p95)"
        );
        assert_eq!(short("utilization"), "utilization");
        assert_eq!(short(""), "");
    }

    #[test]
    fn prose_wraps_at_spaces_and_keeps_long_words_whole() {
        assert_eq!(wrap_at("a bb ccc", Some(4)), "a bb\nccc");
        assert_eq!(wrap_at("12345678 9", Some(4)), "12345678\n9");
        assert_eq!(wrap_at("a b", None), "a b");
        let line = "llm at 88.6% of its ceiling (tokens_per_minute, peak at 10:45)";
        let wrapped = wrap_at(line, Some(20));
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 20),
            "{wrapped}"
        );
        assert_eq!(wrapped.replace('\n', " "), line);
    }

    #[test]
    fn colour_codes_take_no_width() {
        assert_eq!(widest("\u{1b}[1m\u{1b}[38;5;10mok\u{1b}[39m\u{1b}[0m |"), 4);
    }
}
