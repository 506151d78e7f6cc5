//! The Axivity .cwa block layout, the one copy: the reader (`io::trace`) checks blocks against
//! it and the simulator's writer (`simulate`) lays blocks out by it (OpenMovement's `cwa.h`).

/// Bytes of the header block.
pub(crate) const HEADER_BYTES: usize = 1024;
/// Bytes of a data block.
pub(crate) const BLOCK_BYTES: usize = 512;
/// The header's packet length field (the block less its 4-byte signature and length).
pub(crate) const HEADER_LENGTH: u16 = 1020;
/// A data block's packet length field.
pub(crate) const BLOCK_LENGTH: u16 = 508;
/// Where the samples of a data block start, and how many bytes they may take.
pub(crate) const DATA_AT: usize = 30;
pub(crate) const DATA_BYTES: usize = 480;
