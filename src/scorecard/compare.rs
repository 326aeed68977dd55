//! Comparisons the figures and roll-ups share: equality within 1e-9 of the larger
//! magnitude, the step between two actuals, the current trend of a series, and target
//! ranges (a distance to a range, its nearest bound); and [`Fnv`], the hash the scorecard
//! groups its in-memory rows with.

use super::figures::{Direction, Point};
use std::hash::{BuildHasherDefault, Hasher};

/// The relative tolerance under which two values count as equal (DOMAIN.md: "flat when the
/// two values are equal within 1e-9 of the larger magnitude").
pub const FLAT: f64 = 1e-9;

/// Whether `a` and `b` are equal within [`FLAT`] of the larger magnitude.
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= FLAT * a.abs().max(b.abs())
}

/// The step from `a` to `b`.
pub fn step(a: f64, b: f64) -> Direction {
    if same(a, b) {
        Direction::Flat
    } else if b > a {
        Direction::Up
    } else {
        Direction::Down
    }
}

/// The current trend of `values` (actuals in period order): the last step's direction and
/// how many consecutive steps, ending at the latest, share it.
pub fn trend(values: &[f64]) -> (Direction, u32) {
    let mut steps = values.windows(2).rev().map(|w| step(w[0], w[1]));
    match steps.next() {
        None => (Direction::None, 0),
        Some(last) => (last, 1 + steps.take_while(|d| *d == last).count() as u32),
    }
}

/// A target range; either bound may be open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Range {
    /// The range of a point: its bounds, or its single target when it has none.
    pub fn of(p: &Point) -> Option<Range> {
        Range::from_parts(p.target, p.target_low, p.target_high)
    }

    /// The range of a single target and bounds: the bounds, or the target as a range of
    /// one value when there are none; `None` when all three are missing.
    pub fn from_parts(target: Option<f64>, low: Option<f64>, high: Option<f64>) -> Option<Range> {
        match (low, high, target) {
            (None, None, None) => None,
            (None, None, Some(t)) => Some(Range {
                low: Some(t),
                high: Some(t),
            }),
            (low, high, _) => Some(Range { low, high }),
        }
    }

    /// How far `x` lies outside the range (0 inside, bounds included).
    pub fn distance(&self, x: f64) -> f64 {
        match (self.low, self.high) {
            (Some(low), _) if x < low => low - x,
            (_, Some(high)) if x > high => x - high,
            _ => 0.0,
        }
    }

    /// The bound nearest `x` (`x` itself inside the range).
    pub fn nearest(&self, x: f64) -> f64 {
        match (self.low, self.high) {
            (Some(low), _) if x < low => low,
            (_, Some(high)) if x > high => high,
            _ => x,
        }
    }
}

/// A fast hash for grouping the scorecard's rows in memory by trusted keys (period row
/// ids, periods): FNV-1a over short writes, and only the first 16 bytes of longer ones
/// (ids are random UUIDs, so those are as good as the rest; a `HashMap` still compares
/// whole keys). Several times cheaper than the default SipHash here.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn mix(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        match (bytes.get(..8), bytes.get(8..16)) {
            (Some(a), Some(b)) => {
                let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or_default());
                self.mix(word(a));
                self.mix(word(b));
                self.mix(bytes.len() as u64);
            }
            _ => bytes.iter().for_each(|b| self.mix(u64::from(*b))),
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_i32(&mut self, i: i32) {
        self.mix(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    fn write_isize(&mut self, i: isize) {
        self.mix(i as u64);
    }
}

/// A `HashMap` hasher builder for [`Fnv`].
pub type FnvBuild = BuildHasherDefault<Fnv>;
