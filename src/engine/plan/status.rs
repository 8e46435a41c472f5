//! A plan row's status: what a month asks of a layer, as a type that reads and writes as the
//! words the reports and the JSON have always carried (`ok`, `buy`, `blocked (tokens binds)`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a priced layer needs in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanStatus {
    /// Its units carry the month's design peak under the warning threshold.
    Ok,
    /// Units to buy, self-serve.
    Buy,
    /// Units that need a sales contract or pass the self-serve maximum.
    Sales,
    /// Units first needed this month whose order-by date is before today.
    Overdue,
    /// Units are needed, but no more than an earlier month's order adds.
    Covered,
    /// Another limit of the layer (`binds`, its key) caps it: buying units is not enough.
    Blocked { binds: String },
}

impl fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanStatus::Ok => f.write_str("ok"),
            PlanStatus::Buy => f.write_str("buy"),
            PlanStatus::Sales => f.write_str("sales"),
            PlanStatus::Overdue => f.write_str("overdue"),
            PlanStatus::Covered => f.write_str("covered"),
            PlanStatus::Blocked { binds } => write!(f, "blocked ({binds} binds)"),
        }
    }
}

/// A status equals the words it is written as, so `status == "buy"` reads as the JSON does.
impl PartialEq<&str> for PlanStatus {
    fn eq(&self, other: &&str) -> bool {
        other.parse::<PlanStatus>().is_ok_and(|o| o == *self)
    }
}

impl FromStr for PlanStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<PlanStatus, String> {
        Ok(match s {
            "ok" => PlanStatus::Ok,
            "buy" => PlanStatus::Buy,
            "sales" => PlanStatus::Sales,
            "overdue" => PlanStatus::Overdue,
            "covered" => PlanStatus::Covered,
            _ => {
                let binds = s
                    .strip_prefix("blocked (")
                    .and_then(|r| r.strip_suffix(" binds)"))
                    .filter(|b| !b.is_empty())
                    .ok_or_else(|| {
                        format!(
                            "`{s}` is not a plan status: expected ok, buy, sales, overdue, covered or `blocked (KEY binds)`"
                        )
                    })?;
                PlanStatus::Blocked {
                    binds: binds.to_string(),
                }
            }
        })
    }
}

impl Serialize for PlanStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PlanStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PlanStatus, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::PlanStatus;

    #[test]
    fn every_status_reads_back_as_it_is_written() {
        let all = [
            PlanStatus::Ok,
            PlanStatus::Buy,
            PlanStatus::Sales,
            PlanStatus::Overdue,
            PlanStatus::Covered,
            PlanStatus::Blocked {
                binds: "tokens_per_minute".into(),
            },
        ];
        for s in all {
            assert_eq!(s.to_string().parse::<PlanStatus>(), Ok(s.clone()));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<PlanStatus>(&json).unwrap(), s);
        }
        assert_eq!(
            PlanStatus::Blocked {
                binds: "tpm".into()
            }
            .to_string(),
            "blocked (tpm binds)"
        );
        assert_eq!(PlanStatus::Covered, "covered");
        assert!("blocked ()".parse::<PlanStatus>().is_err());
        assert!("bought".parse::<PlanStatus>().is_err());
    }
}
