//! A generic numeric CSV table (header + f64 columns), as the `filter` example reads and writes it.
