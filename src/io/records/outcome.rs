//! How one call went, by one rule for every format: a call holds a slot from its start (or its
//! answer, with `--from-answer`) to its end; an attempt that never connected (busy, failed, no
//! answer, canceled, refused, never answered) arrived but holds none; a call with no end yet is
//! in progress and left out, never guessed.

use super::columns::Columns;
use super::words::{never_connected, refusal};
use super::{Zone, parse_duration_ms, parse_time};

/// What a record says happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Held a slot over [start, end) (UTC ms); a zero-length call holds none.
    Carried { start: i64, end: i64 },
    /// Arrived at `at` (unknown when the record has no time: never dialled) and held no slot;
    /// `refused` is the record's words when the provider turned it away for a limit.
    Attempt {
        at: Option<i64>,
        refused: Option<String>,
    },
    /// No end yet.
    InProgress,
    /// Not a voice contact (Amazon Connect's chats, tasks, e-mails).
    NotVoice,
}

/// One record's fields, by column, as text.
pub trait CallTimes {
    fn field(&self, col: usize) -> Result<&str, (usize, String)>;
}

type Time<'a> = dyn FnMut(usize) -> Result<Option<i64>, (usize, String)> + 'a;

/// Where an attempt is placed: its start, or its end when it has none.
fn placed(
    start: Option<i64>,
    end: Option<usize>,
    time: &mut Time,
) -> Result<Option<i64>, (usize, String)> {
    match (start, end) {
        (None, Some(c)) => time(c),
        (start, _) => Ok(start),
    }
}

