//! Values: the plain types every other layer is written in (durations and shares, months and
//! timestamps, "did you mean", the one error type, where an input's bytes come from). This layer
//! imports nothing else of the crate.

pub mod error;
pub mod input;
pub mod month;
pub mod suggest;
pub mod timefmt;
pub mod units;
