//! The `erlang` subcommands' arguments: traffic given in erlangs or as calls per interval, and
//! value parsers that refuse what a model cannot take.

use clap::{Args, Subcommand};

use crate::values::error::{Error, Result};
use crate::values::units::{parse_duration_s, parse_fraction};

/// Offered traffic: in erlangs, or as calls per interval with an AHT.
#[derive(Debug, Args)]
pub struct Traffic {
    /// Offered traffic in erlangs.
    #[arg(long, value_name = "ERLANGS", value_parser = parse_amount, conflicts_with = "calls")]
    pub traffic: Option<f64>,
    /// Calls arriving per `--per` interval (with --aht).
    #[arg(long, value_name = "N", value_parser = parse_amount, requires = "per")]
    pub calls: Option<f64>,
    /// The interval `--calls` arrive in ("30m", "1h").
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration)]
    pub per: Option<f64>,
}

#[derive(Debug, Subcommand)]
pub enum Model {
    /// Erlang B: the share of calls blocked when traffic is offered to N lines.
    B {
        #[command(flatten)]
        traffic: Traffic,
        /// Average handle time ("3m"): turns --calls into erlangs, and answers in calls too.
        #[arg(long, value_parser = parse_positive_duration)]
        aht: Option<f64>,
        /// Lines (trunk channels, slots); a fraction uses the continuous Erlang B.
        #[arg(long, value_parser = parse_amount)]
        lines: f64,
        /// Peakedness of the traffic (variance / mean of the calls in progress; 1 is Poisson,
        /// `observe` measures it): Hayward's B(A/Z, C/Z).
        #[arg(long, value_name = "Z", default_value_t = 1.0, value_parser = parse_peakedness)]
        peakedness: f64,
    },
    /// The fewest lines whose blocking is at most the target, with the boundary on both sides.
    Lines {
        #[command(flatten)]
        traffic: Traffic,
        /// Average handle time ("3m"): turns --calls into erlangs, and answers in calls too.
        #[arg(long, value_parser = parse_positive_duration)]
        aht: Option<f64>,
        /// Blocking target ("1%" or 0.01).
        #[arg(long, value_parser = parse_probability)]
        blocking: f64,
        /// Also give the real line count where the continuous Erlang B meets the target.
        #[arg(long)]
        fractional: bool,
        /// Peakedness of the traffic (1 is Poisson): sized by Hayward's B(A/Z, C/Z).
        #[arg(long, value_name = "Z", default_value_t = 1.0, value_parser = parse_peakedness)]
        peakedness: f64,
    },
    /// The most traffic N lines carry at the target blocking.
    Traffic {
        #[arg(long, value_parser = parse_amount)]
        lines: f64,
        #[arg(long, value_parser = parse_probability)]
        blocking: f64,
        /// With an AHT, the answer is also given in calls per hour.
        #[arg(long, value_parser = parse_positive_duration)]
        aht: Option<f64>,
    },
    /// Extended Erlang B: blocked callers retry (--recall); blocking at --lines, or lines for --blocking.
    ExtendedB {
        #[command(flatten)]
        traffic: Traffic,
        /// Average handle time ("3m"): turns --calls into erlangs, and answers in calls too.
        #[arg(long, value_parser = parse_positive_duration)]
        aht: Option<f64>,
        /// Share of blocked callers who try again ("60%"), below 100%.
        #[arg(long, value_parser = parse_recall)]
        recall: f64,
        #[arg(long, value_parser = parse_amount, required_unless_present = "blocking", conflicts_with = "blocking")]
        lines: Option<f64>,
        #[arg(long, value_parser = parse_probability)]
        blocking: Option<f64>,
    },
    /// Engset: a finite number of sources (a dialer's agents, a short list) on N lines.
    Engset {
        #[arg(long, value_parser = parse_whole)]
        sources: u64,
        #[arg(long, value_parser = parse_whole)]
        lines: u64,
        /// Traffic each idle source offers, in erlangs.
        #[arg(long, value_parser = parse_amount, required_unless_present = "traffic", conflicts_with = "traffic")]
        per_idle_source: Option<f64>,
        /// Total traffic the sources would offer without blocking, in erlangs (below --sources).
        #[arg(long, value_parser = parse_amount)]
        traffic: Option<f64>,
    },
    /// Erlang C: waiting probability, service level, ASA and occupancy of N agents.
    C {
        #[command(flatten)]
        traffic: Traffic,
        #[arg(long, value_parser = parse_positive_duration)]
        aht: f64,
        /// Agents; a fraction uses the continuous Erlang B inside Erlang C.
        #[arg(long, value_parser = parse_amount)]
        agents: f64,
        /// Answer-time target for the service level ("20s").
        #[arg(long, value_parser = parse_duration_arg)]
        target: f64,
    },
    /// The agents needed for a service level, raw and after shrinkage.
    Agents {
        #[command(flatten)]
        traffic: Traffic,
        #[arg(long, value_parser = parse_positive_duration)]
        aht: f64,
        /// Share of calls to answer within --target ("80%"), below 100%: with random arrivals
        /// some call always waits longer.
        #[arg(long, value_parser = parse_service_level)]
        service_level: f64,
        #[arg(long, value_parser = parse_duration_arg)]
        target: f64,
        /// Highest acceptable agent occupancy ("85%"), from 1% to 100%.
        #[arg(long, value_parser = parse_occupancy, default_value = "100%")]
        max_occupancy: f64,
        /// Share of paid time agents are off the phones ("30%").
        #[arg(long, value_parser = parse_shrinkage, default_value = "0%")]
        shrinkage: f64,
    },
    /// Erlang A: callers hang up after an average --patience; abandonment, service level, ASA.
    A {
        #[command(flatten)]
        traffic: Traffic,
        #[arg(long, value_parser = parse_positive_duration)]
        aht: f64,
        /// Agents, a whole number from 1 (the abandonment model counts callers in queue one
        /// by one).
        #[arg(long, value_parser = parse_agents)]
        agents: u64,
        /// Average time a caller waits before hanging up ("2m"), or "infinite" (Erlang C).
        #[arg(long, value_parser = crate::values::units::parse_patience_s)]
        patience: f64,
        #[arg(long, value_parser = parse_duration_arg)]
        target: f64,
    },
}

