//! The stack file: read the TOML, check it, and build the `Stack` model every command works on.

mod entries;
mod formulas;
mod growth;
pub mod kind;
mod limits;
pub mod model;
mod preset;
mod price;
pub mod raw;

use std::ops::Range;
use std::path::{Path, PathBuf};

use entries::{interval, layer, workload};
pub use growth::DEFAULT_HORIZON_MONTHS;
pub use model::{
    Direction, Form, Growth, Kind, Layer, LeadTime, Limit, Member, Price, Retry, Stack, Workload,
};
use raw::RawStack;

use crate::error::{Error, Location, Result};
use crate::suggest::did_you_mean;

/// A published rule of thumb for voice: provision the average concurrency times 2.5.
pub const DEFAULT_PEAK_MULTIPLIER: f64 = 2.5;
/// Common advice: alert at 75% of a contracted limit.
pub const DEFAULT_WARN_AT: f64 = 0.75;

/// Values from the command line that take precedence over the stack file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `--arrivals NAME=FILE`: a workload's arrivals file, relative to the working directory.
    pub arrivals: Vec<(String, PathBuf)>,
    pub interval_s: Option<f64>,
    pub peak_multiplier: Option<f64>,
    pub warn_at: Option<f64>,
    pub blocking: Option<f64>,
    /// `--growth`: compound monthly growth for every workload.
    pub growth: Option<f64>,
    /// `--as-of`: the first month of the projection.
    pub as_of: Option<crate::month::Month>,
    /// `--horizon`: months to project.
    pub horizon: Option<u32>,
    /// `--projection`: a projection CSV, relative to the working directory.
    pub projection: Option<PathBuf>,
    /// `--quantile`: plan on a forecast's quantile column.
    pub quantile: Option<u32>,
}

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

/// Reads and checks a stack file.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Stack> {
    let text = crate::input::read_to_string(path)?;
    parse(path, &text, overrides)
}

/// Checks the text of a stack file; `path` names it in messages and anchors relative paths.
pub fn parse(path: &Path, text: &str, overrides: &Overrides) -> Result<Stack> {
    let src = Source::new(path, text);
    let mut raw: RawStack = toml::from_str(text).map_err(|e| toml_error(&src, &e))?;
    for layer in &mut raw.layers {
        preset::apply_preset(&src, layer)?;
        for f in &mut layer.failover {
            preset::apply_preset(&src, f)?;
        }
    }
    build(&src, raw, overrides)
}

/// Turns a toml error into ours, adding a suggestion for an unknown key.
fn toml_error(src: &Source, e: &toml::de::Error) -> Error {
    let mut msg = e.message().trim().to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let word = rest.split('`').next().unwrap_or("");
        let mut expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        // In a layer of a known kind, only the keys that kind takes (and the layer's own).
        if let Some(kind) = e
            .span()
            .and_then(|sp| layer_kind_around(src.text, sp.start))
        {
            expected.retain(|k| !model::Kind::is_limit_key(k) || kind.keys().contains(k));
        }
        let hint = did_you_mean(word, expected.iter().copied());
        msg = format!(
            "unknown key `{word}`{hint}; expected one of: {}",
            expected.join(", ")
        );
    }
    match e.span() {
        Some(span) => src.err(span, msg),
        None => Error::file(src.path, msg),
    }
}

/// The kind of the `[[layer]]` table around a byte offset, read from its `kind = "..."` line.
fn layer_kind_around(text: &str, offset: usize) -> Option<Kind> {
    let before = &text[..offset.min(text.len())];
    let start = before.rfind("[[layer]]")?;
    // The table runs to the next header that is not one of its own sub-tables.
    let rest = &text[start + 9..];
    let end = rest
        .find("\n[[layer]]")
        .map_or(text.len(), |i| start + 9 + i);
    text[start..end].lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        if k.trim() != "kind" {
            return None;
        }
        let v = v.trim().trim_matches('"');
        Kind::ALL.into_iter().find(|x| x.name() == v)
    })
}

