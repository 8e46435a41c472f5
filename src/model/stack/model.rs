//! The checked stack: workloads, layers and their limits, each limit reduced to a ceiling in
//! concurrent calls. Nothing here holds a raw string from the file.

use std::path::PathBuf;

use serde::Serialize;

pub use super::kind::Kind;

/// Which way a workload's calls go; rate limits may apply to some directions only (Twilio's
/// calls per second limits outbound calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
    Web,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Inbound, Direction::Outbound, Direction::Web];

    pub fn name(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
            Direction::Web => "web",
        }
    }
}

/// What a limit caps, and so when it is judged: servers and budgets at the peak of calls in
/// progress, rates at the peak of arrivals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Form {
    /// Servers each call holds `per_call x hold` of while in progress (channels, lines,
    /// sessions, connections): Erlang B applies to them, in their own unit.
    Servers {
        units: f64,
        per_call: f64,
        hold: f64,
        unit: &'static str,
    },
    /// A budget per minute spent by calls in progress (tokens, requests): `calls` at most.
    Budget { calls: f64 },
    /// New calls per second, enforced second by second.
    PerSecond { calls_per_s: f64 },
    /// New calls per rolling hour.
    PerHour { calls_per_hour: f64 },
}

impl Form {
    /// The most calls in progress a concurrency limit allows (None for a rate).
    pub fn concurrent_calls(&self) -> Option<f64> {
        match *self {
            Form::Servers {
                units,
                per_call,
                hold,
                ..
            } => Some(units / (per_call * hold)),
            Form::Budget { calls } => Some(calls),
            Form::PerSecond { .. } | Form::PerHour { .. } => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Form::Servers { .. } => "servers",
            Form::Budget { .. } => "budget",
            Form::PerSecond { .. } => "per_second",
            Form::PerHour { .. } => "per_hour",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    /// The TOML key that sets it ("channels", "tokens_per_minute", ...).
    pub key: &'static str,
    /// The arithmetic, in words: "20 numbers x 30 calls/h".
    pub formula: String,
    pub form: Form,
    /// True when the limit grows in proportion to the units a price counts (channels, numbers,
    /// lines, keys, connections, capacity).
    pub per_unit: bool,
}

/// One account or provider of a layer; several side by side (failover) add up their capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    /// Identical accounts of this member used side by side.
    pub accounts: f64,
    pub limits: Vec<Limit>,
    /// How many units (the kind's unit key) the member has today, if it sets that key.
    pub units: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: String,
    pub kind: Kind,
    /// Indices into `Stack::workloads` of the workloads whose calls pass through this layer.
    pub workloads: Vec<usize>,
    pub warn_at: f64,
    /// The directions whose calls count against the layer's rate limits (None: all).
    pub rate_directions: Option<Vec<Direction>>,
    /// Simulate only: callers wait this long on average (exponential patience; infinity: they
    /// never give up) for a free slot instead of being refused.
    pub queue_patience_s: Option<f64>,
    pub members: Vec<Member>,
    /// What the layer's capacity is sold in and costs, if priced.
    pub price: Option<Price>,
    /// How long a higher limit takes to get (`lead_time = "6w"`, `"3mo"`).
    pub lead_time: Option<LeadTime>,
    /// The line of the layer's `name` key in the stack file.
    pub line: usize,
    /// Planned changes, months in order: the members from that month on.
    pub changes: Vec<(crate::values::month::Month, Vec<Member>)>,
}

impl Layer {
    /// The layer as it stands in `month`: today's members, or those of the latest planned
    /// change that has begun.
    pub fn in_month(&self, month: crate::values::month::Month) -> std::borrow::Cow<'_, Layer> {
        match self.changes.iter().rev().find(|(from, _)| *from <= month) {
            None => std::borrow::Cow::Borrowed(self),
            Some((_, members)) => std::borrow::Cow::Owned(Layer {
                members: members.clone(),
                changes: Vec::new(),
                ..self.clone()
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub name: String,
    /// Where the arrivals are read from (already resolved against the stack file's folder).
    pub arrivals: PathBuf,
    /// The average handle time, unless the arrivals file gives one per row.
    pub aht_s: Option<f64>,
    pub peak_multiplier: f64,
    pub interval_s: Option<f64>,
    pub direction: Direction,
    pub handle_time: crate::model::handle_time::HandleTime,
    /// Refused callers who call again (simulate only).
    pub retry: Option<Retry>,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retry {
    /// The share of refused callers who call again.
    pub share: f64,
    /// The mean delay before they do, in seconds (exponential).
    pub after_s: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub path: PathBuf,
    pub peak_multiplier: f64,
    pub warn_at: f64,
    /// A blocking target for Erlang B sizing beside the rule of thumb, if one was set.
    pub blocking_target: Option<f64>,
    /// The traffic's peakedness Erlang B figures assume (1: Poisson; else Hayward's).
    pub peakedness: f64,
    pub workloads: Vec<Workload>,
    pub layers: Vec<Layer>,
    pub growth: Growth,
    /// The currency prices are in (`[defaults] currency`, default USD).
    pub currency: String,
    /// `--quantile`: arrivals are read from a forecast's `calls_pNN` column.
    pub quantile: Option<u32>,
    /// The zone local timestamps of arrivals are read in, and its IANA name.
    pub timezone: Option<jiff::tz::TimeZone>,
    pub timezone_name: Option<String>,
}

impl Stack {
    /// The index of the workload called `name`, or why not (with a near name).
    /// The workload a call record or arrivals row names: the one of that name, else, for a
    /// provider's own word for a direction (Vapi's `inboundPhoneCall`, `outboundPhoneCall`,
    /// `webCall`; Twilio's `outbound-api`, `outbound-dial`; Retell's `web_call`; Amazon
    /// Connect's `INBOUND`, `OUTBOUND`), the stack's one workload of that direction.
    pub fn workload_for(&self, name: &str) -> Result<usize, String> {
        let named = self.workload_index(name);
        if named.is_ok() {
            return named;
        }
        let word: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let direction = match word.as_str() {
            "inbound" | "inboundphonecall" => Direction::Inbound,
            "outbound" | "outboundphonecall" | "outboundapi" | "outbounddial" => {
                Direction::Outbound
            }
            "web" | "webcall" => Direction::Web,
            _ => return named,
        };
        let mut of =
            (0..self.workloads.len()).filter(|w| self.workloads[*w].direction == direction);
        match (of.next(), of.next()) {
            (Some(one), None) => Ok(one),
            _ => named,
        }
    }

    pub fn workload_index(&self, name: &str) -> Result<usize, String> {
        self.workloads
            .iter()
            .position(|w| w.name == name)
            .ok_or_else(|| {
                let hint = crate::values::suggest::did_you_mean(
                    name,
                    self.workloads.iter().map(|w| w.name.as_str()),
                );
                format!("workload `{name}` is not a workload of the stack{hint}")
            })
    }
}

/// A layer's commercial terms. Units are the kind's unit key (`Kind::unit_key`) on the layer's
/// own limits: channels, numbers, concurrency, keys, size or capacity.
impl Price {
    /// The monthly cost of holding `units` units in one account (`included` is per account).
    pub fn monthly_cost(&self, units: f64) -> f64 {
        (units - self.included).max(0.0) * self.per_unit_month
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    pub unit: String,
    pub per_unit_month: f64,
    /// Units that cost nothing (included in the plan).
    pub included: f64,
    pub pack: f64,
    pub self_serve_max: Option<f64>,
    pub sales_contract: bool,
    pub one_off: f64,
}

/// How traffic grows: what `[growth]` and the growth flags say, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Growth {
    /// True when the stack file has `[growth]` or a growth flag was given.
    pub set: bool,
    /// Compound growth per month, per workload (indexed like `Stack::workloads`).
    pub monthly: Vec<f64>,
    pub projection: Option<PathBuf>,
    pub start: Option<crate::values::month::Month>,
    pub horizon_months: u32,
}

/// How long a higher limit takes to get: whole days (weeks are 7 days) or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadTime {
    Days(u32),
    Months(u32),
}

impl LeadTime {
    /// The day (since 1970-01-01) an order must go out for a limit needed from `month`'s first
    /// day: the one rule every command uses for act-by and order-by dates. Ordering on that day
    /// is on time; from the next day it is late.
    pub fn act_by(self, month: crate::values::month::Month) -> i64 {
        match self {
            LeadTime::Days(d) => month.first_day() - i64::from(d),
            LeadTime::Months(m) => month.plus(-i64::from(m)).first_day(),
        }
    }

    /// Roughly how many days, for the projection's reach past its horizon (a month is 31).
    pub fn max_days(self) -> u32 {
        match self {
            LeadTime::Days(d) => d,
            LeadTime::Months(m) => m.saturating_mul(31),
        }
    }

    /// "45 days", "3 months".
    pub fn describe(self) -> String {
        match self {
            LeadTime::Days(1) => "1 day".into(),
            LeadTime::Days(d) => format!("{d} days"),
            LeadTime::Months(1) => "1 month".into(),
            LeadTime::Months(m) => format!("{m} months"),
        }
    }
}

/// Parses a lead time: days, weeks or months ("45d", "6w", "3mo", "3 months", "2 weeks"), or
/// "0d". Minutes-or-months is the classic mistake, so "m" and anything under a day are refused.
pub fn parse_lead_time(text: &str) -> Result<LeadTime, String> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = (t[..split].trim(), t[split..].trim());
    let n: u32 = num.parse().map_err(|_| {
        format!("expected a lead time such as \"45d\", \"6w\" or \"3mo\", found \"{text}\"")
    })?;
    // At most ten years, checked before any arithmetic: 613566757 weeks would wrap a u32.
    let ten_years = |ok: bool, lt: LeadTime| {
        if ok {
            Ok(lt)
        } else {
            Err(format!(
                "lead_time \"{text}\" is over 10 years (3660 days, 522 weeks or 120 months): write the real time to get a higher limit"
            ))
        }
    };
    match unit {
        "d" | "day" | "days" => ten_years(n <= 3660, LeadTime::Days(n)),
        "w" | "wk" | "week" | "weeks" => ten_years(n <= 522, LeadTime::Days(n.saturating_mul(7))),
        "mo" | "mon" | "month" | "months" => ten_years(n <= 120, LeadTime::Months(n)),
        _ if n == 0 => Ok(LeadTime::Days(0)),
        "m" | "min" | "s" | "h" | "ms" | "minute" | "minutes" | "hour" | "hours" => Err(format!(
            "lead_time \"{text}\" is under a day: a higher limit takes days, weeks or months to get; write \"{n}mo\" for months, \"{n}w\" for weeks or \"{n}d\" for days (\"m\" would be minutes)"
        )),
        _ => Err(format!(
            "expected a lead time in days, weeks or months (\"45d\", \"6w\", \"3mo\"), found \"{text}\""
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lead times take days, weeks or months; minutes are refused with what to write instead.
    #[test]
    fn lead_times_are_days_weeks_or_months() {
        assert_eq!(parse_lead_time("45d"), Ok(LeadTime::Days(45)));
        assert_eq!(parse_lead_time("6w"), Ok(LeadTime::Days(42)));
        assert_eq!(parse_lead_time("3mo"), Ok(LeadTime::Months(3)));
        assert_eq!(parse_lead_time("3 months"), Ok(LeadTime::Months(3)));
        assert_eq!(parse_lead_time("0d"), Ok(LeadTime::Days(0)));
        let e = parse_lead_time("3m").unwrap_err();
        assert!(e.contains("under a day") && e.contains("3mo"), "{e}");
        assert!(parse_lead_time("12h").is_err());
    }

    /// 613,566,757 weeks x 7 days is 4,294,967,299, which wraps a u32 to 3 days; 138,547,333
    /// months x 31 days wraps the same way. Both are refused as over ten years, as is one day
    /// past: 3661d, 523w (3661 days), 121mo.
    #[test]
    fn lead_times_past_ten_years_are_refused_before_they_wrap() {
        for t in [
            "613566757w",
            "138547333mo",
            "4294967295d",
            "3661d",
            "523w",
            "121mo",
        ] {
            let e = parse_lead_time(t).unwrap_err();
            assert!(e.contains("over 10 years"), "{t}: {e}");
        }
        assert_eq!(parse_lead_time("522w"), Ok(LeadTime::Days(3654)));
        assert_eq!(parse_lead_time("120mo"), Ok(LeadTime::Months(120)));
        assert_eq!(parse_lead_time("3660d"), Ok(LeadTime::Days(3660)));
    }
}
