//! The call logs providers document, read as they come: each fixture is written by hand from
//! the provider's documented fields (as of 2026-12), never from real data. What holds a slot
//! follows one rule: from the start (or the answer, with --from-answer) to the end; an attempt
//! that never connected arrived but holds none; a call with no end is left out.

use std::io::Write;

use capplan::engine::observe::Observation;

use crate::util::Fixture;

fn observe(f: &Fixture, args: &[&str]) -> (Observation, String) {
    let mut all = vec!["observe"];
    all.extend_from_slice(args);
    all.extend(["-f", "json"]);
    let r = f.run(&all).ok();
    let o = serde_json::from_str(&r.stdout).expect("the observation parses back");
    (o, r.stderr)
}

fn workloads(o: &Observation) -> Vec<(String, u64)> {
    o.workloads
        .iter()
        .map(|w| (w.name.clone(), w.calls))
        .collect()
}

/// Twilio's Calls resource: a page of `calls`, RFC 2822 times, `duration` empty where the call
/// never connected, `end_time` null while it is in progress.
const TWILIO_PAGE: &str = r#"{"calls":[
{"sid":"CA01","status":"completed","direction":"inbound","start_time":"Mon, 07 Dec 2026 10:00:00 +0000","end_time":"Mon, 07 Dec 2026 10:05:00 +0000","duration":"300","price":"-0.0085","price_unit":"USD"},
{"sid":"CA02","status":"completed","direction":"outbound-api","start_time":"Mon, 07 Dec 2026 10:01:00 +0000","end_time":"Mon, 07 Dec 2026 10:03:00 +0000","duration":"120","price":null,"price_unit":"USD"},
{"sid":"CA03","status":"busy","direction":"outbound-api","start_time":"Mon, 07 Dec 2026 10:02:00 +0000","end_time":"Mon, 07 Dec 2026 10:02:05 +0000","duration":"","price":null,"price_unit":"USD"},
{"sid":"CA04","status":"in-progress","direction":"inbound","start_time":"Mon, 07 Dec 2026 10:04:00 +0000","end_time":null,"duration":null,"price":null,"price_unit":"USD"},
{"sid":"CA05","status":"queued","direction":"outbound-api","start_time":null,"end_time":null,"duration":null,"price":null,"price_unit":"USD"}
],"page":0,"page_size":50,"next_page_uri":null}"#;

#[test]
fn twilio_calls_page_is_read_with_its_rfc_2822_times() {
    // Carried: 10:00-10:05 and 10:01-10:03, so 2 in progress from 10:01; the busy call is an
    // arrival holding no slot (3 calls, 1 never connected); the call in progress and the one
    // still queued (no start yet) are left out.
    let f = Fixture::new();
    f.file("calls.json", TWILIO_PAGE);
    let (o, stderr) = observe(&f, &["calls.json", "--interval", "1h"]);
    assert_eq!(
        (o.calls, o.never_connected_calls, o.in_progress_calls),
        (3, 1, 2)
    );
    assert_eq!(
        (o.peak_calls, o.peak_at.as_str()),
        (2, "2026-12-07T10:01:00Z")
    );
    // 300 + 120 + 0 seconds over 3 arrivals.
    assert!((o.aht_mean_s - 140.0).abs() < 1e-9);
    assert_eq!(
        workloads(&o),
        [("inbound".into(), 1), ("outbound-api".into(), 2)]
    );
    assert_eq!(o.format.as_deref(), Some("twilio"));
    assert!(
        stderr.contains("reading twilio JSON: start: start_time, end: end_time, workload: direction, status: status"),
        "{stderr}"
    );
}