/// Above this, a line count or traffic figure is a typo (and would take seconds to compute).
const MAX_AMOUNT: f64 = 1e7;

fn parse_amount(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a number, found `{s}`"))?;
    if v.is_finite() && (0.0..=MAX_AMOUNT).contains(&v) {
        Ok(v)
    } else {
        Err(format!("expected a number from 0 to 1e7, found `{s}`"))
    }
}

fn parse_whole(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(v) if v as f64 <= MAX_AMOUNT => Ok(v),
        _ => Err(format!(
            "expected a whole number from 0 to 1e7 (this model has no fractional form), found `{s}`"
        )),
    }
}

/// Agents who answer: at least one, since no agent answers nobody.
fn parse_agents(s: &str) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(v) if (1..=MAX_AMOUNT as u64).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a whole number of agents from 1 to 1e7 (this model has no fractional form), found `{s}`"
        )),
    }
}

fn parse_duration_arg(s: &str) -> Result<f64, String> {
    parse_duration_s(s)
}

fn parse_positive_duration(s: &str) -> Result<f64, String> {
    match parse_duration_s(s)? {
        v if v > 0.0 => Ok(v),
        _ => Err(format!("expected a duration above zero, found `{s}`")),
    }
}

fn parse_service_level(s: &str) -> Result<f64, String> {
    match parse_fraction(s)? {
        v if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!(
            "expected a service level above 0% and below 100% (with random arrivals no number of agents answers every call within a target), found `{s}`"
        )),
    }
}

fn parse_occupancy(s: &str) -> Result<f64, String> {
    match parse_fraction(s)? {
        v if (0.01..=1.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected an occupancy from 1% to 100% (below 1% asks for a hundred times the agents the calls need), found `{s}`"
        )),
    }
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match parse_fraction(s)? {
        v if v > 0.0 && v < 1.0 => Ok(v),
        v if v == 1.0 => Ok(v),
        _ => Err(format!("expected a share above 0%, found `{s}`")),
    }
}

fn parse_recall(s: &str) -> Result<f64, String> {
    match parse_fraction(s)? {
        v if v < 1.0 => Ok(v),
        _ => Err("a recall of 100% never settles: every blocked call returns forever".into()),
    }
}

fn parse_shrinkage(s: &str) -> Result<f64, String> {
    match parse_fraction(s)? {
        v if v < 1.0 => Ok(v),
        _ => Err("shrinkage must be below 100%".into()),
    }
}

impl Traffic {
    /// Erlangs from --traffic, or from --calls per --per at the given AHT.
    pub(super) fn erlangs(&self, aht_s: Option<f64>) -> Result<f64> {
        match (self.traffic, self.calls, self.per, aht_s) {
            (Some(a), ..) => Ok(a),
            (None, Some(calls), Some(per), Some(aht)) => Ok(calls * aht / per),
            (None, Some(_), Some(_), None) => Err(Error::Usage(
                "--calls needs --aht to turn calls into erlangs".into(),
            )),
            _ => Err(Error::Usage(
                "give the traffic: --traffic ERLANGS, or --calls N --per 30m --aht 180s".into(),
            )),
        }
    }
}

/// A peakedness factor, from 0.01 to 100 (overflow traffic runs to a few units).
pub fn parse_peakedness(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a peakedness such as 0.7 or 1.5, found `{s}`"))?;
    crate::model::stack::check_peakedness(v)
}
