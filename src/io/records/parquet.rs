//! Parquet call records at the byte level: the file read through a bounded positional reader
//! ([`source`], its footer checked first by `footer`) and the start, end, duration and workload columns decoded into values
//! ([`mod@column`]). Turning those values into calls and tallies is the engine's (`observe::parquet`).

pub mod column;
mod footer;
pub mod source;
