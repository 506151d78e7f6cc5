//! Readers for accelerometer trace files (plain CSV and device exports).
