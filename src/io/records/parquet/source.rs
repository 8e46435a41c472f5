//! How a Parquet file is opened: its footer decoded once for every reading thread, without the
//! statistics capplan never reads, and reading past the end of the file an error.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use parquet::errors::Result;
use parquet::file::metadata::ParquetStatisticsPolicy;
use parquet::file::reader::{ChunkReader, FileReader, Length};
use parquet::file::serialized_reader::{ReadOptionsBuilder, SerializedFileReader};

/// An open Parquet file of call records, shared by the threads that read its row groups.
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) reader: SerializedFileReader<Strict>,
    /// For each row group, the number in the file of the row before it (rows count from 1).
    pub(crate) first_rows: Vec<u64>,
}

impl Source {
    /// Opens `path` and decodes its footer. The statistics of every column chunk are skipped:
    /// capplan reads every row, and in a file of 600,000 one-row groups they took 0.6 GB.
    pub(crate) fn open(path: &Path) -> Result<Source, String> {
        let mut file = File::open(path).map_err(|e| e.to_string())?;
        super::footer::check(&mut file).map_err(|e| format!("is not readable Parquet: {e}"))?;
        let options = ReadOptionsBuilder::new()
            .with_column_stats_policy(ParquetStatisticsPolicy::SkipAll)
            .with_encoding_stats_policy(ParquetStatisticsPolicy::SkipAll)
            .with_size_stats_policy(ParquetStatisticsPolicy::SkipAll)
            .build();
        let reader = SerializedFileReader::new_with_options(Strict(Arc::new(file)), options)
            .map_err(|e| format!("is not readable Parquet: {e}"))?;
        let mut first_rows = Vec::with_capacity(reader.metadata().num_row_groups());
        let mut rows = 0u64;
        for group in reader.metadata().row_groups() {
            first_rows.push(rows);
            rows = rows.saturating_add(u64::try_from(group.num_rows()).unwrap_or(0));
        }
        Ok(Source {
            path: path.to_path_buf(),
            reader,
            first_rows,
        })
    }

    /// The leaf column names in schema order (the "header" the columns are chosen from).
    pub fn names(&self) -> Vec<String> {
        let schema = self.reader.metadata().file_metadata().schema_descr();
        schema.columns().iter().map(|c| c.path().string()).collect()
    }

    /// How many row groups the file has.
    pub fn groups(&self) -> usize {
        self.first_rows.len()
    }
}

/// The file under a Parquet reader. Every read says where it reads (`pread`), so the threads
/// that share one open file never move each other's offset.
///
/// The parquet crate skips a Thrift list element by element and takes a read of 0 bytes as
/// "skipped": a corrupt page header that declares a list of 2^31 doubles then costs 2^31 empty
/// reads at the end of the file (435 s on an 821-byte file found by fuzzing). Inside a column
/// chunk a valid file never reads to its end, so here an empty read is an error and such a
/// file is refused at once.
pub(crate) struct Strict(Arc<File>);

impl Length for Strict {
    fn len(&self) -> u64 {
        self.0.len()
    }
}

impl ChunkReader for Strict {
    type T = BufReader<At>;

    fn get_read(&self, start: u64) -> Result<Self::T> {
        Ok(BufReader::new(At {
            file: Arc::clone(&self.0),
            offset: start,
        }))
    }

    fn get_bytes(&self, start: u64, length: usize) -> Result<Bytes> {
        // A corrupt length is refused before it is allocated.
        if start.saturating_add(length as u64) > self.0.len() {
            return Err(parquet::errors::ParquetError::EOF(format!(
                "{length} bytes at offset {start} run past the end of the file"
            )));
        }
        let mut buf = vec![0; length];
        let mut at = At {
            file: Arc::clone(&self.0),
            offset: start,
        };
        at.read_exact(&mut buf)?;
        Ok(buf.into())
    }
}

/// Reads a shared file from an offset of its own, failing where a read finds the end.
pub(crate) struct At {
    file: Arc<File>,
    offset: u64,
}

impl Read for At {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match read_at(&self.file, buf, self.offset)? {
            0 if !buf.is_empty() => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "a column chunk runs past the end of the file",
            )),
            n => {
                self.offset += n as u64;
                Ok(n)
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}
