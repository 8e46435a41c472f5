//! Erlang C: calls that find every agent busy wait in a queue (M/M/N, nobody hangs up).

use super::erlang_b;

/// Probability that a call waits (Erlang C); 1 when agents <= traffic (the queue is unstable).
pub fn erlang_c(traffic: f64, agents: f64) -> f64 {
    if agents <= traffic {
        return 1.0;
    }
    let b = erlang_b(traffic, agents);
    agents * b / (agents - traffic * (1.0 - b))
}

/// What callers of an M/M/N queue experience.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueStats {
    /// False when agents <= traffic: the queue grows without bound.
    pub stable: bool,
    pub p_wait: f64,
    /// Share of calls answered within the target time.
    pub service_level: f64,
    /// Average speed of answer over all calls, in seconds (infinite when unstable).
    pub asa_s: f64,
    /// Share of agent time spent on calls.
    pub occupancy: f64,
    /// Share of calls answered without waiting.
    pub answered_immediately: f64,
}

/// Erlang C figures for `traffic` erlangs, `agents` agents, an AHT and a target answer time.
pub fn erlang_c_stats(traffic: f64, agents: f64, aht_s: f64, target_s: f64) -> QueueStats {
    if agents <= traffic {
        return QueueStats {
            stable: false,
            p_wait: 1.0,
            service_level: 0.0,
            asa_s: f64::INFINITY,
            occupancy: 1.0,
            answered_immediately: 0.0,
        };
    }
    let c = erlang_c(traffic, agents);
    stats_from_c(c, traffic, agents, aht_s, target_s)
}

fn stats_from_c(c: f64, traffic: f64, agents: f64, aht_s: f64, target_s: f64) -> QueueStats {
    let spare = agents - traffic;
    QueueStats {
        stable: true,
        p_wait: c,
        service_level: (1.0 - c * (-spare * target_s / aht_s).exp()).max(0.0),
        asa_s: c * aht_s / spare,
        occupancy: traffic / agents,
        answered_immediately: 1.0 - c,
    }
}

/// The agents a service-level target needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgentsAnswer {
    /// Agents on the phones at once.
    pub agents: u64,
    /// Agents to schedule once shrinkage (breaks, training, absence) is allowed for.
    pub scheduled: u64,
    pub stats: QueueStats,
    /// Service level with one agent fewer (0 when that queue is unstable), to show the boundary.
    pub service_level_below: f64,
}

/// The fewest agents meeting `service_level` within `target_s`, with occupancy at most
/// `max_occupancy`; then scheduled agents = ceil(agents / (1 - shrinkage)).
pub fn agents_for(
    traffic: f64,
    aht_s: f64,
    target_s: f64,
    service_level: f64,
    max_occupancy: f64,
    shrinkage: f64,
) -> AgentsAnswer {
    if traffic == 0.0 {
        // No calls: no agent is needed (the same answer as `lines_for` and Extended Erlang B).
        return AgentsAnswer {
            agents: 0,
            scheduled: 0,
            stats: QueueStats {
                stable: true,
                p_wait: 0.0,
                service_level: 1.0,
                asa_s: 0.0,
                occupancy: 0.0,
                answered_immediately: 1.0,
            },
            service_level_below: 1.0,
        };
    }
    // Walk Erlang B up one agent at a time (O(1) a step), checking Erlang C once agents > traffic.
    let (mut n, mut b) = (0u64, 1.0);
    let mut below = 0.0;
    loop {
        n += 1;
        b = super::step(traffic, b, n as f64);
        let agents = n as f64;
        // Occupancy is traffic / agents: while even one agent more would be over the cap, this
        // count is neither the answer nor the one just under it (`below`), so Erlang C is
        // skipped. A low cap (1.45% of 4.2 million erlangs: 288 million agents) then costs only
        // the cheap Erlang B steps.
        if agents <= traffic || traffic / (agents + 1.0) > max_occupancy {
            continue;
        }
        let c = agents * b / (agents - traffic * (1.0 - b));
        let stats = stats_from_c(c, traffic, agents, aht_s, target_s);
        if stats.service_level >= service_level && stats.occupancy <= max_occupancy {
            let scheduled = (agents / (1.0 - shrinkage) - 1e-9).ceil() as u64;
            return AgentsAnswer {
                agents: n,
                scheduled,
                stats,
                service_level_below: below,
            };
        }
        below = stats.service_level;
    }
}
