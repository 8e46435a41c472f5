//! One Parquet column read in batches, and its values read as times, durations or names
//! according to the column's logical type (timestamps of every unit, INT96, dates, decimals,
//! intervals, numbers, text).

use std::borrow::Cow;

use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{ByteArray, FixedLenByteArray, Int96};
use parquet::schema::types::ColumnDescPtr;

use crate::io::records::{Zone, parse_duration_ms, parse_time};

/// Rows decoded per column at a time.
const BATCH: usize = 8192;

/// How a column's stored values read as times.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Unit {
    /// A Parquet timestamp: milliseconds, microseconds or nanoseconds since 1970, on the UTC
    /// clock or (not adjusted to UTC) on the local clock of `--tz`.
    Stamp { per_ms: i64, utc: bool },
    /// Spark's legacy INT96 timestamps (always UTC).
    Int96,
    /// A date: midnight of that day on the `--tz` clock.
    Date,
    /// A decimal number: the stored integer over 10^scale (epoch seconds, or a duration).
    Decimal(i32),
    /// Parquet's INTERVAL (months, days, milliseconds): a duration.
    Interval,
    /// A plain number or a string: read as a CSV field would be.
    AsText,
}

fn unit_of(c: &ColumnDescPtr) -> Unit {
    let per = |u: &TimeUnit| match u {
        TimeUnit::MILLIS => 1,
        TimeUnit::MICROS => 1_000,
        TimeUnit::NANOS => 1_000_000,
    };
    match (c.logical_type_ref(), c.converted_type(), c.physical_type()) {
        (Some(LogicalType::Timestamp(t)), _, _) => Unit::Stamp {
            per_ms: per(&t.unit),
            utc: t.is_adjusted_to_u_t_c,
        },
        (_, ConvertedType::TIMESTAMP_MILLIS, _) => Unit::Stamp {
            per_ms: 1,
            utc: true,
        },
        (_, ConvertedType::TIMESTAMP_MICROS, _) => Unit::Stamp {
            per_ms: 1_000,
            utc: true,
        },
        (Some(LogicalType::Date), _, _) | (_, ConvertedType::DATE, _) => Unit::Date,
        (Some(LogicalType::Decimal(d)), _, _) => Unit::Decimal(d.scale),
        (_, ConvertedType::DECIMAL, _) => Unit::Decimal(c.type_scale()),
        (_, ConvertedType::INTERVAL, _) => Unit::Interval,
        (_, _, Physical::INT96) => Unit::Int96,
        _ => Unit::AsText,
    }
}

