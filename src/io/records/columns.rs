//! Which columns of a call record hold what: named on the command line, given by a provider's
//! documented export, or guessed from the header. Names are compared without case, spaces,
//! underscores or dashes, so `start_time`, `Start Time` and `startTime` are one name.

use super::TimeForm;
use crate::values::suggest::did_you_mean;

/// Guessed names, in order of preference (written as they compare: lower case, letters and
/// digits only). The call's start comes before its answer: a slot is held from the start.
pub(crate) const START: &[&str] = &[
    "start",
    "starttime",
    "startedat",
    "startts",
    "callstart",
    "starttimestamp",
    "startstamp",
    "initiationtime",
    "initiationtimestamp",
    "conversationstart",
    "begin",
    "answertime",
    "answeredat",
    "answertimestamp",
    "timestamp",
];
pub(crate) const END: &[&str] = &[
    "end",
    "endtime",
    "endedat",
    "endts",
    "callend",
    "endtimestamp",
    "endstamp",
    "disconnecttimestamp",
    "conversationend",
    "hanguptime",
    "finish",
];
pub(crate) const DURATION: &[&str] = &[
    "duration",
    "durations",
    "durationsec",
    "billsec",
    "callduration",
    "length",
];
pub(crate) const ANSWER: &[&str] = &[
    "answer",
    "answertime",
    "answeredat",
    "answerstamp",
    "answertimestamp",
    "connectedtosystemtimestamp",
];
pub(crate) const WORKLOAD: &[&str] = &[
    "workload",
    "direction",
    "calldirection",
    "originatingdirection",
    "queue",
    "campaign",
    "calltype",
    "type",
];
/// Where a record says how the call went: its state, then why it ended.
pub(crate) const STATUS: &[&str] = &["status", "callstatus", "disposition"];
pub(crate) const REASON: &[&str] = &[
    "endedreason",
    "disconnectionreason",
    "hangupcausename",
    "hangupcause",
    "sipresponsecode",
];

/// A column name as it compares: lower case, letters and digits only.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Column names asked for on the command line; `None` means guess from the header.
#[derive(Debug, Clone, Default)]
pub struct ColumnNames {
    pub start: Option<String>,
    pub end: Option<String>,
    pub duration: Option<String>,
    pub workload: Option<String>,
}

/// Where each field is in a record (by position in the header).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    pub start: usize,
    pub end: Option<usize>,
    pub duration: Option<usize>,
    pub workload: Option<usize>,
    /// Read when `workload` is empty (Retell's web calls have no direction, only a call type).
    pub workload_alt: Option<usize>,
    pub status: Option<usize>,
    pub reason: Option<usize>,
    pub answer: Option<usize>,
    /// The one form a provider writes its times in, when it documents one: any other is an
    /// error (a file of another provider, or a column of another unit).
    pub form: Option<TimeForm>,
}

/// Where `name` is in the header: the exact name (any case) first, then the name as it compares.
pub(crate) fn position(header: &[String], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| h.eq_ignore_ascii_case(name))
        .or_else(|| {
            let want = normalise(name);
            header.iter().position(|h| normalise(h) == want)
        })
}

fn find(
    header: &[String],
    asked: &Option<String>,
    guesses: &[&str],
    flag: &str,
) -> Result<Option<usize>, String> {
    match asked {
        Some(name) => position(header, name).map(Some).ok_or_else(|| {
            let hint = did_you_mean(name, header.iter().map(String::as_str));
            format!(
                "{flag} {name}: no such column{hint}; the header has: {}",
                header.join(", ")
            )
        }),
        None => Ok(guess(header, guesses)),
    }
}

/// The first guessed name the header has.
pub(crate) fn guess(header: &[String], guesses: &[&str]) -> Option<usize> {
    let normal: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    guesses
        .iter()
        .find_map(|g| normal.iter().position(|h| h == g))
}

