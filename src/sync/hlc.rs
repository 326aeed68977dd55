//! A hybrid logical clock (Kulkarni et al.): physical milliseconds plus a counter, so
//! that every change this laptop makes is stamped later than every change it has seen,
//! whatever its wall clock says. A stamp is written as 16 lowercase hex digits (12 of
//! milliseconds, 4 of counter), so stamps sort as strings in time order; the replica id
//! that goes with it breaks ties between laptops.

use std::fmt;

/// A timestamp of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u16,
}

impl Hlc {
    /// Reads a stamp written by [`Hlc::to_string`] (an import-expanded stamp's `.` suffix
    /// is ignored: it orders within one stamp).
    pub fn parse(s: &str) -> Option<Hlc> {
        let head = s.split('.').next()?;
        if head.len() != 16 || !head.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let ms = u64::from_str_radix(&head[..12], 16).ok()?;
        let counter = u16::from_str_radix(&head[12..], 16).ok()?;
        Some(Hlc { ms, counter })
    }

    /// The stamp for a local event at physical time `now_ms`, after `self` (the latest
    /// stamp issued or seen).
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else if self.counter < u16::MAX {
            Hlc {
                ms: self.ms,
                counter: self.counter + 1,
            }
        } else {
            Hlc {
                ms: self.ms + 1,
                counter: 0,
            }
        }
    }

    /// The clock after seeing a remote stamp: never behind it.
    pub fn observe(self, remote: Hlc) -> Hlc {
        self.max(remote)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012x}{:04x}", self.ms, self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_as_strings_and_never_go_back() {
        let a = Hlc::default().tick(1_700_000_000_000);
        let b = a.tick(1_600_000_000_000); // the wall clock went back a day
        let c = b.tick(1_700_000_000_000);
        let d = c.tick(1_700_000_000_001);
        assert!(a < b && b < c && c < d);
        let s: Vec<String> = [a, b, c, d].iter().map(|h| h.to_string()).collect();
        let mut sorted = s.clone();
        sorted.sort();
        assert_eq!(s, sorted);
        assert_eq!(Hlc::parse(&s[2]), Some(c));
        assert_eq!(Hlc::parse(&format!("{}.0000002a", s[3])), Some(d));
        assert_eq!(Hlc::parse("nonsense"), None);
    }

    #[test]
    fn observing_a_clock_ahead_moves_ours_past_it() {
        let ours = Hlc::default().tick(1_000);
        let theirs = Hlc {
            ms: 1_000 + 86_400_000,
            counter: 3,
        };
        let next = ours.observe(theirs).tick(1_001);
        assert!(next > theirs);
    }
}