#[test]
fn twilio_bulk_export_lines_gzipped_and_console_titles_agree() {
    // BulkExport writes one Calls record a line, a gzipped file a day; the console's CSV has
    // spaced titles. Both hold the same calls as the page above.
    let f = Fixture::new();
    let lines: String = TWILIO_PAGE
        .lines()
        .filter(|l| l.starts_with("{\"sid\""))
        .map(|l| format!("{}\n", l.trim_end_matches(',')))
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(lines.as_bytes()).unwrap();
    std::fs::write(f.path("2026-12-07.json.gz"), gz.finish().unwrap()).unwrap();
    let (o, _) = observe(&f, &["2026-12-07.json.gz", "--interval", "1h"]);
    assert_eq!((o.calls, o.peak_calls, o.in_progress_calls), (3, 2, 2));
    assert_eq!(o.file, "2026-12-07.json.gz");
    f.file(
        "console.csv",
        "Call Sid,Direction,Status,Start Time,End Time,Duration\n\
         CA01,inbound,completed,\"Mon, 07 Dec 2026 10:00:00 +0000\",\"Mon, 07 Dec 2026 10:05:00 +0000\",300\n\
         CA02,outbound-api,completed,\"Mon, 07 Dec 2026 10:01:00 +0000\",\"Mon, 07 Dec 2026 10:03:00 +0000\",120\n\
         CA03,outbound-api,busy,\"Mon, 07 Dec 2026 10:02:00 +0000\",\"Mon, 07 Dec 2026 10:02:05 +0000\",\n\
         CA04,inbound,in-progress,\"Mon, 07 Dec 2026 10:04:00 +0000\",,\n",
    );
    let (c, stderr) = observe(&f, &["console.csv", "--interval", "1h"]);
    assert_eq!((c.calls, c.peak_calls, c.in_progress_calls), (3, 2, 1));
    assert_eq!(c.format.as_deref(), Some("twilio"));
    assert!(
        stderr.contains("start: Start Time, end: End Time"),
        "{stderr}"
    );
}

#[test]
fn vapi_calls_by_type_with_a_refusal_for_concurrency() {
    // GET /call returns an array. The web call runs 10:01-10:02 beside the inbound call
    // 10:00-10:04; the outbound call was not answered; the fourth was refused at 10:01:30 for
    // the plan's concurrency, while those two were in progress: the ceiling met is 2.
    let f = Fixture::new();
    f.file(
        "vapi.json",
        r#"[
 {"id":"v1","orgId":"o","type":"inboundPhoneCall","status":"ended","endedReason":"customer-ended-call","startedAt":"2026-12-07T10:00:00.000Z","endedAt":"2026-12-07T10:04:00.000Z","cost":0.2},
 {"id":"v2","orgId":"o","type":"webCall","status":"ended","endedReason":"assistant-ended-call","startedAt":"2026-12-07T10:01:00.000Z","endedAt":"2026-12-07T10:02:00.000Z"},
 {"id":"v3","orgId":"o","type":"outboundPhoneCall","status":"ended","endedReason":"customer-did-not-answer","startedAt":"2026-12-07T10:03:00.000Z","endedAt":"2026-12-07T10:03:30.000Z"},
 {"id":"v4","orgId":"o","type":"inboundPhoneCall","status":"ended","endedReason":"call.start.error-subscription-concurrency-limit-reached","endedAt":"2026-12-07T10:01:30.000Z"}
]"#,
    );
    let (o, _) = observe(&f, &["vapi.json", "--interval", "15m"]);
    assert_eq!((o.calls, o.never_connected_calls, o.peak_calls), (4, 2, 2));
    assert_eq!(
        workloads(&o),
        [
            ("inboundPhoneCall".into(), 2),
            ("outboundPhoneCall".into(), 1),
            ("webCall".into(), 1)
        ]
    );
    let r = &o.refusals[0];
    assert_eq!(
        (
            r.reason.as_str(),
            r.calls,
            r.first_at.as_deref(),
            r.in_progress_max
        ),
        (
            "call.start.error-subscription-concurrency-limit-reached",
            1,
            Some("2026-12-07T10:01:30Z"),
            Some(2)
        )
    );
    assert_eq!(r.busiest_interval.as_deref(), Some("2026-12-07T10:00:00Z"));
    let table = f.run(&["observe", "vapi.json"]).ok().stdout;
    assert!(
        table.contains("concurrency-limit-reached") && table.contains("2 / 2 / 2"),
        "{table}"
    );
}