/// Reads one record's outcome; an error names the column it is about.
pub fn call_of(
    rec: &impl CallTimes,
    cols: &Columns,
    zone: &mut Zone,
    from_answer: bool,
    ambiguous: &mut bool,
) -> Result<Outcome, (usize, String)> {
    let text = |c: Option<usize>| -> Result<&str, (usize, String)> {
        c.map_or(Ok(""), |c| rec.field(c).map(str::trim))
    };
    let mut time = |c: usize| -> Result<Option<i64>, (usize, String)> {
        let t = rec.field(c)?.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("null") {
            return Ok(None);
        }
        if let Some(form) = cols.form.filter(|f| !f.admits(t)) {
            return Err((
                c,
                format!(
                    "`{t}` is not how this export writes times: expected {}",
                    form.describe()
                ),
            ));
        }
        parse_time(t, zone, ambiguous).map(Some).map_err(|e| (c, e))
    };
    let (status, reason) = (text(cols.status)?, text(cols.reason)?);
    let start = time(cols.start)?;
    // An attempt is placed at its start, or at its end when it never started (Vapi writes no
    // `startedAt` for a call it refused).
    let said = !(status.is_empty() && reason.is_empty());
    if let Some(refused) = [reason, status].into_iter().find(|t| said && refusal(t)) {
        return Ok(Outcome::Attempt {
            at: placed(start, cols.end, &mut time)?,
            refused: Some(refused.to_string()),
        });
    }
    let answer = match cols.answer {
        Some(c) => Some(time(c)?),
        None => None,
    };
    // Never connected, in the record's own words (Twilio leaves such a call's end empty).
    if said && (never_connected(status) || never_connected(reason)) {
        return Ok(Outcome::Attempt {
            at: placed(start, cols.end, &mut time)?,
            refused: None,
        });
    }
    let begin = match (from_answer, answer) {
        (true, Some(Some(a))) => Some(a),
        _ => start,
    };
    // No end yet (queued, ringing, in progress): left out, whatever its start says.
    let (end, duration) = match (cols.end, cols.duration) {
        (Some(c), _) => (time(c)?, None),
        (None, Some(c)) => match text(Some(c))? {
            "" => (None, None),
            d => (None, Some(parse_duration_ms(d).map_err(|e| (c, e))?)),
        },
        (None, None) => unreachable!("Columns needs an end or a duration"),
    };
    if end.is_none() && duration.is_none() {
        return Ok(Outcome::InProgress);
    }
    // Ended, and never answered: the answer's column is empty.
    if answer == Some(None) {
        return Ok(Outcome::Attempt {
            at: start.or(end),
            refused: None,
        });
    }
    let Some(begin) = begin else {
        return Err((
            cols.start,
            "expected the call's start, found nothing".into(),
        ));
    };
    let end = match (end, duration) {
        (Some(end), _) => end,
        // A duration counts from the call's start, even when the slot is held from its answer.
        (None, d) => start.unwrap_or(begin).saturating_add(d.unwrap_or(0)),
    };
    Ok(Outcome::Carried { start: begin, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(Vec<&'static str>);
    impl CallTimes for Row {
        fn field(&self, col: usize) -> Result<&str, (usize, String)> {
            Ok(self.0.get(col).copied().unwrap_or(""))
        }
    }

    fn outcome(cols: &Columns, fields: Vec<&'static str>, from_answer: bool) -> Outcome {
        let mut zone = Zone::Fixed(0);
        call_of(&Row(fields), cols, &mut zone, from_answer, &mut false).unwrap()
    }

    #[test]
    fn one_rule_for_what_holds_a_slot() {
        // start, end, status, reason, answer
        let cols = Columns {
            start: 0,
            end: Some(1),
            status: Some(2),
            reason: Some(3),
            answer: Some(4),
            ..Default::default()
        };
        let (t0, t1, ta) = (
            "2026-12-07 10:00:00",
            "2026-12-07 10:05:00",
            "2026-12-07 10:00:20",
        );
        let at = 1_796_637_600_000; // 2026-12-07T10:00:00Z
        assert_eq!(
            outcome(&cols, vec![t0, t1, "completed", "", ta], false),
            Outcome::Carried {
                start: at,
                end: at + 300_000
            }
        );
        assert_eq!(
            outcome(&cols, vec![t0, t1, "completed", "", ta], true),
            Outcome::Carried {
                start: at + 20_000,
                end: at + 300_000
            },
            "--from-answer counts from the answer"
        );
        for never in [
            vec![t0, t1, "busy", "", ""],
            vec![t0, t1, "", "NO_ANSWER", ""],
            vec![t0, t1, "", "", ""],
        ] {
            assert_eq!(
                outcome(&cols, never, false),
                Outcome::Attempt {
                    at: Some(at),
                    refused: None
                }
            );
        }
        assert_eq!(
            outcome(
                &cols,
                vec![t0, "", "ended", "concurrency_limit_reached", ""],
                false
            ),
            Outcome::Attempt {
                at: Some(at),
                refused: Some("concurrency_limit_reached".into())
            }
        );
        assert_eq!(
            outcome(&cols, vec![t0, "", "in-progress", "", ta], false),
            Outcome::InProgress
        );
        assert_eq!(
            outcome(&cols, vec!["", "", "canceled", "", ""], false),
            Outcome::Attempt {
                at: None,
                refused: None
            },
            "a call canceled before it was dialled has no time"
        );
    }

    #[test]
    fn refusals_are_told_by_their_words() {
        let refused = [
            "concurrency_limit_reached",
            "call.start.error-subscription-concurrency-limit-reached",
            "call.in-progress.error-providerfault-outbound-sip-503-service-unavailable",
            "503 CPS Limit reached (P05)",
            "403 User channel limit exceeded (D1)",
            "Simultaneous dial limit reached",
            "CONGESTION",
            "NORMAL_CIRCUIT_CONGESTION",
            "503",
        ];
        for words in refused {
            assert!(refusal(words), "{words}");
        }
        let not_refused = [
            "completed",
            "user_hangup",
            "NORMAL_CLEARING",
            "5030",
            "pipeline-error-openai-429-rate-limit-reached",
        ];
        for words in not_refused {
            assert!(!refusal(words), "{words}");
        }
        let never = [
            "no-answer",
            "NO ANSWER",
            "not_connected",
            "dial_no_answer",
            "customer-did-not-answer",
            "twilio-failed-to-connect-call",
            "call.start.error-get-transport",
            "USER_BUSY",
        ];
        for words in never {
            assert!(never_connected(words), "{words}");
        }
        for words in [
            "completed",
            "ANSWERED",
            "customer-ended-call",
            "NORMAL_CLEARING",
        ] {
            assert!(!never_connected(words), "{words}");
        }
    }
}
