//! Readers for leg-movement event lists, hypnograms, and respiratory / arousal event lists.