#[test]
fn retell_epoch_milliseconds_and_web_calls_without_direction() {
    // 1796637600000 ms is 2026-12-07T10:00:00Z. The phone call runs 10:00-10:03, the web call
    // (no direction: its call type is the workload) 10:01-10:02; the third was refused at
    // 10:01:30 with both in progress, the fourth never connected.
    let f = Fixture::new();
    f.file(
        "retell.json",
        r#"[
 {"call_id":"r1","call_type":"phone_call","direction":"inbound","call_status":"ended","start_timestamp":1796637600000,"end_timestamp":1796637780000,"disconnection_reason":"user_hangup"},
 {"call_id":"r2","call_type":"web_call","call_status":"ended","start_timestamp":1796637660000,"end_timestamp":1796637720000,"disconnection_reason":"agent_hangup"},
 {"call_id":"r3","call_type":"phone_call","direction":"inbound","call_status":"error","start_timestamp":1796637690000,"disconnection_reason":"concurrency_limit_reached"},
 {"call_id":"r4","call_type":"phone_call","direction":"outbound","call_status":"not_connected","start_timestamp":1796637700000,"end_timestamp":1796637730000,"disconnection_reason":"dial_no_answer"}
]"#,
    );
    let (o, _) = observe(&f, &["retell.json"]);
    assert_eq!((o.calls, o.never_connected_calls, o.peak_calls), (4, 2, 2));
    assert_eq!(
        workloads(&o),
        [
            ("inbound".into(), 2),
            ("outbound".into(), 1),
            ("web_call".into(), 1)
        ]
    );
    assert_eq!(o.refusals[0].reason, "concurrency_limit_reached");
    assert_eq!(o.refusals[0].in_progress_min, Some(2));
    assert_eq!(o.format.as_deref(), Some("retell"));
}

#[test]
fn plivo_local_times_start_at_initiation_or_answer() {
    // India is UTC+05:30: 15:30 there is 10:00Z. The first call is initiated at 15:30:00,
    // answered at 15:30:10 and ends at 15:35:00 (300 s from its start, 290 s from its answer);
    // the second carries its offset (15:31 +05:30 = 10:01Z) and lasts 60 s; the third was never
    // answered.
    let f = Fixture::new();
    f.file(
        "plivo.csv",
        "call_uuid,call_direction,initiation_time,answer_time,end_time,call_duration,hangup_cause_name\n\
         p1,inbound,2026-12-07 15:30:00,2026-12-07 15:30:10,2026-12-07 15:35:00,290,Normal Hangup\n\
         p2,outbound,2026-12-07 15:31:00+05:30,2026-12-07 15:31:00+05:30,2026-12-07 15:32:00+05:30,60,Normal Hangup\n\
         p3,outbound,2026-12-07 15:33:00,,2026-12-07 15:33:40,0,No Answer\n",
    );
    let (o, _) = observe(&f, &["plivo.csv", "--tz", "Asia/Kolkata"]);
    assert_eq!((o.calls, o.never_connected_calls, o.peak_calls), (3, 1, 2));
    assert_eq!(o.first_start, "2026-12-07T10:00:00Z");
    assert!((o.aht_mean_s - 120.0).abs() < 1e-9, "(300 + 60 + 0) / 3");
    let (a, _) = observe(&f, &["plivo.csv", "--tz", "Asia/Kolkata", "--from-answer"]);
    assert!(
        (a.aht_mean_s - 350.0 / 3.0).abs() < 1e-9,
        "(290 + 60 + 0) / 3"
    );
    assert_eq!(a.first_start, "2026-12-07T10:00:10Z");
}

