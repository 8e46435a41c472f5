//! `capplan init`: writes a commented stack file, and an arrivals profile to start from, that
//! `capplan compute` accepts unchanged. Asks a few questions on a terminal; never overwrites.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::model::presets::{PRESETS, find};
use crate::values::error::{Error, Result};
use crate::values::suggest::did_you_mean;
use crate::values::units::{format_duration, parse_duration_s};

/// The presets' names and `none`, for --llm.
fn llm_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::model::presets::PRESETS
            .iter()
            .map(|p| p.name)
            .chain(std::iter::once("none")),
    )
}

/// The presets' names as the values a flag takes, so shell completion offers them.
fn preset_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::model::presets::PRESETS.iter().map(|p| p.name))
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The stack file to write; the arrivals profile goes beside it as arrivals.csv.
    #[arg(default_value = "stack.toml")]
    pub path: PathBuf,
    /// The platform layer's preset (`capplan presets`; shells complete the names).
    #[arg(long, value_name = "PRESET", value_parser = preset_names())]
    pub platform: Option<String>,
    /// The LLM layer's preset, or `none`.
    #[arg(long, value_name = "PRESET", value_parser = llm_names())]
    pub llm: Option<String>,
    /// A workload (repeatable); default: inbound.
    #[arg(long = "workload", value_name = "NAME")]
    pub workloads: Vec<String>,
    /// Average handle time of every workload ("3m 20s").
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_s)]
    pub aht: Option<f64>,
    /// Calls per hour each workload receives in its busiest hour (shapes the arrivals profile),
    /// from 1 to 1,000,000.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub peak_calls_per_hour: Option<u32>,
    /// Add a carrier SIP trunk layer with this many channels (1 or more).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub trunk_channels: Option<u32>,
    /// Add a database pool layer with this many connections (held 15% of each call).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub db_pool: Option<u32>,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
}

struct Choices {
    platform: &'static str,
    llm: Option<&'static str>,
    workloads: Vec<String>,
    aht_s: f64,
    peak_per_hour: u32,
}

fn preset(name: &str, flag: &str) -> Result<&'static str> {
    find(name).map(|p| p.name).ok_or_else(|| {
        let hint = did_you_mean(name, PRESETS.iter().map(|p| p.name));
        Error::Usage(format!(
            "{flag} {name}: no such preset{hint}; `capplan presets` lists them"
        ))
    })
}

/// A preset for a slot whose layer must be one of `kinds`: an LLM preset is no platform.
fn preset_for(name: &str, flag: &str, kinds: &[&str]) -> Result<&'static str> {
    let found = preset(name, flag)?;
    let p = find(found).expect("just found");
    if kinds
        .iter()
        .any(|k| p.toml.contains(&format!("kind = \"{k}\"")))
    {
        return Ok(found);
    }
    let fitting: Vec<&str> = PRESETS
        .iter()
        .filter(|q| {
            kinds
                .iter()
                .any(|k| q.toml.contains(&format!("kind = \"{k}\"")))
        })
        .map(|q| q.name)
        .collect();
    Err(Error::Usage(format!(
        "{flag} {name}: that preset's layer kind is not {} ({}); {flag} takes {}",
        kinds.join(" or "),
        p.summary,
        fitting.join(", ")
    )))
}

/// The direction a workload's name says: outbound for a dialer's campaign, web for calls from
/// a browser, else inbound; Twilio's calls-per-second limit counts outbound calls only.
fn direction_of(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    if ["outbound", "dialer", "campaign", "reminder", "callback"]
        .iter()
        .any(|k| n.contains(k))
    {
        "outbound"
    } else if ["web", "browser", "widget"].iter().any(|k| n.contains(k)) {
        "web"
    } else {
        "inbound"
    }
}

/// Asks until the answer reads: a typo is explained and asked again on the spot, never fatal
/// after the last question.
fn ask<T>(question: &str, default: &str, read: impl Fn(&str) -> Result<T, String>) -> Result<T> {
    let answer: String = dialoguer::Input::new()
        .with_prompt(question)
        .default(default.to_string())
        .validate_with(|s: &String| read(s).map(|_| ()))
        .interact_text()
        .map_err(|e| Error::Usage(format!("{question}: {e}")))?;
    read(&answer).map_err(Error::Usage)
}

