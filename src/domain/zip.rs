//! A minimal zip writer, enough for the .xlsx export ([`crate::domain::xlsx`]).
//!
//! Each file is deflated (flate2) and written as a local file header, with its CRC-32 and sizes up front,
//! followed by its data; [`ZipWriter::finish`] appends the central directory (one record per file) and the
//! end-of-central-directory record. No zip64, encryption, comments or extra fields. Every entry carries
//! the same fixed DOS timestamp, so the same files always give the same bytes.

use std::io::{self, Write};

use flate2::{write::DeflateEncoder, Compression};

/// 1980-01-01 00:00:00, the earliest DOS date-time (date: year-1980 << 9 | month << 5 | day).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = 1 << 5 | 1;

/// Builds a zip archive in memory.
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
    level: Compression,
}

impl ZipWriter {
    /// A new archive deflating at `level` (0–9).
    pub fn new(level: u32) -> Self {
        Self { out: Vec::new(), central: Vec::new(), entries: 0, level: Compression::new(level) }
    }

    /// Adds a file named `name` whose content is `parts`, one after another.
    pub fn add(&mut self, name: &str, parts: &[&[u8]]) -> io::Result<()> {
        let too_big = || io::Error::other(format!("{name} is too large for a zip file without zip64"));
        let mut enc = DeflateEncoder::new(Vec::new(), self.level);
        let (mut crc, mut size) = (0, 0u64);
        for part in parts {
            enc.write_all(part)?;
            crc = crc32_update(crc, part);
            size += part.len() as u64;
        }
        let data = enc.finish()?;
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        self.entries = self.entries.checked_add(1).ok_or_else(|| io::Error::other("too many files for a zip"))?;

        // The fields a local header and a central record share, from "version needed" to "extra length".
        let mut common = Vec::with_capacity(26);
        common.extend(20u16.to_le_bytes()); // version needed: 2.0 (deflate)
        common.extend((if name.is_ascii() { 0u16 } else { 1 << 11 }).to_le_bytes()); // bit 11: UTF-8 name
        common.extend(8u16.to_le_bytes()); // method: deflate
        common.extend(DOS_TIME.to_le_bytes());
        common.extend(DOS_DATE.to_le_bytes());
        common.extend(crc.to_le_bytes());
        common.extend(u32::try_from(data.len()).map_err(|_| too_big())?.to_le_bytes());
        common.extend(u32::try_from(size).map_err(|_| too_big())?.to_le_bytes());
        common.extend((name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // extra field length

        self.out.extend(0x0403_4b50u32.to_le_bytes());
        self.out.extend(&common);
        self.out.extend(name.as_bytes());
        self.out.extend(&data);

        self.central.extend(0x0201_4b50u32.to_le_bytes());
        self.central.extend(20u16.to_le_bytes()); // version made by: 2.0, MS-DOS attributes
        self.central.extend(&common);
        self.central.extend([0; 10]); // comment length, disk number, internal (2) and external (4) attributes
        self.central.extend(offset.to_le_bytes());
        self.central.extend(name.as_bytes());
        Ok(())
    }

    /// The archive's bytes.
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        let too_big = || io::Error::other("the zip file is too large without zip64");
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let size = u32::try_from(self.central.len()).map_err(|_| too_big())?;
        self.out.append(&mut self.central);
        self.out.extend(0x0605_4b50u32.to_le_bytes());
        self.out.extend([0; 4]); // this disk, the central directory's disk
        self.out.extend(self.entries.to_le_bytes()); // entries on this disk
        self.out.extend(self.entries.to_le_bytes()); // entries in all
        self.out.extend(size.to_le_bytes());
        self.out.extend(offset.to_le_bytes());
        self.out.extend(0u16.to_le_bytes()); // comment length
        Ok(self.out)
    }
}

/// The CRC-32 (IEEE 802.3, as zip and gzip use it) of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// Continues `crc`, the CRC-32 of the bytes so far, over `data`.
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    !data.iter().fold(!crc, |c, &b| CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8))
}

/// The CRC of each byte value, for the reflected polynomial 0xEDB88320.
static CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
        assert_eq!(crc32_update(crc32(b"1234"), b"56789"), 0xCBF4_3926);
    }

    #[test]
    fn an_empty_archive_is_just_the_end_record() {
        let bytes = ZipWriter::new(3).finish().unwrap();
        assert_eq!(bytes.len(), 22);
        assert!(bytes.starts_with(b"PK\x05\x06"));
    }
}