#[test]
fn contact_centre_platforms_connect_genesys_telnyx() {
    let f = Fixture::new();
    // Amazon Connect: delivered at least once. c1 comes twice (the later copy, updated after
    // the call ended, is kept); c3 is a chat; c2 has no disconnect yet.
    f.file(
        "ctr.json",
        concat!(
            r#"{"ContactId":"c1","Channel":"VOICE","InitiationMethod":"INBOUND","InitiationTimestamp":"2026-12-07T10:00:00.000Z","ConnectedToSystemTimestamp":"2026-12-07T10:00:01.000Z","DisconnectTimestamp":null,"LastUpdateTimestamp":"2026-12-07T10:00:02.000Z","Queue":{"EnqueueTimestamp":"2026-12-07T10:00:20.000Z"}}"#,
            "\n",
            r#"{"ContactId":"c1","Channel":"VOICE","InitiationMethod":"INBOUND","InitiationTimestamp":"2026-12-07T10:00:00.000Z","ConnectedToSystemTimestamp":"2026-12-07T10:00:01.000Z","DisconnectTimestamp":"2026-12-07T10:06:00.000Z","LastUpdateTimestamp":"2026-12-07T10:06:05.000Z"}"#,
            "\n",
            r#"{"ContactId":"c2","Channel":"VOICE","InitiationMethod":"OUTBOUND","InitiationTimestamp":"2026-12-07T10:02:00.000Z","ConnectedToSystemTimestamp":"2026-12-07T10:02:01.000Z","DisconnectTimestamp":null,"LastUpdateTimestamp":"2026-12-07T10:02:02.000Z"}"#,
            "\n",
            r#"{"ContactId":"c3","Channel":"CHAT","InitiationMethod":"API","InitiationTimestamp":"2026-12-07T10:03:00.000Z","DisconnectTimestamp":"2026-12-07T10:09:00.000Z","LastUpdateTimestamp":"2026-12-07T10:09:01.000Z"}"#,
            "\n"
        ),
    );
    let (o, _) = observe(&f, &["ctr.json"]);
    assert_eq!(
        (
            o.calls,
            o.duplicate_records,
            o.other_channel_records,
            o.in_progress_calls
        ),
        (1, 1, 1, 1)
    );
    assert!((o.aht_mean_s - 360.0).abs() < 1e-9);
    assert_eq!(o.format.as_deref(), Some("connect"));
    // Genesys Cloud: a page of conversations.
    f.file(
        "genesys.json",
        r#"{"conversations":[
 {"conversationId":"g1","conversationStart":"2026-12-07T10:00:00.000Z","conversationEnd":"2026-12-07T10:06:00.000Z","originatingDirection":"inbound","participants":[{"purpose":"customer"}]},
 {"conversationId":"g2","conversationStart":"2026-12-07T10:01:00.000Z","conversationEnd":"2026-12-07T10:02:00.000Z","originatingDirection":"outbound","participants":[]}
],"totalHits":2}"#,
    );
    let (g, _) = observe(&f, &["genesys.json"]);
    assert_eq!((g.calls, g.peak_calls), (2, 2));
    assert_eq!(
        workloads(&g),
        [("inbound".into(), 1), ("outbound".into(), 1)]
    );
    // Telnyx's portal report: counted from the answer for its duration.
    f.file(
        "telnyx.csv",
        "Account id,Answer Timestamp,Billable time (60/60),Billing group,Billing group Id,Call duration\n\
         a1,2026-12-07T10:00:00+00:00,120,,,95\n\
         a1,2026-12-07T10:01:00+00:00,60,,,30\n",
    );
    let (t, _) = observe(&f, &["telnyx.csv"]);
    assert_eq!(
        (t.calls, t.peak_calls, t.last_end.as_str()),
        (2, 2, "2026-12-07T10:01:35Z")
    );
    assert_eq!(t.format.as_deref(), Some("telnyx"));
}