fn build(src: &Source, raw: RawStack, ov: &Overrides) -> Result<Stack> {
    let d = &raw.defaults;
    let peak_multiplier = match (ov.peak_multiplier, &d.peak_multiplier) {
        (Some(m), _) => check_multiplier(m).map_err(Error::Usage)?,
        (None, Some(m)) => check_multiplier(*m.get_ref()).map_err(|e| src.err(m.span(), e))?,
        (None, None) => DEFAULT_PEAK_MULTIPLIER,
    };
    let warn_at = match (ov.warn_at, &d.warn_at) {
        (Some(w), _) => w,
        (None, Some(w)) => check_warn(w.get_ref().0).map_err(|e| src.err(w.span(), e))?,
        (None, None) => DEFAULT_WARN_AT,
    };
    let blocking_target = match (ov.blocking, &d.blocking) {
        (Some(b), _) => Some(b),
        (None, Some(b)) => Some(check_blocking(b.get_ref().0).map_err(|e| src.err(b.span(), e))?),
        (None, None) => None,
    };
    let default_interval = match &d.interval {
        Some(i) => Some(interval(src, i)?),
        None => None,
    };
    if raw.workloads.is_empty() {
        return Err(Error::file(
            src.path,
            "no workloads: add at least one [[workload]] with a name, arrivals and aht",
        ));
    }
    if raw.layers.is_empty() {
        return Err(Error::file(
            src.path,
            "no layers: add at least one [[layer]] with a name, a kind and its limits",
        ));
    }
    let workloads = workloads_of(src, &raw, ov, peak_multiplier, default_interval)?;
    let layers = layers_of(src, &raw, &workloads, warn_at, ov)?;
    let growth = growth::growth(src, raw.growth.as_ref(), &workloads, ov)?;
    let currency = match &d.currency {
        Some(c) if c.get_ref().trim().is_empty() => {
            return Err(src.err(c.span(), "currency must not be empty"));
        }
        Some(c) => c.get_ref().trim().to_string(),
        None => "USD".to_string(),
    };
    let (timezone, timezone_name) = zone(src, d)?;
    Ok(Stack {
        quantile: ov.quantile,
        timezone,
        timezone_name,
        growth,
        currency,
        path: src.path.to_path_buf(),
        peak_multiplier,
        warn_at,
        blocking_target,
        workloads,
        layers,
    })
}

/// The workloads, each name once; every `--arrivals NAME=` must name one of them.
fn workloads_of(
    src: &Source,
    raw: &RawStack,
    ov: &Overrides,
    peak_multiplier: f64,
    default_interval: Option<f64>,
) -> Result<Vec<Workload>> {
    let mut workloads = Vec::new();
    let mut names = std::collections::HashSet::new();
    for w in &raw.workloads {
        let wl = workload(src, w, ov, peak_multiplier, default_interval)?;
        if !names.insert(wl.name.clone()) {
            return Err(src.err(
                w.name.span(),
                format!("workload `{}` is defined twice", wl.name),
            ));
        }
        workloads.push(wl);
    }
    for (name, _) in &ov.arrivals {
        if !workloads.iter().any(|w| &w.name == name) {
            let hint = did_you_mean(name, workloads.iter().map(|w| w.name.as_str()));
            return Err(Error::Usage(format!(
                "--arrivals {name}=...: `{name}` is not a workload of {}{hint}",
                src.path.display()
            )));
        }
    }
    Ok(workloads)
}

/// The layers, each name once.
fn layers_of(
    src: &Source,
    raw: &RawStack,
    workloads: &[Workload],
    warn_at: f64,
    ov: &Overrides,
) -> Result<Vec<Layer>> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut names = std::collections::HashSet::new();
    for l in &raw.layers {
        let layer = layer(src, l, workloads, warn_at, ov.warn_at.is_some())?;
        if !names.insert(layer.name.clone()) {
            return Err(src.err(
                l.name.span(),
                format!("layer `{}` is defined twice", layer.name),
            ));
        }
        layers.push(layer);
    }
    Ok(layers)
}

/// `timezone = "Europe/Paris"`: the zone of dated arrivals written without an offset.
#[allow(clippy::type_complexity)]
fn zone(
    src: &Source,
    d: &raw::RawDefaults,
) -> Result<(Option<jiff::tz::TimeZone>, Option<String>)> {
    Ok(match &d.timezone {
        None => (None, None),
        Some(z) => {
            let name = z.get_ref().trim();
            let tz = jiff::tz::TimeZone::get(name).map_err(|_| {
                src.err(
                    z.span(),
                    format!("unknown time zone `{name}`: give an IANA name such as \"Europe/Paris\" or \"America/New_York\""),
                )
            })?;
            (Some(tz), Some(name.to_string()))
        }
    })
}

pub fn check_multiplier(m: f64) -> Result<f64, String> {
    if m.is_finite() && (1.0..=100.0).contains(&m) {
        Ok(m)
    } else {
        Err(format!(
            "peak_multiplier must be between 1 and 100 (the usual rule of thumb is 2.5), found {m}"
        ))
    }
}

pub fn check_warn(w: f64) -> Result<f64, String> {
    if w > 0.0 && w <= 1.0 {
        Ok(w)
    } else {
        Err(format!(
            "warn_at must be above 0% and at most 100%, found {}",
            w * 100.0
        ))
    }
}

pub fn check_blocking(b: f64) -> Result<f64, String> {
    if b > 0.0 && b < 1.0 {
        Ok(b)
    } else {
        Err(format!(
            "blocking must be above 0% and below 100%, found {}",
            b * 100.0
        ))
    }
}
