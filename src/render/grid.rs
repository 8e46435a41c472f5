//! The one table policy every command's terminal tables follow: a condensed UTF-8 frame; a
//! figure is never split across lines; when the table is wider than the terminal (or
//! `COLUMNS`), headers break at their underscores, then prose columns wrap at spaces, then
//! secondary columns are left out with a note; on a pipe with no `COLUMNS` nothing is cut.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::text::{short, widest, width, wrap_at};

/// The narrowest a prose column is wrapped to: below it the table stays wide instead.
const PROSE_MIN: u16 = 16;

/// A table before it meets the terminal.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns of words (actions, notes, limits), which may wrap at spaces; every other
    /// column holds figures and is kept whole.
    pub prose: Vec<usize>,
    /// Columns that may be left out when the table is too wide, first to go first.
    pub optional: Vec<usize>,
    /// A markdown table (for a PR comment or a file): never cut, whatever the width.
    pub markdown: bool,
    /// Keep the cells' colours and attributes (colour was asked for, or is on a terminal).
    pub color: bool,
}

/// A table fitted to a width, and the headers of the columns left out to fit it.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub text: String,
    pub left_out: Vec<String>,
}

impl Fitted {
    /// The line naming the columns left out (none when all are shown), pointing to the
    /// formats that carry them whole.
    pub fn note(&self, formats: &str) -> Option<String> {
        (!self.left_out.is_empty()).then(|| {
            format!(
                "(left out at this width: {}; widen the terminal or COLUMNS, or use --format {formats})",
                self.left_out.join(", ")
            )
        })
    }
}

