//! Stored (uncompressed) zip archives as .gt3x files are: the entries of one, and one built from
//! entries, local headers only (what the reader reads).
#![allow(dead_code)] // each test file uses its own part

/// The stored entries of a zip archive as (name, data), read from the local headers.
pub fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |p: usize| usize::from(u16::from_le_bytes([zip[p], zip[p + 1]]));
    let u32_at = |p: usize| u32::from_le_bytes(zip[p..p + 4].try_into().unwrap()) as usize;
    let mut out = Vec::new();
    let mut pos = 0;
    while zip.get(pos..pos + 4) == Some(b"PK\x03\x04") {
        let (size, name_len, extra) = (u32_at(pos + 18), u16_at(pos + 26), u16_at(pos + 28));
        let name = String::from_utf8(zip[pos + 30..pos + 30 + name_len].to_vec()).unwrap();
        let data = pos + 30 + name_len + extra;
        out.push((name, zip[data..data + size].to_vec()));
        pos = data + size;
    }
    out
}

/// The local header of a stored entry of `size` bytes named `name`.
pub fn local_header(name: &str, size: usize) -> Vec<u8> {
    let mut head = Vec::new();
    head.extend_from_slice(b"PK\x03\x04");
    head.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    head.extend_from_slice(&(size as u32).to_le_bytes());
    head.extend_from_slice(&(size as u32).to_le_bytes());
    head.extend_from_slice(&(name.len() as u16).to_le_bytes());
    head.extend_from_slice(&[0, 0]);
    head.extend_from_slice(name.as_bytes());
    head
}

/// A stored zip of `entries`, local headers only.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = Vec::new();
    for (name, data) in entries {
        zip.extend(local_header(name, data.len()));
        zip.extend_from_slice(data);
    }
    zip
}
