//! Spectral analysis helpers built on rustfft.