#[test]
fn pbx_logs_without_a_header_asterisk_and_freeswitch() {
    // Master.csv: every field quoted but the two integers, local time. One answered call
    // 10:00:00-10:04:05 and one unanswered (empty answer, NO ANSWER), in Paris (UTC+1 in
    // December): the first starts at 09:00Z.
    let f = Fixture::new();
    f.file(
        "Master.csv",
        "\"\",\"1001\",\"5551234\",\"from-internal\",\"\"\"Alice\"\" <1001>\",\"PJSIP/1001-00000001\",\"PJSIP/trunk-00000002\",\"Dial\",\"PJSIP/5551234@trunk,30\",\"2026-12-07 10:00:00\",\"2026-12-07 10:00:05\",\"2026-12-07 10:04:05\",245,240,\"ANSWERED\",\"DOCUMENTATION\",\"1796637600.1\",\"\"\n\
         \"\",\"1002\",\"5559876\",\"from-internal\",\"\"\"Bob\"\" <1002>\",\"PJSIP/1002-00000003\",\"\",\"Dial\",\"PJSIP/5559876@trunk,30\",\"2026-12-07 10:01:00\",\"\",\"2026-12-07 10:01:30\",30,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1796637660.3\",\"\"\n",
    );
    let (o, stderr) = observe(&f, &["Master.csv", "--tz", "Europe/Paris"]);
    assert_eq!((o.calls, o.never_connected_calls, o.peak_calls), (2, 1, 1));
    assert_eq!(o.first_start, "2026-12-07T09:00:00Z");
    assert!((o.aht_mean_s - 245.0 / 2.0).abs() < 1e-9);
    assert_eq!(o.format.as_deref(), Some("asterisk"));
    assert!(stderr.contains("asterisk CSV (no header)"), "{stderr}");
    // FreeSWITCH's default cdr_csv template, the A leg only.
    f.file(
        "Master-fs.csv",
        "\"Alice\",\"1001\",\"5551234\",\"default\",\"2026-12-07 10:00:00\",\"2026-12-07 10:00:05\",\"2026-12-07 10:04:05\",\"245\",\"240\",\"NORMAL_CLEARING\",\"u1\",\"u2\",\"\",\"PCMU\",\"PCMU\"\n\
         \"Bob\",\"1002\",\"5559876\",\"default\",\"2026-12-07 10:01:00\",\"\",\"2026-12-07 10:01:20\",\"20\",\"0\",\"USER_BUSY\",\"u3\",\"\",\"\",\"PCMU\",\"PCMU\"\n",
    );
    let (s, _) = observe(&f, &["Master-fs.csv"]);
    assert_eq!((s.calls, s.never_connected_calls), (2, 1));
    assert_eq!(s.format.as_deref(), Some("freeswitch"));
}