/// Workload names from a comma-separated answer: distinct, non-empty, without quotes or commas.
fn workload_names(text: &str) -> Result<Vec<String>, String> {
    let names: Vec<String> = text
        .split(',')
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    check_workloads(&names)?;
    Ok(names)
}

fn check_workloads(names: &[String]) -> Result<(), String> {
    if names.is_empty() {
        return Err("name at least one workload".into());
    }
    for (i, w) in names.iter().enumerate() {
        if w.is_empty()
            || w.contains(['"', '\\', ','])
            || w.chars().any(char::is_control)
            || names[..i].contains(w)
        {
            return Err(format!(
                "--workload {w:?}: names must be distinct, non-empty, without quotes, commas or control characters"
            ));
        }
    }
    Ok(())
}

fn positive_duration(text: &str) -> Result<f64, String> {
    match parse_duration_s(text)? {
        s if s > 0.0 => Ok(s),
        _ => Err("the handle time must be above zero".into()),
    }
}

fn choices(a: &InitArgs) -> Result<Choices> {
    let interactive = std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && a.platform.is_none()
        && a.workloads.is_empty()
        && a.aht.is_none();
    let (platform, workloads, aht, peak) = if interactive {
        let names: Vec<&str> = PRESETS
            .iter()
            .filter(|p| p.toml.contains("\"platform\""))
            .map(|p| p.name)
            .collect();
        eprintln!("Platform presets: {}", names.join(", "));
        let platform = ask("Platform preset", "vapi", |s| {
            preset_for(s.trim(), "platform", &["platform", "trunk"]).map_err(|e| e.to_string())?;
            Ok(s.trim().to_string())
        })?;
        let workloads = ask(
            "Workloads, separated by commas",
            "inbound,outbound",
            workload_names,
        )?;
        let aht = ask("Average handle time", "3m", positive_duration)?;
        let peak = ask(
            "Calls per hour in the busiest hour, per workload",
            "120",
            |s| {
                s.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        format!("expected a whole number of calls above zero, found `{s}`")
                    })
            },
        )?;
        (platform, workloads, aht, peak)
    } else {
        let workloads = if a.workloads.is_empty() {
            vec!["inbound".to_string()]
        } else {
            a.workloads.clone()
        };
        (
            a.platform.clone().unwrap_or_else(|| "vapi".into()),
            workloads,
            a.aht.unwrap_or(180.0),
            a.peak_calls_per_hour.unwrap_or(120),
        )
    };
    if aht <= 0.0 {
        return Err(Error::Usage("--aht must be above zero".into()));
    }
    check_workloads(&workloads).map_err(Error::Usage)?;
    let llm = match a.llm.as_deref() {
        Some("none") => None,
        Some(l) => Some(preset_for(l, "--llm", &["llm"])?),
        None => Some("llm-100"),
    };
    Ok(Choices {
        platform: preset_for(&platform, "--platform", &["platform", "trunk"])?,
        llm,
        workloads,
        aht_s: aht,
        peak_per_hour: peak,
    })
}

/// A typical day in 15-minute intervals: a morning peak at 11:00 and a smaller one at 15:00.
fn arrivals(c: &Choices) -> String {
    let mut out = String::from("time,workload,calls\n");
    for i in 0..96 {
        let h = f64::from(i) / 4.0;
        let shape =
            (-((h - 11.0) / 2.2).powi(2)).exp() + 0.5 * (-((h - 15.0) / 2.0).powi(2)).exp() + 0.02;
        let calls = (shape * f64::from(c.peak_per_hour) / 4.0).round();
        for w in &c.workloads {
            out.push_str(&format!("{:02}:{:02},{w},{calls}\n", i / 4, (i % 4) * 15));
        }
    }
    out
}

