//! `capplan presets [NAME]`: the provider presets, their limits, sources and as-of dates.

use crate::render::grid::Grid;
use clap::Args;

use crate::io::output::Sink;
use crate::model::presets::{PRESETS, find};
use crate::values::error::{Error, Result};
use crate::values::suggest::did_you_mean;

#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Show one preset in full.
    pub name: Option<String>,
    /// `table` for people; `json`, `csv` or `markdown` for a catalogue of limits (each with its
    /// source, as-of month and the layer keys it sets).
    #[arg(long, short = 'f', value_enum, default_value_t = PresetFormat::Table)]
    pub format: PresetFormat,
    /// Where to write the list; `-` is standard output. Files are replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: std::path::PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PresetFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

/// One preset as a row of the CSV and markdown catalogues; its keys as one TOML inline table.
fn row_of(p: &crate::model::presets::Preset) -> Vec<String> {
    let keys: Vec<&str> = p.toml.lines().filter(|l| !l.trim().is_empty()).collect();
    let keys = format!("{{ {} }}", keys.join(", "));
    [p.name, p.as_of, p.summary, p.source, &keys]
        .map(str::to_string)
        .to_vec()
}

/// A preset as JSON: its name, summary, source, as-of month and the layer keys it sets.
fn json_of(p: &crate::model::presets::Preset) -> serde_json::Value {
    let keys: toml::Table = toml::from_str(p.toml).expect("every preset is valid TOML");
    serde_json::json!({
        "name": p.name,
        "summary": p.summary,
        "source": p.source,
        "as_of": p.as_of,
        "keys": keys,
    })
}

fn find_or_suggest(name: &str) -> Result<&'static crate::model::presets::Preset> {
    find(name).ok_or_else(|| {
        let hint = did_you_mean(name, PRESETS.iter().map(|p| p.name));
        Error::Usage(format!(
            "unknown preset `{name}`{hint}; `capplan presets` lists them"
        ))
    })
}

pub fn run(args: &PresetsArgs) -> Result<()> {
    let sink = Sink::new(&args.output, &[])?;
    let chosen: Vec<&crate::model::presets::Preset> = match &args.name {
        None => PRESETS.iter().collect(),
        Some(name) => vec![find_or_suggest(name)?],
    };
    let header = ["preset", "as_of", "limits", "source", "keys"];
    let text = match args.format {
        PresetFormat::Json => {
            let value = match &args.name {
                None => serde_json::Value::Array(chosen.into_iter().map(json_of).collect()),
                Some(_) => json_of(chosen[0]),
            };
            crate::render::json(&value)
        }
        PresetFormat::Csv => crate::render::csv_text(&header, chosen.into_iter().map(row_of)),
        PresetFormat::Markdown => {
            crate::render::markdown::table(&header, chosen.into_iter().map(row_of))
        }
        PresetFormat::Table => table(args.name.as_deref())?,
    };
    sink.write(text.as_bytes())
}

/// The table of every preset, or one preset in full with the layer it stands for.
fn table(name: Option<&str>) -> Result<String> {
    Ok(match name {
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
    })
}
