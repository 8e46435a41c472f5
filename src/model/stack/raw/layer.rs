//! A `[[layer]]` as written: its kind or preset, every limit key any kind takes (the kind
//! decides which apply), price, queue and planned changes.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{DurationText, Share};

/// `kind` as an enum, so editors complete it.
fn kind_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let kinds: Vec<&str> = crate::model::stack::Kind::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    schemars::json_schema!({ "type": "string", "enum": kinds })
}

/// `preset` as an enum of the presets' names.
fn preset_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = crate::model::presets::PRESETS
        .iter()
        .map(|p| p.name)
        .collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawQueue {
    /// The mean patience of a waiting caller ("45s"), or "infinite".
    pub patience: String,
}

/// `[layer.price]`: what the layer's capacity is sold in and what it costs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPrice {
    /// What one unit is called ("line", "channel", "number", "key", "connection").
    pub unit: Option<String>,
    /// Price of one unit per month.
    #[schemars(with = "f64")]
    pub per_unit_month: Spanned<f64>,
    /// Units that come with the plan at no charge (Vapi's 10 default lines).
    #[schemars(with = "Option<f64>")]
    pub included: Option<Spanned<f64>>,
    /// Units are sold in packs of this many (default 1).
    #[schemars(with = "Option<f64>")]
    pub pack: Option<Spanned<f64>>,
    /// The most units available without a sales conversation.
    #[schemars(with = "Option<f64>")]
    pub self_serve_max: Option<Spanned<f64>>,
    /// True when any increase needs a sales contract.
    #[serde(default)]
    pub sales_contract: bool,
    /// A one-off cost for each increase.
    #[schemars(with = "Option<f64>")]
    pub one_off: Option<Spanned<f64>>,
}

/// Defines a stack-file struct with its own leading fields, then every numeric limit key and
/// `hold_share`, then its trailing fields, with accessors over the limit keys: the one list of
/// limit keys, shared by a layer and its planned changes.
macro_rules! with_limit_keys {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($head:tt)* } { $($tail:tt)* }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($head)*
            #[doc = "Trunk: simultaneous call channels (SIP 503 past them)."]
            #[schemars(with = "Option<f64>")]
            pub channels: Option<Spanned<f64>>,
            #[doc = "New calls per second (trunk, platform, generic); see `rate_directions`."]
            #[schemars(with = "Option<f64>")]
            pub calls_per_second: Option<Spanned<f64>>,
            #[doc = "Numbers: how many phone numbers share the traffic."]
            #[schemars(with = "Option<f64>")]
            pub numbers: Option<Spanned<f64>>,
            #[doc = "Numbers: calls in progress per number."]
            #[schemars(with = "Option<f64>")]
            pub concurrent_per_number: Option<Spanned<f64>>,
            #[doc = "Numbers: new calls per number over any rolling hour."]
            #[schemars(with = "Option<f64>")]
            pub calls_per_hour_per_number: Option<Spanned<f64>>,
            #[doc = "Platform: the account's concurrent calls (shared by every workload through it)."]
            #[schemars(with = "Option<f64>")]
            pub concurrency: Option<Spanned<f64>>,
            #[doc = "LLM: streaming sessions per API key."]
            #[schemars(with = "Option<f64>")]
            pub sessions_per_key: Option<Spanned<f64>>,
            #[doc = "LLM: API keys (sessions add up; a per-minute budget does not)."]
            #[schemars(with = "Option<f64>")]
            pub keys: Option<Spanned<f64>>,
            #[doc = "LLM: the tokens-per-minute budget (with `tokens_per_call_minute`)."]
            #[schemars(with = "Option<f64>")]
            pub tokens_per_minute: Option<Spanned<f64>>,
            #[doc = "LLM: tokens one call spends per minute."]
            #[schemars(with = "Option<f64>")]
            pub tokens_per_call_minute: Option<Spanned<f64>>,
            #[doc = "LLM: the requests-per-minute budget (with `requests_per_call_minute`)."]
            #[schemars(with = "Option<f64>")]
            pub requests_per_minute: Option<Spanned<f64>>,
            #[doc = "LLM: requests one call makes per minute."]
            #[schemars(with = "Option<f64>")]
            pub requests_per_call_minute: Option<Spanned<f64>>,
            #[doc = "Pool: connections or workers."]
            #[schemars(with = "Option<f64>")]
            pub size: Option<Spanned<f64>>,
            #[doc = "Generic: units of capacity."]
            #[schemars(with = "Option<f64>")]
            pub capacity: Option<Spanned<f64>>,
            #[doc = "Pool or generic: units one call holds."]
            #[schemars(with = "Option<f64>")]
            pub units_per_call: Option<Spanned<f64>>,
            #[doc = "Pool or generic: the share of a call the units are held for (\"15%\")."]
            #[schemars(with = "Option<Share>")]
            pub hold_share: Option<Spanned<Share>>,
            $($tail)*
        }

        impl $name {
            /// The numeric limit keys, named, in the file's order.
            pub fn numeric_limits(&self) -> [(&'static str, &Option<Spanned<f64>>); 15] {
                limit_list!(self, ())
            }

            #[allow(dead_code)] // a planned change's keys are only read
            fn numeric_limits_mut(&mut self) -> [(&'static str, &mut Option<Spanned<f64>>); 15] {
                limit_list!(self, (mut))
            }
        }
    };
}

