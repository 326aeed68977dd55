//! Field sync between laptops: the hybrid logical clock that orders changes ([`hlc`]) and
//! the change file they travel in ([`file`]). The merge itself lives with the other SQL,
//! in `store::sync`.

pub mod file;
pub mod hlc;