#[test]
fn a_log_read_as_another_provider_or_not_records_is_refused() {
    let f = Fixture::new();
    f.file("calls.json", TWILIO_PAGE);
    f.run(&["observe", "calls.json", "--from", "vapi"])
        .fails_with(&[
            "calls.json",
            "--from vapi: no startedAt, endedReason field",
            "give --from twilio",
        ]);
    f.run(&["observe", "calls.json", "--from", "twillio"])
        .fails_with(&["unknown provider `twillio`", "twilio"]);
    f.file(
        "list.json",
        "[{\"start\":\"2026-12-07T10:00:00Z\",\"end\":\"2026-12-07T10:01:00Z\"},\n 7]",
    );
    f.run(&["observe", "list.json"]).fails_with(&[
        "list.json",
        "line 2:",
        "expected a call record",
    ]);
    f.file(
        "backwards.json",
        r#"[{"startedAt":"2026-12-07T10:00:00Z","endedAt":"2026-12-07T10:01:00Z","endedReason":"customer-ended-call"},
{"startedAt":"2026-12-07T10:05:00Z","endedAt":"2026-12-07T10:04:00Z","endedReason":"customer-ended-call"}]"#,
    );
    f.run(&["observe", "backwards.json"]).fails_with(&[
        "backwards.json",
        "record 2, field `endedAt`: the call ends before it starts",
    ]);
    let (o, _) = observe(&f, &["backwards.json", "--skip-bad"]);
    assert_eq!((o.calls, o.skipped_rows), (1, 1));
    assert!(
        o.skipped_examples[0].starts_with("record 2: field `endedAt`"),
        "{:?}",
        o.skipped_examples
    );
    // A time in a form the provider never writes: Retell writes epoch milliseconds.
    f.file(
        "retell.json",
        r#"[{"call_id":"r1","start_timestamp":1796637600000,"end_timestamp":1796637660000,"disconnection_reason":"user_hangup"},
{"call_id":"r2","start_timestamp":"2026-12-07T10:05:00Z","end_timestamp":1796637960000,"disconnection_reason":"user_hangup"}]"#,
    );
    f.run(&["observe", "retell.json"]).fails_with(&[
        "retell.json",
        "record 2, field `start_timestamp`",
        "expected milliseconds since 1970",
    ]);
    // An error in a gzipped file names the file given, not a temporary copy.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"start,end\n2026-12-07 10:00:00,soon\n")
        .unwrap();
    std::fs::write(f.path("calls.csv.gz"), gz.finish().unwrap()).unwrap();
    f.run(&["observe", "calls.csv.gz"])
        .fails_with(&["calls.csv.gz:2:2", "soon"]);
}

#[test]
fn one_record_a_line_read_in_ranges_agrees_with_one_thread() {
    // 300 calls a line, one a minute from 10:00, each 150 s: 3 in progress at every moment
    // past the first two minutes. Two threads read two byte ranges; a bad record in the second
    // half is named by its line in the file.
    let f = Fixture::new();
    let at = |i: u64| 1_796_637_600 + 60 * i;
    let lines: String = (0..300)
        .map(|i| {
            format!(
                "{{\"id\":\"c{i}\",\"start\":{},\"end\":{}}}\n",
                at(i),
                at(i) + 150
            )
        })
        .collect();
    f.file("calls.ndjson", &lines);
    let (one, _) = observe(&f, &["calls.ndjson", "--threads", "1"]);
    let (two, _) = observe(&f, &["calls.ndjson", "--threads", "2"]);
    assert_eq!(one, two);
    assert_eq!((one.calls, one.peak_calls), (300, 3));
    let bad = lines.replacen(&format!("\"end\":{}", at(250) + 150), "\"end\":\"soon\"", 1);
    f.file("bad.ndjson", &bad);
    for threads in ["1", "2"] {
        f.run(&["observe", "bad.ndjson", "--threads", threads])
            .fails_with(&["bad.ndjson", "line 251", "field `end`", "soon"]);
    }
}

#[test]
fn json_edge_cases_read_as_written() {
    let f = Fixture::new();
    let call = |s: &str, e: &str| {
        format!(
            "{{\"start_time\":\"2026-12-07T{s}Z\",\"end_time\":\"2026-12-07T{e}Z\",\"status\":\"ok\",\"direction\":\"inbound\"}}"
        )
    };
    // Twilio's common words without its `sid`: a plain export, read in its own ISO times.
    f.file("plain.json", &format!("[{}]", call("10:00:00", "10:01:00")));
    let (o, _) = observe(&f, &["plain.json"]);
    assert_eq!((o.calls, o.format.as_deref()), (1, None));
    // One record a line whose key is named like a page's list, and a BOM read in two ranges.
    let lines = "\u{feff}{\"start\":\"2026-12-07T10:00:00Z\",\"end\":\"2026-12-07T10:01:00Z\",\"results\":[]}\n{\"start\":\"2026-12-07T10:02:00Z\",\"end\":\"2026-12-07T10:03:00Z\",\"results\":[]}\n";
    f.file("lines.json", lines);
    for threads in ["1", "2"] {
        let (o, _) = observe(&f, &["lines.json", "--threads", threads]);
        assert_eq!(o.calls, 2, "--threads {threads}");
    }
    // A key written twice keeps its last value, in the first record and the others: 0 and 60 s.
    f.file(
        "twice.json",
        r#"[{"start":"2026-12-07T10:00:00Z","duration":6,"duration":0},{"start":"2026-12-07T10:00:00Z","duration":6,"duration":60}]"#,
    );
    assert!((observe(&f, &["twice.json"]).0.aht_mean_s - 30.0).abs() < 1e-9);
    // An array's commas are checked: none between records, or one too many, is an error.
    let (a, b) = (call("10:00:00", "10:01:00"), call("10:02:00", "10:03:00"));
    f.file("no-comma.json", &format!("[{a} {b}]"));
    f.run(&["observe", "no-comma.json"]).fails_with(&[
        "no-comma.json",
        "line 1: expected `,` or `]` between records",
    ]);
    f.file("two-commas.json", &format!("[{a},,{b}]"));
    f.run(&["observe", "two-commas.json"])
        .fails_with(&["a comma where a record was expected"]);
}

