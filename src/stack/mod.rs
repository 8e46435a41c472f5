//! The stack file: read the TOML, check it, and build the `Stack` model every command works on.

mod limits;
pub mod model;
mod price;
pub mod raw;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use model::{Form, Growth, Kind, Layer, Limit, Member, Price, Stack, Workload};
use raw::{RawLayer, RawStack, RawWorkload};

use crate::error::{Error, Location, Result};
use crate::suggest::did_you_mean;
use crate::units::parse_duration_s;

/// The seeds' rule of thumb: provision the average concurrency times 2.5.
pub const DEFAULT_PEAK_MULTIPLIER: f64 = 2.5;
/// The seeds' advice: alert at 75% of a contracted limit.
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
}

/// The stack file's path and text, so checks can turn spans into `file:line:column`.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn err(&self, span: Range<usize>, msg: impl Into<String>) -> Error {
        Error::at(Location::from_offset(self.path, self.text, span.start), msg)
    }

    pub fn line(&self, span: &Range<usize>) -> usize {
        Location::from_offset(self.path, self.text, span.start).line
    }
}

/// Reads and checks a stack file.
pub fn load(path: &Path, overrides: &Overrides) -> Result<Stack> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text, overrides)
}

/// Checks the text of a stack file; `path` names it in messages and anchors relative paths.
pub fn parse(path: &Path, text: &str, overrides: &Overrides) -> Result<Stack> {
    let src = Source { path, text };
    let mut raw: RawStack = toml::from_str(text).map_err(|e| toml_error(&src, &e))?;
    for layer in &mut raw.layers {
        apply_preset(&src, layer)?;
        for f in &mut layer.failover {
            apply_preset(&src, f)?;
        }
    }
    build(&src, raw, overrides)
}

/// Replaces `preset = "..."` by the preset's keys, under the ones the layer sets itself.
fn apply_preset(src: &Source, layer: &mut RawLayer) -> Result<()> {
    let Some(name) = layer.preset.clone() else {
        return Ok(());
    };
    let preset = crate::presets::find(name.get_ref()).ok_or_else(|| {
        let hint = did_you_mean(
            name.get_ref(),
            crate::presets::PRESETS.iter().map(|p| p.name),
        );
        src.err(
            name.span(),
            format!(
                "unknown preset `{}`{hint}; `capplan presets` lists them",
                name.get_ref()
            ),
        )
    })?;
    let text = format!("name = \"{}\"\n{}", preset.name, preset.toml);
    let parsed: RawLayer = toml::from_str(&text).expect("every preset is a valid layer");
    if let (Some(mine), Some(theirs)) = (&layer.kind, &parsed.kind)
        && mine.get_ref() != theirs.get_ref()
    {
        return Err(src.err(
            mine.span(),
            format!(
                "kind `{}` conflicts with preset `{}`, a `{}` layer",
                mine.get_ref(),
                preset.name,
                theirs.get_ref()
            ),
        ));
    }
    layer.fill_from_preset(parsed, name.span());
    Ok(())
}