fn stack(c: &Choices, a: &InitArgs) -> String {
    let mut s = String::from(
        "#:schema ./capplan.schema.json\n\
         # capplan stack file: the workloads that place calls and the layers each call passes through.\n\
         # `capplan compute stack.toml` shows each layer's ceiling, design peak and headroom.\n\
         # The first line points editors (Taplo, Even Better TOML) at the schema written beside it.\n\n\
         [defaults]\npeak_multiplier = 2.5   # design peak = average concurrency x 2.5 (a rule of thumb for voice)\n\
         warn_at = \"75%\"         # flag a layer at 75% of its ceiling\ninterval = \"15m\"        # arrivals.csv has 15-minute rows\n\n\
         [growth]\nmonthly = \"5%\"          # compound growth per month; `capplan check` fails before a ceiling\nhorizon = 6\n",
    );
    for w in &c.workloads {
        let direction = match direction_of(w) {
            "inbound" => String::new(),
            d => format!(
                "direction = \"{d}\"   # from its name; rate limits count calls by direction\n"
            ),
        };
        s.push_str(&format!(
            "\n[[workload]]\nname = \"{w}\"\narrivals = \"arrivals.csv\"   # calls per 15 minutes, one column per workload\naht = \"{}\"\n{direction}",
            format_duration(c.aht_s)
        ));
    }
    let layer = |name: &str, preset: &str| {
        let p = find(preset).expect("checked");
        format!(
            "\n# {} (source as of {}; confirm your own limits)\n[[layer]]\nname = \"{name}\"\npreset = \"{preset}\"\nlead_time = \"2w\"\n",
            p.summary, p.as_of
        )
    };
    s.push_str(&layer("platform", c.platform));
    if let Some(l) = c.llm {
        s.push_str(&layer("llm", l));
    }
    if let Some(ch) = a.trunk_channels {
        s.push_str(&format!("\n# The carrier SIP trunk: a full trunk rejects new calls with SIP 503.\n[[layer]]\nname = \"trunk\"\nkind = \"trunk\"\nchannels = {ch}\n"));
    }
    if let Some(n) = a.db_pool {
        s.push_str(&format!("\n# The database pool behind tool calls: each call holds a connection 15% of the time.\n[[layer]]\nname = \"db\"\nkind = \"pool\"\nsize = {n}\nunits_per_call = 1\nhold_share = \"15%\"\n"));
    }
    s
}

pub fn run(a: &InitArgs) -> Result<()> {
    let dir = a
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let arrivals_path = dir.join("arrivals.csv");
    let schema_path = dir.join("capplan.schema.json");
    if a.path
        .file_name()
        .is_none_or(|n| n == "arrivals.csv" || n == "capplan.schema.json")
        || a.path.to_string_lossy().ends_with('/')
    {
        return Err(Error::Usage(format!(
            "{}: the stack file needs a name of its own (init writes arrivals.csv and capplan.schema.json beside it): try stack.toml",
            a.path.display()
        )));
    }
    // Flags are checked before the files: a wrong preset is said first, whatever is there.
    if let Some(p) = &a.platform {
        preset_for(p, "--platform", &["platform", "trunk"])?;
    }
    if let Some(l) = a.llm.as_deref().filter(|l| *l != "none") {
        preset_for(l, "--llm", &["llm"])?;
    }
    check_workloads(&a.workloads)
        .or_else(|e| {
            if a.workloads.is_empty() {
                Ok(())
            } else {
                Err(e)
            }
        })
        .map_err(Error::Usage)?;
    for p in [&a.path, &arrivals_path, &schema_path] {
        if p.exists() && !a.force {
            return Err(Error::Usage(format!(
                "{} exists; give --force to replace it",
                p.display()
            )));
        }
    }
    let c = choices(a)?;
    crate::io::output::write_all_or_nothing(&[
        (arrivals_path.clone(), arrivals(&c).into_bytes()),
        (
            schema_path.clone(),
            crate::model::stack::schema_json().into_bytes(),
        ),
        (a.path.clone(), stack(&c, a).into_bytes()),
    ])?;
    eprintln!(
        "capplan: wrote {} (the stack), {} (a typical day of arrivals) and {} (the schema editors check the stack against); try `capplan compute {}`",
        a.path.display(),
        arrivals_path.display(),
        schema_path.display(),
        a.path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_or_explained() {
        assert_eq!(
            workload_names(" inbound, outbound ,"),
            Ok(vec!["inbound".to_string(), "outbound".to_string()])
        );
        assert!(workload_names("in,in").unwrap_err().contains("distinct"));
        assert!(workload_names(" , ").unwrap_err().contains("at least one"));
        assert_eq!(positive_duration("3m"), Ok(180.0));
        assert!(positive_duration("0s").unwrap_err().contains("above zero"));
    }
}
