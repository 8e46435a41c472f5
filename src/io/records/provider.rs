//! The call logs providers document, told apart by their field names (or named with `--from`):
//! which field holds the start, end, answer, direction and outcome of a call. The field lists
//! come from each provider's documentation as of 2026-12 (see the README's table).

use super::TimeForm;
use super::columns::{Columns, normalise, position};

/// A provider's call-log export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Twilio,
    Vapi,
    Retell,
    Plivo,
    Telnyx,
    Connect,
    Genesys,
    Asterisk,
    Freeswitch,
}

/// The fields of one export, by their documented names (several when exports differ).
struct Fields {
    start: &'static [&'static str],
    end: &'static [&'static str],
    duration: &'static [&'static str],
    answer: &'static [&'static str],
    workload: &'static [&'static str],
    workload_alt: &'static [&'static str],
    status: &'static [&'static str],
    reason: &'static [&'static str],
    /// Names that together tell this export from the others.
    marks: &'static [&'static str],
    /// Of these, one at least (the record's id, where the other marks are common words).
    id_marks: &'static [&'static str],
}

const NONE: &[&str] = &[];

impl Provider {
    pub const ALL: [Provider; 9] = [
        Provider::Twilio,
        Provider::Vapi,
        Provider::Retell,
        Provider::Plivo,
        Provider::Telnyx,
        Provider::Connect,
        Provider::Genesys,
        Provider::Asterisk,
        Provider::Freeswitch,
    ];

