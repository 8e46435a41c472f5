//! `capplan presets [NAME]`: the provider presets, their limits, sources and as-of dates.

use crate::render::grid::Grid;
use clap::Args;

use crate::error::{Error, Result};
use crate::output::Sink;
use crate::presets::{PRESETS, find};
use crate::suggest::did_you_mean;

#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Show one preset in full.
    pub name: Option<String>,
    /// `table` for people, `json` for scripts that keep a catalogue of limits.
    #[arg(long, short = 'f', value_enum, default_value_t = PresetFormat::Table)]
    pub format: PresetFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PresetFormat {
    Table,
    Json,
}

/// A preset as JSON: its name, summary, source, as-of month and the layer keys it sets.
fn json_of(p: &crate::presets::Preset) -> serde_json::Value {
    let keys: toml::Table = toml::from_str(p.toml).expect("every preset is valid TOML");
    serde_json::json!({
        "name": p.name,
        "summary": p.summary,
        "source": p.source,
        "as_of": p.as_of,
        "keys": keys,
    })
}

fn find_or_suggest(name: &str) -> Result<&'static crate::presets::Preset> {
    find(name).ok_or_else(|| {
        let hint = did_you_mean(name, PRESETS.iter().map(|p| p.name));
        Error::Usage(format!(
            "unknown preset `{name}`{hint}; `capplan presets` lists them"
        ))
    })
}

pub fn run(args: &PresetsArgs) -> Result<()> {
    if args.format == PresetFormat::Json {
        let value = match &args.name {
            None => serde_json::Value::Array(PRESETS.iter().map(json_of).collect()),
            Some(name) => json_of(find_or_suggest(name)?),
        };
        let mut text = serde_json::to_string_pretty(&value).expect("plain data");
        text.push('\n');
        return Sink::Stdout.write(text.as_bytes());
    }
    let text = match &args.name {
        None => {
            let mut t = Grid::new(["preset", "as_of", "limits"]).prose(&[2]);
            for p in PRESETS {
                t.row([p.name, p.as_of, p.summary]);
            }
            let hint = "Use one in a layer: preset = \"vapi\"; keys beside it override it. `capplan presets NAME` shows its source.";
            format!(
                "{}\n{}\n",
                t.render(),
                crate::render::text::prose_line(hint)
            )
        }
        Some(name) => {
            let p = find_or_suggest(name)?;
            format!(
                "{}\n{}\nsource: {}\nas of: {}\n\n[[layer]]\nname = \"{}\"\npreset = \"{}\"\n# which stands for:\n{}",
                p.name,
                p.summary,
                p.source,
                p.as_of,
                p.name,
                p.name,
                p.toml
                    .lines()
                    .map(|l| format!("# {l}\n"))
                    .collect::<String>()
            )
        }
    };
    Sink::Stdout.write(text.as_bytes())
}