#[test]
fn perfectly_regular_records_still_get_a_hayward_figure() {
    // Two calls every 15 minutes at the same offsets, 450 s each, over 200 intervals: the
    // calls in progress never vary from their expectation, so Z measures 0; Hayward is taken
    // at its floor of 0.01 and the command ends.
    let f = Fixture::new();
    let mut rows = String::from("start,end\n");
    for k in 0..200i64 {
        for off in [225, 675] {
            let s = 1_796_601_600 + k * 900 + off;
            rows.push_str(&format!("{s},{}\n", s + 450));
        }
    }
    f.file("regular.csv", &rows).file(
        "stack.toml",
        "[[workload]]\nname = \"inbound\"\narrivals = \"unused.csv\"\naht = \"7m 30s\"\n\n[[layer]]\nname = \"trunk\"\nkind = \"trunk\"\nchannels = 1\n",
    );
    let r = f
        .run(&[
            "observe",
            "regular.csv",
            "--stack",
            "stack.toml",
            "-f",
            "json",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["peakedness"]["z"].as_f64().unwrap() < 0.01);
    assert_eq!(v["hindsight"]["peakedness"], 0.01);
    assert!(
        v["hindsight"]["layers"][0]["hayward_refused_calls"]
            .as_f64()
            .is_some()
    );
}

#[test]
fn a_provider_export_feeds_compute_check_and_report() {
    // The team's path: Vapi's call log -> observe --arrivals-out -> compute, check, report on
    // the voice agent's stack. The arrivals keep Vapi's words (inboundPhoneCall ...), which
    // are the stack's one workload of each direction.
    let f = Fixture::new();
    let calls = crate::util::repo().join("examples/voice-agent/calls.json");
    let stack =
        std::fs::read_to_string(crate::util::repo().join("examples/voice-agent/stack.toml"))
            .unwrap()
            .replace("#:schema ../../docs/capplan.schema.json\n", "");
    f.file("stack.toml", &stack);
    let (o, _) = observe(
        &f,
        &[calls.to_str().unwrap(), "--arrivals-out", "arrivals.csv"],
    );
    let r = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
    let report: capplan::engine::headroom::Report = serde_json::from_str(&r.stdout).unwrap();
    for (stack_name, vapi_name) in [
        ("inbound", "inboundPhoneCall"),
        ("outbound", "outboundPhoneCall"),
        ("web", "webCall"),
    ] {
        let planned = report
            .workloads
            .iter()
            .find(|w| w.name == stack_name)
            .unwrap();
        let seen = o.workloads.iter().find(|w| w.name == vapi_name).unwrap();
        assert_eq!(planned.total_calls, seen.calls as f64, "{stack_name}");
    }
    assert_ne!(f.run(&["check", "stack.toml"]).code, 2);
    f.run(&["report", "stack.toml", "-f", "csv"]).ok();
}