    /// The name `--from` takes and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Twilio => "twilio",
            Provider::Vapi => "vapi",
            Provider::Retell => "retell",
            Provider::Plivo => "plivo",
            Provider::Telnyx => "telnyx",
            Provider::Connect => "connect",
            Provider::Genesys => "genesys",
            Provider::Asterisk => "asterisk",
            Provider::Freeswitch => "freeswitch",
        }
    }

    pub fn parse(s: &str) -> Result<Provider, String> {
        let want = normalise(s);
        Provider::ALL
            .into_iter()
            .find(|p| p.name() == want || (want == "amazonconnect" && *p == Provider::Connect))
            .ok_or_else(|| {
                let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
                format!(
                    "unknown provider `{s}`{}: expected one of {}",
                    crate::values::suggest::did_you_mean(s, names.iter().copied()),
                    names.join(", ")
                )
            })
    }

    fn fields(self) -> Fields {
        let f = Fields {
            start: NONE,
            end: NONE,
            duration: NONE,
            answer: NONE,
            workload: NONE,
            workload_alt: NONE,
            status: NONE,
            reason: NONE,
            marks: NONE,
            id_marks: NONE,
        };
        match self {
            // Calls resource (start_time ...) and the console's titles (Start Time ...).
            Provider::Twilio => Fields {
                start: &["start_time"],
                end: &["end_time"],
                duration: &["duration"],
                workload: &["direction"],
                status: &["status"],
                marks: &["start_time", "end_time", "status", "direction"],
                id_marks: &["sid", "Call Sid"],
                ..f
            },
            Provider::Vapi => Fields {
                start: &["startedAt"],
                end: &["endedAt"],
                workload: &["type"],
                status: &["status"],
                reason: &["endedReason"],
                marks: &["startedAt", "endedReason"],
                ..f
            },
            Provider::Retell => Fields {
                start: &["start_timestamp"],
                end: &["end_timestamp"],
                workload: &["direction"],
                workload_alt: &["call_type"],
                status: &["call_status"],
                reason: &["disconnection_reason"],
                marks: &["start_timestamp", "disconnection_reason"],
                ..f
            },
            Provider::Plivo => Fields {
                start: &["initiation_time"],
                end: &["end_time"],
                duration: &["call_duration"],
                answer: &["answer_time"],
                workload: &["call_direction"],
                reason: &["hangup_cause_name"],
                marks: &["initiation_time", "hangup_cause_name"],
                ..f
            },
            // The portal's CDR report: only its first titles are documented; the call is
            // counted from its answer for the time its duration gives.
            Provider::Telnyx => Fields {
                duration: &["Call duration"],
                answer: &["Answer Timestamp"],
                marks: &["Answer Timestamp", "Billable time (60/60)"],
                ..f
            },
            Provider::Connect => Fields {
                start: &["InitiationTimestamp"],
                end: &["DisconnectTimestamp"],
                answer: &["ConnectedToSystemTimestamp"],
                workload: &["InitiationMethod"],
                marks: &["ContactId", "InitiationTimestamp"],
                ..f
            },
            Provider::Genesys => Fields {
                start: &["conversationStart"],
                end: &["conversationEnd"],
                workload: &["originatingDirection"],
                marks: &["conversationId", "conversationStart"],
                ..f
            },
            Provider::Asterisk => Fields {
                start: &["start"],
                end: &["end"],
                answer: &["answer"],
                workload: &["dcontext"],
                status: &["disposition"],
                marks: &["dcontext", "lastapp", "disposition"],
                ..f
            },
            Provider::Freeswitch => Fields {
                start: &["start_stamp"],
                end: &["end_stamp"],
                answer: &["answer_stamp"],
                workload: &["context"],
                reason: &["hangup_cause"],
                marks: &["start_stamp", "hangup_cause"],
                ..f
            },
        }
    }

    /// Refuses a header without this export's marks: a file of another provider, or another
    /// layout, read as this one.
    pub fn check(self, header: &[String]) -> Result<(), String> {
        let f = self.fields();
        let mut missing: Vec<&str> = (f.marks.iter())
            .filter(|m| position(header, m).is_none())
            .copied()
            .collect();
        if !f.id_marks.is_empty() && !f.id_marks.iter().any(|m| position(header, m).is_some()) {
            missing.push(f.id_marks[0]);
        }
        if missing.is_empty() {
            return Ok(());
        }
        let like = Provider::detect(header).map_or(String::new(), |p| {
            format!("; its fields are {}'s: give --from {}", p.name(), p.name())
        });
        Err(format!(
            "--from {}: no {} field (the fields are: {}){like}",
            self.name(),
            missing.join(", "),
            header.join(", ")
        ))
    }

    /// The export whose marks the header holds, if one does.
    pub fn detect(header: &[String]) -> Option<Provider> {
        let has = |m: &&str| position(header, m).is_some();
        Provider::ALL.into_iter().find(|p| {
            let f = p.fields();
            f.marks.iter().all(has) && (f.id_marks.is_empty() || f.id_marks.iter().any(has))
        })
    }

    /// Amazon Connect records arrive at least once: the key that keeps one per contact and the
    /// field that says which copy is newest; its channel, which must be VOICE.
    pub fn identity(self) -> Option<(&'static str, &'static str, &'static str)> {
        (self == Provider::Connect).then_some(("ContactId", "LastUpdateTimestamp", "Channel"))
    }

    /// The names of the fields a JSON record of this export is read for, in a fixed order: the
    /// "header" its records are laid out by.
    pub fn json_fields(self) -> Vec<String> {
        let f = self.fields();
        let mut names: Vec<String> = Vec::new();
        let lists = [
            f.start,
            f.end,
            f.duration,
            f.answer,
            f.workload,
            f.workload_alt,
            f.status,
            f.reason,
        ];
        for name in lists.into_iter().flatten() {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        if let Some((id, updated, channel)) = self.identity() {
            names.extend([id, updated, channel].map(String::from));
        }
        names
    }

    /// The form this export writes its times in, where its documentation says: the APIs'
    /// JSON, and the PBXs' own headerless files (a console's CSV, or a PBX file a tool gave a
    /// header, may differ, so it is not held to one).
    pub fn time_form(self, json: bool, headerless: bool) -> Option<TimeForm> {
        match self {
            Provider::Twilio if json => Some(TimeForm::Rfc2822),
            Provider::Vapi | Provider::Connect | Provider::Genesys if json => {
                Some(TimeForm::Iso8601)
            }
            Provider::Retell if json => Some(TimeForm::EpochMs),
            Provider::Plivo if json => Some(TimeForm::DateSpaceTime),
            Provider::Asterisk | Provider::Freeswitch if headerless => {
                Some(TimeForm::DateSpaceTime)
            }
            _ => None,
        }
    }

    /// The columns of `header` this export puts each field in; guessing fills what it lacks.
    pub fn columns(
        self,
        header: &[String],
        guessed: &Columns,
        json: bool,
        headerless: bool,
    ) -> Columns {
        let f = self.fields();
        let pick = |names: &[&str]| names.iter().find_map(|n| position(header, n));
        let end = pick(f.end).or(guessed.end);
        Columns {
            start: pick(f.start)
                .or(pick(f.answer).filter(|_| f.start.is_empty()))
                .unwrap_or(guessed.start),
            end,
            // An end time is exact; a duration may be rounded or empty where the end is not.
            duration: pick(f.duration)
                .or(guessed.duration)
                .filter(|_| end.is_none()),
            answer: pick(f.answer).or(guessed.answer),
            workload: pick(f.workload).or(guessed.workload),
            workload_alt: pick(f.workload_alt),
            status: pick(f.status).or(guessed.status),
            reason: pick(f.reason).or(guessed.reason),
            form: self.time_form(json, headerless),
        }
    }
}
