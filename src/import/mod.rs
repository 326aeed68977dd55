//! Importing values from files (being built).