/// One batch of one column's values.
enum Values {
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    I96(Vec<Int96>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
    Fixed(Vec<FixedLenByteArray>),
}

/// A column being read: its reader, the current batch and the cursor over its non-null values.
pub(crate) struct Cursor {
    reader: ColumnReader,
    values: Values,
    defs: Vec<i16>,
    max_def: i16,
    /// For a nullable column, where each row's value sits among the non-null values.
    at: Vec<u32>,
    pub(crate) unit: Unit,
    pub(crate) name: String,
}

/// A value as it was stored, before it is read as a time, a duration or a name.
pub(crate) enum Value<'a> {
    Int(i64),
    Float(f64),
    Text(Cow<'a, str>),
    Stamp96(Int96),
    /// An INTERVAL in milliseconds, or why it is not a call's duration.
    Interval(Result<i64, String>),
}

/// A big-endian two's-complement integer of any width (a decimal's unscaled value).
fn big_endian(bytes: &[u8]) -> f64 {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let magnitude = bytes.iter().fold(0f64, |acc, b| {
        acc * 256.0 + f64::from(if negative { !b } else { *b })
    });
    if negative {
        -(magnitude + 1.0)
    } else {
        magnitude
    }
}

/// Parquet's INTERVAL: three little-endian u32 (months, days, milliseconds).
fn interval_ms(bytes: &[u8]) -> Result<i64, String> {
    let word = |i: usize| {
        bytes
            .get(4 * i..4 * i + 4)
            .map(|b| i64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    match (word(0), word(1), word(2)) {
        (Some(0), Some(days), Some(ms)) => Ok(days * 86_400_000 + ms),
        (Some(_), Some(_), Some(_)) => {
            Err("holds an interval in months: a call's duration must be in days and time".into())
        }
        _ => Err("holds an interval of the wrong size".into()),
    }
}

impl Cursor {
    pub(crate) fn new(reader: ColumnReader, desc: &ColumnDescPtr) -> Cursor {
        let values = match &reader {
            ColumnReader::BoolColumnReader(_) => Values::Bool(Vec::new()),
            ColumnReader::Int32ColumnReader(_) => Values::I32(Vec::new()),
            ColumnReader::Int64ColumnReader(_) => Values::I64(Vec::new()),
            ColumnReader::Int96ColumnReader(_) => Values::I96(Vec::new()),
            ColumnReader::FloatColumnReader(_) => Values::F32(Vec::new()),
            ColumnReader::DoubleColumnReader(_) => Values::F64(Vec::new()),
            ColumnReader::ByteArrayColumnReader(_) => Values::Bytes(Vec::new()),
            ColumnReader::FixedLenByteArrayColumnReader(_) => Values::Fixed(Vec::new()),
        };
        Cursor {
            reader,
            values,
            defs: Vec::new(),
            max_def: desc.max_def_level(),
            at: Vec::new(),
            unit: unit_of(desc),
            name: desc.name().to_string(),
        }
    }

    /// Decodes the next rows (at most `BATCH`); returns how many.
    pub(crate) fn fill(&mut self) -> parquet::errors::Result<usize> {
        self.defs.clear();
        let defs = (self.max_def > 0).then_some(&mut self.defs);
        macro_rules! read {
            ($r:expr, $v:expr) => {{
                $v.clear();
                $r.read_records(BATCH, defs, None, $v)
                    .map(|(rows, _, _)| rows)
            }};
        }
        match (&mut self.reader, &mut self.values) {
            (ColumnReader::BoolColumnReader(r), Values::Bool(v)) => read!(r, v),
            (ColumnReader::Int32ColumnReader(r), Values::I32(v)) => read!(r, v),
            (ColumnReader::Int64ColumnReader(r), Values::I64(v)) => read!(r, v),
            (ColumnReader::Int96ColumnReader(r), Values::I96(v)) => read!(r, v),
            (ColumnReader::FloatColumnReader(r), Values::F32(v)) => read!(r, v),
            (ColumnReader::DoubleColumnReader(r), Values::F64(v)) => read!(r, v),
            (ColumnReader::ByteArrayColumnReader(r), Values::Bytes(v)) => read!(r, v),
            (ColumnReader::FixedLenByteArrayColumnReader(r), Values::Fixed(v)) => read!(r, v),
            _ => unreachable!("values are made for their reader"),
        }
        .inspect(|_| {
            if self.max_def > 0 {
                self.at.clear();
                let mut k = 0u32;
                for d in &self.defs {
                    self.at.push(if *d < self.max_def { u32::MAX } else { k });
                    k += u32::from(*d >= self.max_def);
                }
            }
        })
    }

    /// The value of row `i` of the batch, or `None` when null.
    pub(crate) fn value(&self, i: usize) -> Option<Value<'_>> {
        let k = if self.max_def > 0 {
            match self.at[i] {
                u32::MAX => return None,
                k => k as usize,
            }
        } else {
            i
        };
        let decimal = |unscaled: f64, scale: i32| Value::Float(unscaled / 10f64.powi(scale));
        Some(match (&self.values, self.unit) {
            (Values::I32(v), Unit::Decimal(scale)) => decimal(f64::from(v[k]), scale),
            (Values::I64(v), Unit::Decimal(scale)) => decimal(v[k] as f64, scale),
            (Values::Fixed(v), Unit::Decimal(scale)) => decimal(big_endian(v[k].data()), scale),
            (Values::Bytes(v), Unit::Decimal(scale)) => decimal(big_endian(v[k].data()), scale),
            (Values::Fixed(v), Unit::Interval) => Value::Interval(interval_ms(v[k].data())),
            (Values::Fixed(v), _) => Value::Text(String::from_utf8_lossy(v[k].data())),
            _ => self.plain(k),
        })
    }

    /// A value read without a logical type to interpret it.
    fn plain(&self, k: usize) -> Value<'_> {
        match &self.values {
            Values::Bool(v) => Value::Text(Cow::Borrowed(if v[k] { "true" } else { "false" })),
            Values::I32(v) => Value::Int(i64::from(v[k])),
            Values::I64(v) => Value::Int(v[k]),
            Values::I96(v) => Value::Stamp96(v[k]),
            Values::F32(v) => Value::Float(f64::from(v[k])),
            Values::F64(v) => Value::Float(v[k]),
            Values::Bytes(v) => Value::Text(String::from_utf8_lossy(v[k].data())),
            Values::Fixed(v) => Value::Text(String::from_utf8_lossy(v[k].data())),
        }
    }
}

/// A column's value read as a time in UTC milliseconds.
pub(crate) fn time_ms(
    unit: Unit,
    v: Option<Value<'_>>,
    zone: &mut Zone,
    ambiguous: &mut bool,
) -> Result<i64, String> {
    match (unit, v) {
        (_, None) => Err("is empty (null): every call needs a start and an end".into()),
        (Unit::Stamp { per_ms, utc }, Some(Value::Int(n))) => {
            let ms = n.div_euclid(per_ms);
            if utc {
                Ok(ms)
            } else {
                zone.utc_of(ms, ambiguous)
            }
        }
        (Unit::Date, Some(Value::Int(days))) => zone.utc_of(days * 86_400_000, ambiguous),
        (_, Some(Value::Stamp96(x))) => Ok(x.to_millis()),
        (_, Some(Value::Int(n))) => parse_time(&n.to_string(), zone, ambiguous),
        (_, Some(Value::Float(x))) => parse_time(&x.to_string(), zone, ambiguous),
        (_, Some(Value::Text(t))) => parse_time(&t, zone, ambiguous),
        (_, Some(Value::Interval(_))) => Err("holds intervals: expected timestamps".into()),
    }
}

/// A duration column's value in milliseconds: seconds as a number, or text as in a CSV.
pub(crate) fn duration_ms(v: Option<Value<'_>>) -> Result<i64, String> {
    match v {
        None => Err("is empty (null): every call needs a duration".into()),
        Some(Value::Int(n)) => parse_duration_ms(&n.to_string()),
        Some(Value::Float(x)) => parse_duration_ms(&x.to_string()),
        Some(Value::Text(t)) => parse_duration_ms(&t),
        Some(Value::Stamp96(_)) => Err("holds timestamps: expected a duration in seconds".into()),
        Some(Value::Interval(ms)) => match ms? {
            ms if ms <= 30 * 86_400_000 => Ok(ms),
            _ => Err("a call duration must be between 0 and 30 days".into()),
        },
    }
}
