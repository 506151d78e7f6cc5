//! Streaming filters.
