//! Scorers: to be written (see the issue tracker).
