//! The one table policy every command's terminal tables follow: a condensed UTF-8 frame; a
//! figure is never split across lines; when the table is wider than the terminal (or
//! `COLUMNS`), secondary columns are left out with a note, then prose columns wrap at spaces;
//! on a pipe with no `COLUMNS` nothing is cut.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::table::width;

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

    /// The table at a given width (`None`: no limit).
    pub fn render_at(&self, limit: Option<usize>) -> String {
        let mut shown: Vec<usize> = (0..self.header.len()).collect();
        let mut text = self.table(&shown, None);
        let Some(limit) = limit else {
            return text;
        };
        let mut dropped = Vec::new();
        for &c in &self.optional {
            if widest(&text) <= limit {
                break;
            }
            shown.retain(|&s| s != c);
            dropped.push(self.header[c].clone());
            text = self.table(&shown, None);
        }
        if widest(&text) > limit && shown.iter().any(|c| self.prose.contains(c)) {
            text = self.table(&shown, Some(limit));
        }
        if !dropped.is_empty() {
            text.push_str(&format!(
                "\n(left out at this width: {}; widen the terminal or COLUMNS, or use --format csv or json)",
                dropped.join(", ")
            ));
        }
        text
    }

    /// The shown columns; with a width, prose columns wrap to fit it and the others keep
    /// their content's width.
    fn table(&self, shown: &[usize], wrap_to: Option<usize>) -> String {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
        t.set_header(shown.iter().map(|&c| Cell::new(&self.header[c])));
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
            for (i, c) in shown.iter().enumerate() {
                // Figures keep their width; prose keeps at least a few words a line.
                let rule = if self.prose.contains(c) {
                    ColumnConstraint::LowerBoundary(Width::Fixed(PROSE_MIN))
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

/// The widest line of a rendered table, in characters.
pub fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
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
        let g = grid();
        for w in 20..=120 {
            let out = g.render_at(Some(w));
            for figure in ["1234.5", "99.75%"] {
                assert!(out.contains(figure), "width {w}:\n{out}");
            }
        }
    }

    #[test]
    fn secondary_columns_go_first_then_prose_wraps() {
        let g = grid();
        let full = g.render_at(None);
        assert_eq!(g.render_at(Some(widest(&full))), full);
        let narrower = g.render_at(Some(widest(&full) - 1));
        let header = narrower.lines().nth(1).expect("a header line");
        assert!(!header.contains("kind"), "{narrower}");
        assert!(
            narrower.contains("left out at this width: kind;"),
            "{narrower}"
        );
        let narrow = g.render_at(Some(50));
        let table: String = narrow
            .lines()
            .filter(|l| !l.starts_with('('))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(widest(&table) <= 50, "{narrow}");
        assert!(narrow.contains("spring"), "{narrow}");
    }
}
