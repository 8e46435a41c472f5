//! A layer kind, described once: the limit keys it takes, the unit it is bought in, what
//! callers meet when it is full. Adding a kind is a variant here and its limits' formula in
//! `stack::formulas`.

use serde::Serialize;

/// What a layer is. The kind decides which limit keys it takes and what happens when it is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Trunk,
    Numbers,
    Platform,
    Llm,
    Pool,
    Generic,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Trunk,
        Kind::Numbers,
        Kind::Platform,
        Kind::Llm,
        Kind::Pool,
        Kind::Generic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Trunk => "trunk",
            Kind::Numbers => "numbers",
            Kind::Platform => "platform",
            Kind::Llm => "llm",
            Kind::Pool => "pool",
            Kind::Generic => "generic",
        }
    }

    /// Whether `key` is a limit key of some kind (the union of every kind's `keys`).
    pub fn is_limit_key(key: &str) -> bool {
        Kind::ALL.iter().any(|kind| kind.keys().contains(&key))
    }

    /// The limit keys this kind accepts (besides name, kind, workloads, accounts, warn_at).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Trunk => &["channels", "calls_per_second"],
            Kind::Numbers => &[
                "numbers",
                "concurrent_per_number",
                "calls_per_hour_per_number",
            ],
            Kind::Platform => &["concurrency", "calls_per_second"],
            Kind::Llm => &[
                "sessions_per_key",
                "keys",
                "tokens_per_minute",
                "tokens_per_call_minute",
                "requests_per_minute",
                "requests_per_call_minute",
            ],
            Kind::Pool => &["size", "units_per_call", "hold_share"],
            Kind::Generic => &[
                "capacity",
                "units_per_call",
                "hold_share",
                "calls_per_second",
            ],
        }
    }

    /// The limit key counted in the units a price is for, and the unit's default name.
    pub fn unit_key(self) -> (&'static str, &'static str) {
        match self {
            Kind::Trunk => ("channels", "channel"),
            Kind::Numbers => ("numbers", "number"),
            Kind::Platform => ("concurrency", "line"),
            Kind::Llm => ("keys", "key"),
            Kind::Pool => ("size", "connection"),
            Kind::Generic => ("capacity", "unit"),
        }
    }

    /// What callers experience when this layer is full (from public write-ups of where call limits live).
    pub fn when_full(self) -> &'static str {
        match self {
            Kind::Trunk => "the carrier rejects new calls with SIP 503",
            Kind::Numbers => {
                "calls from these numbers fail or are flagged as robocalls by carrier anti-fraud checks"
            }
            Kind::Platform => "new calls are blocked, or accepted with 200 OK and never connected",
            Kind::Llm => "calls connect but the caller hears silence",
            Kind::Pool => "tool calls fail or hang mid-call",
            Kind::Generic => "new calls are refused at this layer",
        }
    }

    /// In a few words, what a refused caller meets (`budget_only`: a layer with only a budget,
    /// such as tokens per minute, throttles rather than refuses).
    pub fn refused_as(self, budget_only: bool) -> &'static str {
        match (self, budget_only) {
            (Kind::Llm, true) => "throttled: connected to silence",
            (Kind::Trunk, _) => "SIP 503",
            (Kind::Numbers, _) => "refused or flagged by carrier anti-fraud",
            (Kind::Platform, _) => "blocked, or 200 OK and never connected",
            (Kind::Llm, false) => "connected to silence",
            (Kind::Pool, _) => "tool call failed",
            (Kind::Generic, _) => "refused",
        }
    }
}
