//! Reading call-detail records: which columns hold what (`columns`), the timestamp forms
//! exports use (`time`), the providers' documented exports (`provider`), how a call went
//! (`outcome`), and the readers for JSON (`json`) and Parquet (`parquet`).

mod columns;
pub mod json;
mod outcome;
pub mod parquet;
pub mod provider;
mod time;
mod zone;

pub use columns::{ColumnNames, Columns, TimeForm, normalise};
pub use outcome::{CallTimes, Outcome, call_of, refusal};
pub use provider::Provider;
pub use time::{parse_duration_ms, parse_time};
pub use zone::Zone;
