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
mod settings;
mod source;

use std::path::{Path, PathBuf};

use entries::{interval, layer, workload};
pub use growth::DEFAULT_HORIZON_MONTHS;
pub use model::{
    Direction, Form, Growth, Kind, Layer, LeadTime, Limit, Member, Price, Retry, Stack, Workload,
};
use raw::RawStack;
pub use settings::{
    DEFAULT_PEAK_MULTIPLIER, DEFAULT_WARN_AT, PEAKEDNESS_RANGE, check_blocking, check_multiplier,
    check_peakedness, check_warn,
};
pub(crate) use source::Source;

use crate::values::error::{Error, Result};
use crate::values::suggest::did_you_mean;

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
    pub as_of: Option<crate::values::month::Month>,
    /// `--horizon`: months to project.
    pub horizon: Option<u32>,
    /// `--projection`: a projection CSV, relative to the working directory.
    pub projection: Option<PathBuf>,
    /// `--quantile`: plan on a forecast's quantile column.
    pub quantile: Option<u32>,
}

/// Reads and checks a stack file.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Stack> {
    let text = crate::values::input::read_to_string(path)?;
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
    let peakedness = match &d.peakedness {
        Some(z) => check_peakedness(*z.get_ref()).map_err(|e| src.err(z.span(), e))?,
        None => 1.0,
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
        peakedness,
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

/// The JSON Schema (draft 2020-12) of the stack file.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(crate::model::stack::raw::RawStack);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema is plain data");
    s.push('\n');
    s
}
