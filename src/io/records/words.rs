//! The words call records use for how a call ended, as the providers document them (as of
//! 2026-12): those that mean it never connected, and those that mean a limit refused it.

use super::columns::normalise;

/// Words of a status or reason that mean the call never connected, compared as `normalise`
/// writes them: Twilio's statuses, Retell's `not_connected`, FreeSWITCH's and Call Control's
/// hangup causes, Asterisk's dispositions (documented as of 2026-12).
const NEVER_CONNECTED: &[&str] = &[
    "busy",
    "failed",
    "noanswer",
    "canceled",
    "cancelled",
    "cancel",
    "notconnected",
    "userbusy",
    "callrejected",
    "nouserresponse",
    "subscriberabsent",
    "originatorcancel",
    "unallocatednumber",
    "invaliddestination",
    "userdeclined",
];

/// Parts of a reason that mean the call never connected: Retell's `dial_busy`, `dial_failed`,
/// `dial_no_answer`; Vapi's `customer-busy`, `customer-did-not-answer`,
/// `twilio-failed-to-connect-call`, `*-transport-never-connected`, `call.start.error-*` (the
/// phone never rang).
const NEVER_CONNECTED_PARTS: &[&str] = &[
    "dialbusy",
    "dialfailed",
    "dialnoanswer",
    "customerbusy",
    "didnotanswer",
    "failedtoconnect",
    "neverconnected",
    "hungupbeforecallconnect",
    "unallocatednumber",
];

/// Whether a status or reason says the call was turned away for a limit (as of 2026-12):
/// Retell's `concurrency_limit_reached`, Vapi's
/// `call.start.error-subscription-concurrency-limit-reached` and its outbound SIP 503, Telnyx's
/// "503 CPS Limit reached (P05)" and "403 User channel limit exceeded (D1)", Plivo's
/// "Simultaneous dial limit reached", congestion (no circuit free) in Asterisk and FreeSWITCH, a
/// bare SIP 503. A model or voice provider's rate limit inside a call is not one: that call held
/// its slot.
pub fn refusal(text: &str) -> bool {
    let n = normalise(text);
    let parts = [
        "concurrencylimit",
        "channellimit",
        "cpslimit",
        "diallimit",
        "dailylimit",
        "congestion",
        "sip503",
    ];
    parts.iter().any(|w| n.contains(w)) || n == "503" || n.starts_with("503cps")
}

pub fn never_connected(text: &str) -> bool {
    let n = normalise(text);
    NEVER_CONNECTED.contains(&n.as_str())
        || NEVER_CONNECTED_PARTS.iter().any(|p| n.contains(p))
        || n.starts_with("callstarterror")
}