/// Turns a toml error into ours, adding a suggestion for an unknown key.
fn toml_error(src: &Source, e: &toml::de::Error) -> Error {
    let mut msg = e.message().trim().to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let word = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
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
    let mut workloads = Vec::new();
    for w in &raw.workloads {
        let wl = workload(src, w, ov, peak_multiplier, default_interval)?;
        if workloads.iter().any(|x: &Workload| x.name == wl.name) {
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
    let mut layers: Vec<Layer> = Vec::new();
    for l in &raw.layers {
        let layer = layer(src, l, &workloads, warn_at, ov.warn_at.is_some())?;
        if layers.iter().any(|x| x.name == layer.name) {
            return Err(src.err(
                l.name.span(),
                format!("layer `{}` is defined twice", layer.name),
            ));
        }
        layers.push(layer);
    }
    let growth = growth(src, raw.growth.as_ref(), &workloads, ov)?;
    let currency = match &d.currency {
        Some(c) if c.get_ref().trim().is_empty() => {
            return Err(src.err(c.span(), "currency must not be empty"));
        }
        Some(c) => c.get_ref().trim().to_string(),
        None => "USD".to_string(),
    };
    Ok(Stack {
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

pub fn check_multiplier(m: f64) -> Result<f64, String> {
    if m.is_finite() && (1.0..=100.0).contains(&m) {
        Ok(m)
    } else {
        Err(format!(
            "peak_multiplier must be between 1 and 100 (the seeds use 2.5), found {m}"
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

fn interval(src: &Source, i: &toml::Spanned<String>) -> Result<f64> {
    let s =
        parse_duration_s(i.get_ref()).map_err(|e| src.err(i.span(), format!("interval: {e}")))?;
    if !(1.0..=86_400.0).contains(&s) {
        return Err(src.err(i.span(), "interval must be between 1s and 1d"));
    }
    Ok(s)
}

fn workload(
    src: &Source,
    w: &RawWorkload,
    ov: &Overrides,
    default_multiplier: f64,
    default_interval: Option<f64>,
) -> Result<Workload> {
    let name = w.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err(src.err(w.name.span(), "a workload name must not be empty"));
    }
    let arrivals = match ov.arrivals.iter().find(|(n, _)| *n == name) {
        Some((_, p)) => p.clone(),
        None => {
            match &w.arrivals {
                Some(a) => src.path.parent().unwrap_or(Path::new("")).join(a.get_ref()),
                None => {
                    return Err(src.err(
                    w.name.span(),
                    format!("workload `{name}` has no `arrivals` file (or give --arrivals {name}=FILE)"),
                ));
                }
            }
        }
    };
    let aht_s = match &w.aht {
        Some(a) => {
            let s = parse_duration_s(a.get_ref())
                .map_err(|e| src.err(a.span(), format!("aht: {e}")))?;
            if !(s > 0.0 && s <= 7.0 * 86_400.0) {
                return Err(src.err(
                    a.span(),
                    format!("aht must be above 0s and at most 7d, found {}", a.get_ref()),
                ));
            }
            Some(s)
        }
        None => None,
    };
    let peak_multiplier = match (ov.peak_multiplier, &w.peak_multiplier) {
        (None, Some(m)) => check_multiplier(*m.get_ref()).map_err(|e| src.err(m.span(), e))?,
        _ => default_multiplier,
    };
    let interval_s = match (ov.interval_s, &w.interval) {
        (Some(i), _) => Some(i),
        (None, Some(i)) => Some(interval(src, i)?),
        (None, None) => default_interval,
    };
    Ok(Workload {
        line: src.line(&w.name.span()),
        name,
        arrivals,
        aht_s,
        peak_multiplier,
        interval_s,
    })
}

fn layer(
    src: &Source,
    l: &RawLayer,
    workloads: &[Workload],
    default_warn: f64,
    warn_forced: bool,
) -> Result<Layer> {
    let name = l.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err(src.err(l.name.span(), "a layer name must not be empty"));
    }
    let kind = limits::kind(src, l)?;
    let used = match &l.workloads {
        None => (0..workloads.len()).collect(),
        Some(list) => {
            let mut seen = HashSet::new();
            let mut idx = Vec::new();
            for w in list.get_ref() {
                let Some(i) = workloads.iter().position(|x| &x.name == w) else {
                    let hint = did_you_mean(w, workloads.iter().map(|x| x.name.as_str()));
                    return Err(src.err(
                        list.span(),
                        format!("layer `{name}` names workload `{w}`, which is not defined{hint}"),
                    ));
                };
                if seen.insert(i) {
                    idx.push(i);
                }
            }
            if idx.is_empty() {
                return Err(src.err(list.span(), format!("layer `{name}` lists no workloads")));
            }
            idx
        }
    };
    let warn_at = match (&l.warn_at, warn_forced) {
        (Some(w), false) => check_warn(w.get_ref().0).map_err(|e| src.err(w.span(), e))?,
        _ => default_warn,
    };
    let members = limits::members(src, l, kind, &name)?;
    let lead_time_s = match &l.lead_time {
        None => None,
        Some(t) => {
            let s = parse_duration_s(t.get_ref())
                .map_err(|e| src.err(t.span(), format!("lead_time: {e}")))?;
            if !(0.0..=10.0 * 365.0 * 86_400.0).contains(&s) {
                return Err(src.err(t.span(), "lead_time must be between 0s and 10 years"));
            }
            Some(s)
        }
    };
    Ok(Layer {
        line: src.line(&l.name.span()),
        name,
        kind,
        workloads: used,
        warn_at,
        members,
        price: price::price(src, l, kind)?,
        lead_time_s,
    })
}

/// The default projection horizon: the seeds model six months of growth.
pub const DEFAULT_HORIZON_MONTHS: u32 = 6;

fn growth(
    src: &Source,
    raw: Option<&raw::RawGrowth>,
    workloads: &[Workload],
    ov: &Overrides,
) -> Result<Growth> {
    let empty = raw::RawGrowth::default();
    let g = raw.unwrap_or(&empty);
    let global = match (ov.growth, &g.monthly) {
        (Some(v), _) => v,
        (None, Some(m)) => m.get_ref().0,
        (None, None) => 0.0,
    };
    let mut monthly = vec![global; workloads.len()];
    for (name, share) in &g.workloads {
        let Some(i) = workloads.iter().position(|w| &w.name == name) else {
            let hint = did_you_mean(name, workloads.iter().map(|w| w.name.as_str()));
            return Err(src.err(
                share.span(),
                format!("[growth.workloads] names workload `{name}`, which is not defined{hint}"),
            ));
        };
        if ov.growth.is_none() {
            monthly[i] = share.get_ref().0;
        }
    }
    let start = match (ov.as_of, &g.start) {
        (Some(m), _) => Some(m),
        (None, Some(s)) => Some(
            crate::month::Month::parse(s.get_ref())
                .map_err(|e| src.err(s.span(), format!("start: {e}")))?,
        ),
        (None, None) => None,
    };
    let horizon_months = match (ov.horizon, &g.horizon) {
        (Some(h), _) => h,
        (None, Some(h)) => match u32::try_from(*h.get_ref()) {
            Ok(v) if (1..=120).contains(&v) => v,
            _ => {
                return Err(src.err(
                    h.span(),
                    format!("horizon must be 1 to 120 months, found {}", h.get_ref()),
                ));
            }
        },
        (None, None) => DEFAULT_HORIZON_MONTHS,
    };
    let projection = match (&ov.projection, &g.projection) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(p)) => Some(src.path.parent().unwrap_or(Path::new("")).join(p.get_ref())),
        (None, None) => None,
    };
    let set = raw.is_some()
        || ov.growth.is_some()
        || ov.as_of.is_some()
        || ov.horizon.is_some()
        || ov.projection.is_some();
    Ok(Growth {
        set,
        monthly,
        projection,
        start,
        horizon_months,
    })
}
