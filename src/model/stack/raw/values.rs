//! The stack file's two value types that are read leniently but strictly: durations written
//! with units, and shares written as "15%" or a fraction.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::values::units;

/// A duration as written (`"3m 20s"`). A bare number is refused here with the same words as a
/// quoted one, `aht = 180` as `aht = "180"`: minutes or seconds is the classic mistake.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationText(pub String);

impl std::fmt::Display for DurationText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for DurationText {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl JsonSchema for DurationText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A duration with units: \"3m 20s\", \"15m\", \"1h30m\", \"45d\"",
            "type": "string"
        })
    }
}

impl<'de> Deserialize<'de> for DurationText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DurationText, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DurationText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration with units such as \"3m 20s\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DurationText, E> {
                Ok(DurationText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DurationText, E> {
                Err(E::custom(format!(
                    "{v} has a number without a unit: write {v}s or {}m",
                    v as f64 / 60.0
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DurationText, E> {
                Err(E::custom(format!(
                    "{v} has a number without a unit: write {v}s or {}m",
                    v / 60.0
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// A share written as "15%" or 0.15.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share(pub f64);

impl JsonSchema for Share {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Share".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A share: a percentage such as \"75%\", or a number from 0 to 1",
            "oneOf": [
                {"type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$"},
                {"type": "number", "minimum": 0, "maximum": 1}
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Share, D::Error> {
        struct ShareVisitor;
        impl Visitor<'_> for ShareVisitor {
            type Value = Share;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a share such as \"75%\" or 0.75")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Share, E> {
                units::parse_fraction(v).map(Share).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Share, E> {
                units::check_fraction(v).map(Share).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Share, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(ShareVisitor)
    }
}