impl Grid {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        Grid {
            header: header.into_iter().map(Into::into).collect(),
            ..Grid::default()
        }
    }

    pub fn row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Grid {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    pub fn prose(mut self, columns: &[usize]) -> Grid {
        self.prose = columns.to_vec();
        self
    }

    pub fn markdown(mut self, on: bool) -> Grid {
        self.markdown = on;
        self
    }

    pub fn optional(mut self, columns: &[usize]) -> Grid {
        self.optional = columns.to_vec();
        self
    }

    pub fn color(mut self, on: bool) -> Grid {
        self.color = on;
        self
    }

    /// The table at the width of `width()`, and a note naming the columns left out (if any).
    pub fn render(&self) -> String {
        if self.markdown {
            let rows = self
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.content()).collect());
            return super::markdown::table(&self.header, rows);
        }
        self.render_at(width())
    }

    /// The table at a given width (`None`: no limit), with a note naming what was left out.
    pub fn render_at(&self, limit: Option<usize>) -> String {
        let fitted = self.fit(limit);
        match fitted.note("csv or json") {
            Some(note) => format!("{}\n{}", fitted.text, wrap_at(&note, limit)),
            None => fitted.text,
        }
    }

    /// The table fitted to a width, each step taken only while it is still too wide: headers
    /// one word a line, then prose wrapped at spaces (neither loses anything), then optional
    /// columns left out one at a time (first listed first), prose wrapped again after each.
    /// Figures keep their width whatever happens.
    pub fn fit(&self, limit: Option<usize>) -> Fitted {
        let mut shown: Vec<usize> = (0..self.header.len()).collect();
        let mut text = self.table(&shown, None, false);
        let mut left_out = Vec::new();
        let Some(limit) = limit else {
            return Fitted { text, left_out };
        };
        if widest(&text) > limit {
            text = self.table(&shown, None, true);
        }
        let mut optional = self.optional.iter();
        while widest(&text) > limit {
            if shown.iter().any(|c| self.prose.contains(c)) {
                text = self.table(&shown, Some(limit), true);
                if widest(&text) <= limit {
                    break;
                }
            }
            let Some(&c) = optional.next() else { break };
            shown.retain(|&s| s != c);
            left_out.push(self.header[c].clone());
            text = self.table(&shown, None, true);
        }
        Fitted { text, left_out }
    }

    /// The shown columns; with a width, prose columns wrap to fit it and the others keep
    /// their content's width.
    fn table(&self, shown: &[usize], wrap_to: Option<usize>, short_headers: bool) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
        if self.color {
            t.enforce_styling();
        }
        let header = |c: usize| match short_headers {
            true => short(&self.header[c]),
            false => self.header[c].clone(),
        };
        t.set_header(shown.iter().map(|&c| Cell::new(header(c))));
        for row in &self.rows {
            t.add_row(
                shown
                    .iter()
                    .map(|&c| row.get(c).cloned().unwrap_or_else(|| Cell::new(""))),
            );
        }
        if let Some(w) = wrap_to {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(u16::try_from(w).unwrap_or(u16::MAX));
            for (i, &c) in shown.iter().enumerate() {
                // Figures keep their width; prose keeps at least a few words a line and its
                // longest word whole (comfy-table would split a word wider than the column).
                let rule = if self.prose.contains(&c) {
                    let longest = self
                        .rows
                        .iter()
                        .filter_map(|r| r.get(c))
                        .flat_map(|cell| {
                            cell.content()
                                .split_whitespace()
                                .map(|w| w.chars().count())
                                .max()
                        })
                        .max()
                        .unwrap_or(0);
                    // Two characters of padding beside the text.
                    let least = u16::try_from(longest + 2)
                        .unwrap_or(u16::MAX)
                        .max(PROSE_MIN);
                    ColumnConstraint::LowerBoundary(Width::Fixed(least))
                } else {
                    ColumnConstraint::ContentWidth
                };
                if let Some(col) = t.column_mut(i) {
                    col.set_constraint(rule);
                }
            }
        }
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new(["layer", "peak_calls", "kind", "action"])
            .prose(&[3])
            .optional(&[2]);
        g.row([
            "trunk",
            "1234.5",
            "trunk",
            "add 12 channels before the spring campaign starts",
        ]);
        g.row(["llm", "99.75%", "llm", "none"]);
        g
    }

    #[test]
    fn no_figure_is_split_at_any_width() {
        let mut g = grid();
        // A figure in a prose column, longer than the narrowest prose width: kept whole.
        g.row(["x", "1", "x", "7.26e-2% (2.21e-3%-0.1234567%)"]);
        for w in 20..=120 {
            let out = g.render_at(Some(w));
            for figure in ["1234.5", "99.75%", "(2.21e-3%-0.1234567%)"] {
                assert!(out.contains(figure), "width {w}:\n{out}");
            }
        }
    }

    #[test]
    fn headers_shorten_then_prose_wraps_then_secondary_columns_go() {
        let g = grid();
        let full = g.render_at(None);
        assert_eq!(g.render_at(Some(widest(&full))), full);
        let shorter = g.render_at(Some(widest(&full) - 1));
        assert!(
            shorter.contains("┆ peak ") && shorter.contains("kind"),
            "{shorter}"
        );
        assert!(!shorter.contains("left out"), "{shorter}");
        // Narrower: the action wraps at spaces before any column goes.
        let wrapped = g.render_at(Some(widest(&shorter) - 1));
        assert!(
            wrapped.contains("kind") && !wrapped.contains("left out"),
            "{wrapped}"
        );
        assert!(
            wrapped.lines().count() > shorter.lines().count(),
            "{wrapped}"
        );
        // Narrower than the action's shortest wrap: the secondary column goes.
        let narrow = g.render_at(Some(40));
        let header = narrow.lines().nth(1).expect("a header line");
        assert!(!header.contains("kind"), "{narrow}");
        assert!(narrow.contains("left out at this width: kind;"), "{narrow}");
        let table: String = narrow
            .lines()
            .filter(|l| !l.starts_with('(') && !l.starts_with("widen"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(widest(&table) <= 40, "{narrow}");
        assert!(narrow.contains("spring"), "{narrow}");
    }
}
