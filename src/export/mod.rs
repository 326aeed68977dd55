//! Exporting an initiative (being built).
