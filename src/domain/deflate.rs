//! Raw DEFLATE (RFC 1951) for the codes — learner links, result codes, saved progress — through
//! miniz_oxide directly: the learner's bundle needs nothing else of a compression library, and the codes can
//! use a preset dictionary (RFC 1950 §2.2's FDICT, here for raw deflate), which makes a short text compress as
//! if it followed the dictionary's text.
//!
//! With a dictionary, [`deflate_with`] compresses the dictionary, flushes to a byte boundary with the
//! history kept (a sync flush: an empty stored block), compresses the data and keeps only what follows the
//! flush: deflate blocks whose back-references may reach into the dictionary. [`inflate_with`] starts with
//! the dictionary already in the output window. The result is what zlib's `deflateSetDictionary` /
//! `inflateSetDictionary` make of a raw stream (tests/domain_learner.rs reads ours with zlib's inflate).

use miniz_oxide::deflate::core::{compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// Why [`inflate`] or [`inflate_with`] gave nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// More than the caller's limit would come out.
    TooLarge,
    /// Not a complete deflate stream (cut short, or not deflate at all).
    Damaged(&'static str),
}

/// `data` raw-deflated at `level` (0–10; 9 is zlib's best).
pub fn deflate(data: &[u8], level: u8) -> Vec<u8> {
    deflate_with(&[], data, level)
}

/// `data` raw-deflated at `level` after the preset dictionary `dict` (at most the last 32 KiB of it can be
/// referred to): only `data`'s blocks are returned, to be read with [`inflate_with`] and the same `dict`.
pub fn deflate_with(dict: &[u8], data: &[u8], level: u8) -> Vec<u8> {
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(level.into(), 0, 0));
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    if !dict.is_empty() {
        run(&mut c, dict, TDEFLFlush::Sync, &mut out);
        out.clear();
    }
    run(&mut c, data, TDEFLFlush::Finish, &mut out);
    out
}

/// Feeds all of `input` to the compressor with `flush` at its end, appending the output to `out`.
fn run(c: &mut CompressorOxide, mut input: &[u8], flush: TDEFLFlush, out: &mut Vec<u8>) {
    // Room for all of it at once (stored blocks add 5 bytes per 64 KiB), so a flush ends in one call.
    let mut buf = vec![0u8; (input.len() + input.len() / 1024 + 1024).min(1 << 20)];
    loop {
        let (status, read, written) = compress(c, input, &mut buf, flush);
        out.extend_from_slice(&buf[..written]);
        input = &input[read.min(input.len())..];
        match status {
            TDEFLStatus::Done => return,
            // The flush is complete once all input is read and the output did not fill the buffer.
            TDEFLStatus::Okay if input.is_empty() && written < buf.len() && flush != TDEFLFlush::Finish => return,
            TDEFLStatus::Okay => {}
            // Only a bad parameter or a failed callback, neither possible with these buffers.
            _ => unreachable!("deflate into memory cannot fail"),
        }
    }
}

/// Inflates a raw deflate stream to at most `max` bytes.
pub fn inflate(data: &[u8], max: usize) -> Result<Vec<u8>, InflateError> {
    inflate_with(&[], data, max)
}

/// Inflates a raw deflate stream made with the preset dictionary `dict` ([`deflate_with`]) to at most
/// `max` bytes (the dictionary not counted).
pub fn inflate_with(dict: &[u8], mut data: &[u8], max: usize) -> Result<Vec<u8>, InflateError> {
    let dict = &dict[dict.len().saturating_sub(32 * 1024)..];
    let limit = dict.len() + max;
    // The whole output is the window (a non-wrapping buffer), starting with the dictionary.
    let mut out = dict.to_vec();
    out.resize((dict.len() + data.len().saturating_mul(3).max(64)).min(limit + 1), 0);
    let mut pos = dict.len();
    let mut d = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    loop {
        let (status, read, written) = decompress(&mut d, data, &mut out, pos, flags);
        pos += written;
        data = &data[read.min(data.len())..];
        match status {
            TINFLStatus::Done if pos <= limit => {
                out.truncate(pos);
                return Ok(out.split_off(dict.len()));
            }
            TINFLStatus::Done => return Err(InflateError::TooLarge),
            TINFLStatus::HasMoreOutput => {
                if out.len() > limit {
                    return Err(InflateError::TooLarge);
                }
                let grown = out.len().saturating_mul(2).min(limit + 1);
                out.resize(grown, 0);
            }
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return Err(InflateError::Damaged("it ends in the middle of its compressed data"))
            }
            _ => return Err(InflateError::Damaged("its compressed data is corrupt")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_a_dictionary() {
        let dict = b"the customer the colleague asks open questions and listens; summarises the need";
        for data in [&b""[..], b"a", b"the customer asks open questions and the colleague listens", &[7u8; 100_000][..]] {
            assert_eq!(inflate(&deflate(data, 9), 1 << 20).unwrap(), data);
            let with = deflate_with(dict, data, 9);
            assert_eq!(inflate_with(dict, &with, 1 << 20).unwrap(), data);
        }
        let text = b"the customer asks open questions; the colleague listens and summarises the need";
        assert!(deflate_with(dict, text, 9).len() < deflate(text, 9).len(), "the dictionary is used");
    }

    #[test]
    fn limits_and_damage() {
        let big = deflate(&[1u8; 5000], 9);
        assert_eq!(inflate(&big, 4999), Err(InflateError::TooLarge));
        assert_eq!(inflate(&big, 5000).unwrap().len(), 5000);
        let text = deflate(b"some text that is long enough to be cut in the middle of its compressed data", 9);
        assert!(matches!(inflate(&text[..text.len() / 2], 1000), Err(InflateError::Damaged(_))));
        assert!(inflate(&[0xff, 0xff, 0xff], 1000).is_err());
    }
}
