//! Synthetic nights with ground truth.
