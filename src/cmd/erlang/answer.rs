//! The result of an `erlang` calculation: named inputs and results with their units, rendered
//! as a table, JSON, CSV or markdown.

use crate::render::grid::Grid;
use crate::render::{csv_text, markdown};
use serde_json::{Map, Value};

use crate::values::units::{csv_number, percent_fine};

/// A unit, so every figure says what it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Erlangs,
    Lines,
    Agents,
    Sources,
    /// A probability or share, 0 to 1 (the table adds a percentage).
    Share,
    Seconds,
    CallsPerHour,
    Calls,
    /// A plain factor (peakedness).
    Ratio,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Erlangs => "erlangs",
            Unit::Lines => "lines",
            Unit::Agents => "agents",
            Unit::Sources => "sources",
            Unit::Share => "share",
            Unit::Seconds => "s",
            Unit::CallsPerHour => "calls/h",
            Unit::Calls => "calls",
            Unit::Ratio => "ratio",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub model: &'static str,
    pub inputs: Vec<(&'static str, f64, Unit)>,
    pub results: Vec<(&'static str, f64, Unit)>,
    pub notes: Vec<String>,
}

impl Answer {
    pub fn new(model: &'static str) -> Answer {
        Answer {
            model,
            inputs: Vec::new(),
            results: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn input(mut self, name: &'static str, value: f64, unit: Unit) -> Answer {
        self.inputs.push((name, value, unit));
        self
    }

    pub fn result(mut self, name: &'static str, value: f64, unit: Unit) -> Answer {
        self.results.push((name, value, unit));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Answer {
        self.notes.push(note.into());
        self
    }

    /// JSON: `{"model", "inputs": {name: value}, "results": {name: value}, "units": {...}, "notes"}`;
    /// an infinite value (the wait in an unstable queue) is `null`.
    pub fn json(&self) -> String {
        let section = |rows: &[(&str, f64, Unit)]| {
            let mut m = Map::new();
            for (name, value, _) in rows {
                let v = serde_json::Number::from_f64(*value).map_or(Value::Null, Value::Number);
                m.insert(name.to_string(), v);
            }
            Value::Object(m)
        };
        let mut units = Map::new();
        for (name, _, unit) in self.inputs.iter().chain(&self.results) {
            units.insert(name.to_string(), Value::String(unit.name().into()));
        }
        let mut root = Map::new();
        root.insert("model".into(), Value::String(self.model.into()));
        root.insert("inputs".into(), section(&self.inputs));
        root.insert("results".into(), section(&self.results));
        root.insert("units".into(), Value::Object(units));
        root.insert(
            "notes".into(),
            Value::Array(self.notes.iter().cloned().map(Value::String).collect()),
        );
        crate::render::json(&Value::Object(root))
    }

    /// Every figure with its side (`in` or `out`), in the order given.
    fn rows(&self) -> impl Iterator<Item = (&'static str, &(&'static str, f64, Unit))> {
        let inputs = self.inputs.iter().map(|r| ("in", r));
        inputs.chain(self.results.iter().map(|r| ("out", r)))
    }

    pub fn table(&self) -> String {
        let mut t = Grid::new(["", "quantity", "value", "unit"]);
        for (side, (name, value, unit)) in self.rows() {
            t.row([
                side.to_string(),
                name.to_string(),
                show(*value, *unit),
                unit.name().to_string(),
            ]);
        }
        let mut out = format!("{}\n{}\n", self.model, t.render());
        for n in &self.notes {
            out.push_str(&crate::render::text::prose_line(n));
            out.push('\n');
        }
        out
    }
}

impl Answer {
    /// CSV, one row per figure: `model,side,quantity,value,unit`, the value in full (twelve
    /// significant digits, an infinite wait left empty), so answers from a sweep of inputs
    /// concatenate into one table. The notes are not rows: the command prints them on stderr.
    pub fn csv(&self) -> String {
        let rows = self.rows().map(|(side, (name, value, unit))| {
            vec![
                self.model.to_string(),
                side.to_string(),
                name.to_string(),
                csv_number(*value),
                unit.name().to_string(),
            ]
        });
        csv_text(&["model", "side", "quantity", "value", "unit"], rows)
    }

    /// Markdown: the model in bold, the table, then the notes.
    pub fn markdown(&self) -> String {
        let rows = self.rows().map(|(side, (name, value, unit))| {
            let cells = [side, name, &show(*value, *unit), unit.name()];
            cells.map(str::to_string).to_vec()
        });
        let mut out = format!("**{}**\n\n", self.model);
        out.push_str(&markdown::table(&["", "quantity", "value", "unit"], rows));
        for n in &self.notes {
            out.push_str(&format!("\n{n}\n"));
        }
        out
    }
}

/// Ten significant digits: enough to check against a table, short enough to read.
fn show(v: f64, unit: Unit) -> String {
    if v.is_infinite() {
        return "infinite".into();
    }
    let digits = if v == 0.0 || v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v}")
    } else {
        let s = format!("{v:.9e}");
        let parsed: f64 = s.parse().unwrap_or(v);
        if (1e-4..1e9).contains(&parsed.abs()) {
            format!("{parsed}")
        } else {
            s
        }
    };
    match unit {
        Unit::Share => format!("{digits} ({})", percent_fine(v)),
        _ => digits,
    }
}