impl Columns {
    pub fn from_header(header: &[String], names: &ColumnNames) -> Result<Columns, String> {
        let start = find(header, &names.start, START, "--start")?.ok_or_else(|| {
            format!(
                "no start column: name it with --start (the header has: {}; guessed names: {})",
                header.join(", "),
                START.join(", ")
            )
        })?;
        let end = find(header, &names.end, END, "--end")?;
        let duration = find(header, &names.duration, DURATION, "--duration")?;
        let (end, duration) = match (end, duration, &names.end, &names.duration) {
            (None, None, ..) => {
                return Err(format!(
                    "no end or duration column: name one with --end or --duration (the header has: {})",
                    header.join(", ")
                ));
            }
            // Both found by guessing: the end time is exact, the duration may be rounded.
            (Some(e), Some(_), None, None) => (Some(e), None),
            (e, d, ..) => (e, d),
        };
        let workload = find(header, &names.workload, WORKLOAD, "--workload")?;
        let status = guess(header, STATUS);
        let reason = guess(header, REASON).filter(|r| Some(*r) != status);
        Ok(Columns {
            start,
            end,
            duration,
            workload,
            workload_alt: None,
            status,
            reason,
            answer: guess(header, ANSWER).filter(|a| *a != start),
            form: None,
        })
    }

    /// "start: Start Time, end: End Time, ...": the columns chosen, for the line on stderr.
    pub fn describe(&self, header: &[String]) -> String {
        let name = |i: usize| header.get(i).map_or("?", String::as_str).to_string();
        let mut parts = vec![format!("start: {}", name(self.start))];
        let optional = [
            ("end", self.end),
            ("duration", self.duration),
            ("answer", self.answer),
            ("workload", self.workload),
            ("status", self.status),
            ("reason", self.reason),
        ];
        for (what, col) in optional {
            if let Some(c) = col {
                parts.push(format!("{what}: {}", name(c)));
            }
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_are_guessed_or_named() {
        let h = header(&["call_id", "direction", "start_time", "end_time", "billsec"]);
        let c = Columns::from_header(&h, &ColumnNames::default()).unwrap();
        assert_eq!(
            (c.start, c.end, c.duration, c.workload),
            (2, Some(3), None, Some(1))
        );
        let named = ColumnNames {
            duration: Some("billsec".into()),
            end: Some("end_time".into()),
            ..Default::default()
        };
        assert_eq!(Columns::from_header(&h, &named).unwrap().duration, Some(4));
        let bad = ColumnNames {
            start: Some("strat".into()),
            ..Default::default()
        };
        assert!(
            Columns::from_header(&h, &bad)
                .unwrap_err()
                .contains("no such column")
        );
    }

    #[test]
    fn spaced_and_camel_case_titles_are_the_same_names() {
        // Twilio's console titles, Vapi's call object, Retell's call object.
        let twilio = header(&["Date", "Direction", "Start Time", "End Time", "Status"]);
        let c = Columns::from_header(&twilio, &ColumnNames::default()).unwrap();
        assert_eq!(
            (c.start, c.end, c.workload, c.status),
            (2, Some(3), Some(1), Some(4))
        );
        let vapi = header(&["id", "type", "startedAt", "endedAt", "endedReason"]);
        let c = Columns::from_header(&vapi, &ColumnNames::default()).unwrap();
        assert_eq!(
            (c.start, c.end, c.workload, c.reason),
            (2, Some(3), Some(1), Some(4))
        );
        let retell = header(&[
            "call_id",
            "call_type",
            "direction",
            "start_timestamp",
            "end_timestamp",
        ]);
        let c = Columns::from_header(&retell, &ColumnNames::default()).unwrap();
        assert_eq!((c.start, c.end, c.workload), (3, Some(4), Some(2)));
        // Plivo: the call starts at its initiation, not its answer.
        let plivo = header(&[
            "answer_time",
            "initiation_time",
            "end_time",
            "hangup_cause_name",
        ]);
        let c = Columns::from_header(&plivo, &ColumnNames::default()).unwrap();
        assert_eq!((c.start, c.answer, c.reason), (1, Some(0), Some(3)));
        let named = ColumnNames {
            start: Some("starttime".into()),
            ..Default::default()
        };
        assert_eq!(Columns::from_header(&twilio, &named).unwrap().start, 2);
    }
}
