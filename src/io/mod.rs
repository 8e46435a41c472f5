//! Files in and out: the arrivals CSV ([`arrivals`]), the growth settings and projection CSV
//! ([`growth`]), call-detail records in CSV and Parquet ([`records`]), and where a report goes
//! ([`output`]: stdout or a file replaced atomically). Built on `model` and `values`; nothing
//! here computes a result.

pub mod arrivals;
pub mod growth;
pub mod output;
pub mod records;
