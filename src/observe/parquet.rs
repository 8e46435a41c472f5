//! Call records in Parquet: only the start, end (or duration) and workload columns are decoded,
//! row groups are shared out among the reading threads, and every call goes into the same
//! tallies as a CSV row, so both inputs give the same answer.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::data_type::{ByteArray, FixedLenByteArray, Int96};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::ColumnDescPtr;

use super::chunk::{Field, Names, check, tally};
use super::events::EventSorter;
use super::read::{Columns, Zone, parse_duration_ms, parse_time};
use super::{Gathered, Options};

/// True when the file starts with Parquet's magic bytes.
pub(crate) fn is_parquet(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|_| &magic == b"PAR1")
}

/// A bad row: its number in the file (from 1) and why.
pub(crate) struct RowError {
    pub row: u64,
    pub msg: String,
}

/// Rows decoded per column at a time.
const BATCH: usize = 8192;

/// How a column's stored values read as times.
#[derive(Debug, Clone, Copy)]
enum Unit {
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
struct Cursor {
    reader: ColumnReader,
    values: Values,
    defs: Vec<i16>,
    max_def: i16,
    /// For a nullable column, where each row's value sits among the non-null values.
    at: Vec<u32>,
    unit: Unit,
    name: String,
}

/// A value as it was stored, before it is read as a time, a duration or a name.
enum Value<'a> {
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
    fn new(reader: ColumnReader, desc: &ColumnDescPtr) -> Cursor {
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
    fn fill(&mut self) -> parquet::errors::Result<usize> {
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
    fn value(&self, i: usize) -> Option<Value<'_>> {
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
fn time_ms(
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
fn duration_ms(v: Option<Value<'_>>) -> Result<i64, String> {
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

/// The leaf column names in schema order (the "header" the columns are chosen from), and the
/// number of row groups.
pub(crate) fn header(path: &Path) -> Result<(Vec<String>, usize), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let reader =
        SerializedFileReader::new(file).map_err(|e| format!("is not readable Parquet: {e}"))?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let names = schema.columns().iter().map(|c| c.path().string()).collect();
    Ok((names, meta.num_row_groups()))
}

/// Reads the row groups `k`, `k + n`, `k + 2n`... of the file into tallies and sorted events.
pub(crate) fn read(
    path: &Path,
    (k, n): (usize, usize),
    cols: &Columns,
    names: &Names,
    opts: &Options,
    buffer_events: usize,
) -> Result<(Gathered, EventSorter), RowError> {
    let fail = |row: u64, msg: String| RowError { row, msg };
    let file = File::open(path).map_err(|e| fail(0, e.to_string()))?;
    let reader = SerializedFileReader::new(file).map_err(|e| fail(0, e.to_string()))?;
    let meta = reader.metadata();
    let mut zone = opts.zone.clone();
    let mut g = Gathered::new();
    let mut sorter = EventSorter::new(buffer_events);
    let mut local: Vec<(String, usize)> = Vec::new();
    let mut first_row = 0u64;
    for group in 0..meta.num_row_groups() {
        let rows_in_group = meta.row_group(group).num_rows() as u64;
        if group % n != k {
            first_row += rows_in_group;
            continue;
        }
        let rg = reader
            .get_row_group(group)
            .map_err(|e| fail(first_row + 1, e.to_string()))?;
        let schema = meta.file_metadata().schema_descr();
        let wanted = [Some(cols.start), cols.end, cols.duration, cols.workload];
        let mut cursors: Vec<Option<Cursor>> = Vec::new();
        for c in wanted {
            cursors.push(match c {
                Some(c) => Some(Cursor::new(
                    rg.get_column_reader(c)
                        .map_err(|e| fail(first_row + 1, e.to_string()))?,
                    &schema.column(c),
                )),
                None => None,
            });
        }
        let mut row = first_row;
        loop {
            let mut got = None;
            for c in cursors.iter_mut().flatten() {
                let rows = c.fill().map_err(|e| fail(row + 1, e.to_string()))?;
                got = Some(got.map_or(rows, |g: usize| g.min(rows)));
            }
            let rows = got.unwrap_or(0);
            if rows == 0 {
                break;
            }
            for i in 0..rows {
                row += 1;
                match call(
                    &cursors,
                    i,
                    &mut zone,
                    names,
                    &mut local,
                    opts,
                    &mut g,
                    &mut sorter,
                ) {
                    Ok(()) => {}
                    Err(msg) if opts.skip_bad && msg != super::span_error() => {
                        g.skipped += 1;
                        if g.skipped_at.len() < 5 {
                            g.skipped_at.push((0, row, msg));
                        }
                    }
                    Err(msg) => return Err(fail(row, msg)),
                }
            }
        }
        first_row += rows_in_group;
    }
    Ok((g, sorter))
}

/// Reads row `i` of the current batches as one call; an error names the column.
#[allow(clippy::too_many_arguments)]
fn call(
    cursors: &[Option<Cursor>],
    i: usize,
    zone: &mut Zone,
    names: &Names,
    local: &mut Vec<(String, usize)>,
    opts: &Options,
    g: &mut Gathered,
    sorter: &mut EventSorter,
) -> Result<(), String> {
    let [start_c, end_c, dur_c, work_c] = cursors else {
        unreachable!("four column slots")
    };
    let start_c = start_c.as_ref().expect("a start column");
    let named = |c: &Cursor, e: String| format!("column `{}`: {e}", c.name);
    let mut ambiguous = false;
    let unit = start_c.unit;
    let start =
        time_ms(unit, start_c.value(i), zone, &mut ambiguous).map_err(|e| named(start_c, e))?;
    let (end, end_name) = match (end_c, dur_c) {
        (Some(c), _) => {
            let unit = c.unit;
            let end = time_ms(unit, c.value(i), zone, &mut ambiguous).map_err(|e| named(c, e))?;
            (end, c.name.clone())
        }
        (None, Some(c)) => {
            let d = duration_ms(c.value(i)).map_err(|e| named(c, e))?;
            (start + d, c.name.clone())
        }
        (None, None) => unreachable!("Columns needs an end or a duration"),
    };
    let blame = |f: Field, e: String| match f {
        Field::Start => format!("column `{}`: {e}", start_c.name),
        Field::End => format!("column `{end_name}`: {e}"),
    };
    check(start, end).map_err(|(f, e)| blame(f, e))?;
    g.ambiguous += u64::from(ambiguous);
    let w = match work_c {
        None => 0,
        Some(c) => {
            let label = c.name.clone();
            let name = match c.value(i) {
                None => Cow::Borrowed(""),
                Some(Value::Text(t)) => Cow::Owned(t.trim().to_string()),
                Some(Value::Int(n)) => Cow::Owned(n.to_string()),
                Some(Value::Float(x)) => Cow::Owned(x.to_string()),
                Some(Value::Stamp96(x)) => Cow::Owned(x.to_millis().to_string()),
                Some(Value::Interval(ms)) => Cow::Owned(ms.unwrap_or(-1).to_string()),
            };
            match local.iter().find(|(n, _)| *n == name) {
                Some((_, w)) => *w,
                None => {
                    let w = names
                        .index(&name)
                        .map_err(|e| format!("column `{label}`: {e}"))?;
                    local.push((name.into_owned(), w));
                    w
                }
            }
        }
    };
    tally(start, end, w, opts.interval_ms, g, sorter).map_err(|(f, e)| blame(f, e))
}
