//! `preset = "..."` on a layer: the preset's keys, under the ones the layer sets itself.

use super::Source;
use super::raw::RawLayer;
use crate::values::error::Result;
use crate::values::suggest::did_you_mean;

/// Replaces `preset = "..."` by the preset's keys, under the ones the layer sets itself.
pub(super) fn apply_preset(src: &Source, layer: &mut RawLayer) -> Result<()> {
    let Some(name) = layer.preset.clone() else {
        return Ok(());
    };
    let preset = crate::model::presets::find(name.get_ref()).ok_or_else(|| {
        let hint = did_you_mean(
            name.get_ref(),
            crate::model::presets::PRESETS.iter().map(|p| p.name),
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
