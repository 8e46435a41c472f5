//! The engines: everything that turns a stack and its inputs into numbers. Arrivals on one grid
//! and calls in progress ([`timeline`]), a layer's load and ceilings ([`load`]), the headroom
//! report with its sentences ([`headroom`]), growth month by month ([`projection`]), the upgrade
//! plan ([`plan`]), the step commands share ([`pipeline`]), the simulation ([`simulate`]), call
//! records ([`observe`]), a stack put next to the records ([`hindsight`]), forecasts
//! ([`forecast`]) and teletraffic formulas ([`erlang`]).
//! An engine never imports `render` or `cmd`: results are structs, rendered at the edge.

pub mod erlang;
pub mod forecast;
pub mod headroom;
pub mod hindsight;
pub mod load;
pub mod observe;
pub mod pipeline;
pub mod plan;
pub mod projection;
pub mod simulate;
pub mod timeline;
