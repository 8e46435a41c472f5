//! The model: the stack file checked into workloads, layers and limits ([`stack`]), the
//! provider presets a layer may name ([`presets`]) and the handle-time shapes a workload has
//! ([`handle_time`]). Built on `values` only.

pub mod handle_time;
pub mod presets;
pub mod stack;
