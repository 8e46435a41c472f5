//! Reading call-detail records: which columns hold what (`columns`), the timestamp forms
//! exports use (`time`), the providers' documented exports (`provider`), how a call went
//! (`outcome`), and the readers for JSON (`json`) and Parquet (`parquet`).

mod columns;
mod headerless;
pub mod json;
mod outcome;
pub mod parquet;
pub mod provider;
mod time;
mod words;
mod zone;

pub use columns::{ColumnNames, Columns, normalise};
pub use headerless::{ASTERISK_COLUMNS, FREESWITCH_COLUMNS, headerless};
pub use outcome::{CallTimes, Outcome, call_of};
pub use provider::Provider;
pub use time::{TimeForm, parse_duration_ms, parse_time};
pub use words::{never_connected, refusal};
pub use zone::Zone;
