//! Provider limits from public documents as named presets. A layer says `preset = "vapi"`;
//! keys written beside it override the preset's. Each preset names its source and as-of date.

pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub source: &'static str,
    pub as_of: &'static str,
    /// The layer keys the preset sets, as TOML.
    pub toml: &'static str,
}

const TWILIO: &str = "Twilio help center, \"How fast can I place or receive phone calls with Twilio?\": concurrency by account type (accounts upgraded from trial on or after 2026-02-03; earlier accounts are unaffected) and 1 outbound call per second by default";
const VAPI: &str = "Vapi documentation, \"Understanding Call Concurrency\": 10 slots by default shared by inbound, outbound and web calls; add-on lines at $10 per line per month, self-serve and immediate; startup program 100 lines";
const GLOSSARY: &str = "BubblyPhone glossary, \"Concurrent Calls\" (last updated 2026-04-05)";

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "twilio-trial",
        summary: "Twilio Programmable Voice, trial account: 5 concurrent calls, 1 call/s",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 5\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-trial-sip",
        summary: "Twilio Elastic SIP Trunking, trial account: 4 concurrent calls, 1 call/s",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"trunk\"\nchannels = 4\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-no-profile",
        summary: "Twilio Programmable Voice, no approved customer profile: 2 concurrent calls, 1 call/s",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 2\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-no-profile-sip",
        summary: "Twilio Elastic SIP Trunking, no approved customer profile: 2 concurrent calls, 1 call/s",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"trunk\"\nchannels = 2\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-individual",
        summary: "Twilio Programmable Voice, approved individual profile: 3 concurrent calls, 1 call/s (no self-serve CPS increase)",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 3\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-individual-sip",
        summary: "Twilio Elastic SIP Trunking, approved individual profile: 3 concurrent calls, 1 call/s",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"trunk\"\nchannels = 3\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-business",
        summary: "Twilio Programmable Voice, approved business profile: unlimited concurrency, 1 call/s by default (self-serve increase)",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"platform\"\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "twilio-business-sip",
        summary: "Twilio Elastic SIP Trunking, approved business profile: unlimited concurrency, 1 call/s by default; excess calls get SIP 503",
        source: TWILIO,
        as_of: "2026-11",
        toml: "kind = \"trunk\"\ncalls_per_second = 1\nrate_directions = [\"outbound\"]\n",
    },
    Preset {
        name: "vapi",
        summary: "Vapi: 10 concurrent call slots by default; add-on lines at $10 per line per month",
        source: VAPI,
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 10\nlead_time = \"0d\"\nprice = { unit = \"line\", per_unit_month = 10.0, included = 10 }\n",
    },
    Preset {
        name: "vapi-startup",
        summary: "Vapi startup program: 100 concurrent call lines; add-on lines at $10 per line per month",
        source: VAPI,
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 100\nlead_time = \"0d\"\nprice = { unit = \"line\", per_unit_month = 10.0, included = 100 }\n",
    },
    Preset {
        name: "plivo-self-serve",
        summary: "Plivo self-serve account: about 10-25 concurrent calls; 10 assumed. An estimate: Plivo publishes no default, so confirm yours in writing; larger increases need a sales contract",
        source: "An industry article on Plivo's concurrent-call limits (self-serve tiers typically 10-25; increases above 50-100 routed to an enterprise contract)",
        as_of: "2026-11",
        toml: "kind = \"platform\"\nconcurrency = 10\n",
    },
    Preset {
        name: "bubblyphone-outbound",
        summary: "BubblyPhone Agents: up to 30 outbound calls per hour per phone number (set `numbers`)",
        source: GLOSSARY,
        as_of: "2026-04",
        toml: "kind = \"numbers\"\ncalls_per_hour_per_number = 30\n",
    },
    Preset {
        name: "llm-100",
        summary: "An LLM provider capping streaming sessions at 100 per API key (a common default)",
        source: GLOSSARY,
        as_of: "2026-04",
        toml: "kind = \"llm\"\nsessions_per_key = 100\nkeys = 1\n",
    },
    Preset {
        name: "llm-200",
        summary: "An LLM provider capping streaming sessions at 200 per API key (a common default)",
        source: GLOSSARY,
        as_of: "2026-04",
        toml: "kind = \"llm\"\nsessions_per_key = 200\nkeys = 1\n",
    },
];

pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(
                PRESETS[i + 1..].iter().all(|q| q.name != p.name),
                "{}",
                p.name
            );
            assert_eq!(find(p.name).map(|q| q.name), Some(p.name));
        }
    }
}
