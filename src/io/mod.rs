//! Readers and writers for CSV traces, event lists, hypnograms and reports.