macro_rules! limit_ref {
    ((mut) $e:expr) => {
        &mut $e
    };
    (() $e:expr) => {
        &$e
    };
}

macro_rules! limit_list {
    ($s:ident, $r:tt) => {
        limit_list!(@ $s, $r; channels, calls_per_second, numbers, concurrent_per_number, calls_per_hour_per_number, concurrency, sessions_per_key, keys, tokens_per_minute, tokens_per_call_minute, requests_per_minute, requests_per_call_minute, size, capacity, units_per_call)
    };
    (@ $s:ident, $r:tt; $($k:ident),*) => {
        [$((stringify!($k), limit_ref!($r $s.$k))),*]
    };
}

with_limit_keys! {
/// One layer, or (inside `failover`) one of several accounts or providers used side by side.
/// The limit keys are all optional here; which ones a kind accepts is checked in `validate`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLayer {
    /// The layer's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// A named preset of provider limits (`capplan presets`); keys beside it override it.
    #[serde(default)]
    #[schemars(schema_with = "preset_schema")]
    pub preset: Option<Spanned<String>>,
    /// What the layer is: it decides the limit keys it takes and what callers meet when full.
    #[serde(default)]
    #[schemars(schema_with = "kind_schema")]
    pub kind: Option<Spanned<String>>,
    /// The workloads whose calls pass through it (default: every workload).
    #[schemars(with = "Option<Vec<String>>")]
    pub workloads: Option<Spanned<Vec<String>>>,
    /// Identical accounts used side by side (default 1): their limits add.
    #[schemars(with = "Option<f64>")]
    pub accounts: Option<Spanned<f64>>,
    /// The directions whose calls count against the layer's rate limits (default: all).
    #[schemars(with = "Option<Vec<String>>")]
    pub rate_directions: Option<Spanned<Vec<String>>>,
    /// This layer's warning threshold, over the default.
    #[schemars(with = "Option<Share>")]
    pub warn_at: Option<Spanned<Share>>,
    /// How long a higher limit takes to get: "45d", "6w", "3mo".
    #[schemars(with = "Option<DurationText>")]
    pub lead_time: Option<Spanned<DurationText>>,
    /// What the layer's units cost: unit, per_unit_month, included, pack, ...
    #[schemars(with = "Option<RawPrice>")]
    pub price: Option<Spanned<RawPrice>>,
    /// `simulate`: callers wait for a free slot instead of being refused.
    #[schemars(with = "Option<RawQueue>")]
    pub queue: Option<Spanned<RawQueue>>,
    /// Free text.
    pub description: Option<String>,
} {
    /// Other accounts or providers used side by side, in overflow order: their capacity adds.
    #[serde(default)]
    pub failover: Vec<RawLayer>,
    /// Planned changes: the layer's own limits from a month on.
    #[serde(default)]
    pub change: Vec<RawChange>,
}
}

with_limit_keys! {
/// `[[layer.change]]`: from a month on, the layer's own limits take these values (keys not
/// written keep theirs). Projections, checks and the plan use them from that month.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    /// The first month the new limits hold ("2027-03").
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// Accounts side by side from that month.
    #[schemars(with = "Option<f64>")]
    pub accounts: Option<Spanned<f64>>,
} {}
}

macro_rules! overwrite {
    ($to:ident, $from:ident; $($field:ident),*) => {
        $(if $from.$field.is_some() {
            $to.$field = $from.$field.clone();
        })*
    };
}

impl RawChange {
    /// The layer as it stands from this change's month: the change's keys over the layer's.
    pub fn applied_to(&self, layer: &RawLayer) -> RawLayer {
        let mut to = layer.clone();
        for ((_, mine), (_, theirs)) in self
            .numeric_limits()
            .into_iter()
            .zip(to.numeric_limits_mut())
        {
            if mine.is_some() {
                *theirs = mine.clone();
            }
        }
        let me = self;
        overwrite!(to, me; accounts, hold_share);
        to
    }
}

/// Fills each unset field of `$to` from `$from`, pointing its span at the `preset` key.
macro_rules! fill {
    ($to:ident, $from:ident, $span:ident; $($field:ident),*) => {
        $(if $to.$field.is_none() {
            $to.$field = $from.$field.map(|v| Spanned::new($span.clone(), v.into_inner()));
        })*
    };
}

impl RawLayer {
    /// Takes the preset's keys wherever this layer does not set its own.
    pub fn fill_from_preset(&mut self, preset: RawLayer, span: std::ops::Range<usize>) {
        let me = self;
        for ((_, mine), (_, theirs)) in me
            .numeric_limits_mut()
            .into_iter()
            .zip(preset.numeric_limits())
        {
            if mine.is_none() {
                *mine = theirs
                    .as_ref()
                    .map(|v| Spanned::new(span.clone(), *v.get_ref()));
            }
        }
        fill!(me, preset, span; kind, workloads, accounts, rate_directions, queue, warn_at, lead_time,
            price, hold_share);
    }

    /// Every limit key that is set, with its value and span, in a fixed order.
    pub fn limit_keys(&self) -> Vec<(&'static str, f64, std::ops::Range<usize>)> {
        let numeric = self.numeric_limits();
        let mut out: Vec<_> = numeric
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|s| (k, *s.get_ref(), s.span())))
            .collect();
        if let Some(h) = &self.hold_share {
            out.push(("hold_share", h.get_ref().0, h.span()));
        }
        out
    }
}
