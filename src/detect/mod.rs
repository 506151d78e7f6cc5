//! Accelerometer leg-movement detector (streaming).
