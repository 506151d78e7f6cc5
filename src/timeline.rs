//! Sample-rate estimation, gap detection and uniform resampling.
