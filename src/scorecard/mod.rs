//! The RBA scorecard: figures for each measure and the roll-ups, exactly as DOMAIN.md
//! defines them.

pub mod forecast;
