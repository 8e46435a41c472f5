//! The PBXs' own files, which have no header: Asterisk's `Master.csv` and FreeSWITCH's
//! `cdr_csv` default template, told by where their dates are, and named by their fixed layout.

use super::Provider;

/// Asterisk's `Master.csv` columns (cdr_csv.c), with the optional uniqueid and userfield and
/// the three `newcdrcolumns` adds.
pub const ASTERISK_COLUMNS: [&str; 21] = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "peeraccount",
    "linkedid",
    "sequence",
];

/// FreeSWITCH `mod_cdr_csv`'s default template.
pub const FREESWITCH_COLUMNS: [&str; 15] = [
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
];

/// A header for a headerless export (`Master.csv`, FreeSWITCH's CSV) of `fields` fields,
/// when `first` (its first record) looks like one: dates where the layout has them.
pub fn headerless(first: &[String]) -> Option<(Provider, Vec<String>)> {
    let dated = |i: usize| {
        first.get(i).is_some_and(|t| {
            crate::values::timefmt::parse_timestamp(t).is_ok_and(|(k, _)| k.dated())
        })
    };
    let n = first.len();
    if (16..=21).contains(&n) && dated(9) && dated(11) {
        let names = ASTERISK_COLUMNS[..n].iter().map(|s| s.to_string());
        return Some((Provider::Asterisk, names.collect()));
    }
    if n == FREESWITCH_COLUMNS.len() && dated(4) && dated(6) {
        let names = FREESWITCH_COLUMNS.iter().map(|s| s.to_string());
        return Some((Provider::Freeswitch, names.collect()));
    }
    None
}
