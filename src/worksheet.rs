//! What changed between two revisions of a Turn the Curve worksheet: pure functions over
//! two [`WorksheetRevision`]s (no SQL; the store reads the revisions).
//!
//! Text sections are compared line by line (a longest common subsequence of their
//! non-blank lines: each line is added, removed or kept). List sections (factors,
//! partners, ideas, linked actions) are compared item by item, matched by their id: an
//! item is added, removed, changed (same id, different words) or kept.

use crate::model::{
    ChangeKind, DiffItem, DiffLine, Factor, FactorKind, Idea, RoleTier, SectionDiff,
    WorksheetPartner, WorksheetRevision,
};

/// The line diff of two texts (blank lines are paragraph breaks and are left out).
pub fn line_diff(before: &str, after: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = lines(before);
    let b: Vec<&str> = lines(after);
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let line = |kind, text: &str| DiffLine {
        kind,
        text: text.to_string(),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(line(ChangeKind::Kept, a[i]));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            out.push(line(ChangeKind::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(ChangeKind::Added, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|t| line(ChangeKind::Removed, t)));
    out.extend(b[j..].iter().map(|t| line(ChangeKind::Added, t)));
    out
}

fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// The item diff of two lists of `(id, words)`, in the order of `after` with removed items
/// where they stood in `before`.
pub fn list_diff(before: &[(String, String)], after: &[(String, String)]) -> Vec<DiffItem> {
    let mut out = Vec::new();
    let find = |list: &[(String, String)], id: &str| list.iter().position(|(k, _)| k == id);
    let mut next_before = 0;
    for (id, words) in after {
        match find(before, id) {
            Some(at) => {
                // Removed items that stood before this one in `before`.
                for (k, w) in &before[next_before.min(at)..at] {
                    if find(after, k).is_none() {
                        out.push(removed(w));
                    }
                }
                next_before = next_before.max(at + 1);
                let old = &before[at].1;
                out.push(DiffItem {
                    kind: if old == words {
                        ChangeKind::Kept
                    } else {
                        ChangeKind::Changed
                    },
                    before: Some(old.clone()),
                    after: Some(words.clone()),
                });
            }
            None => out.push(DiffItem {
                kind: ChangeKind::Added,
                before: None,
                after: Some(words.clone()),
            }),
        }
    }
    for (k, w) in &before[next_before.min(before.len())..] {
        if find(after, k).is_none() {
            out.push(removed(w));
        }
    }
    out
}

fn removed(words: &str) -> DiffItem {
    DiffItem {
        kind: ChangeKind::Removed,
        before: Some(words.to_string()),
        after: None,
    }
}

/// A factor in words: "#1 restricting: Few school buses".
pub fn factor_words(f: &Factor) -> String {
    let kind = match f.kind {
        FactorKind::Contributing => "contributing",
        FactorKind::Restricting => "restricting",
    };
    format!("#{} {kind}: {}", f.rank, f.text)
}

/// A partner in words: "Library (strategic): runs the reading clubs".
pub fn partner_words(p: &WorksheetPartner) -> String {
    let tier = match p.tier {
        Some(RoleTier::Strategic) => " (strategic)",
        Some(RoleTier::MidTier) => " (mid-tier)",
        None => "",
    };
    let former = if p.former { " [former partner]" } else { "" };
    if p.role.trim().is_empty() {
        format!("{}{tier}{former}", p.partner_name)
    } else {
        format!("{}{tier}{former}: {}", p.partner_name, p.role)
    }
}

/// An idea in words: "Reading buddies (community; no cost)".
pub fn idea_words(i: &Idea) -> String {
    let mut tags = vec![i.source.as_str().to_string()];
    if i.no_cost {
        tags.push("no cost".into());
    }
    if i.low_cost {
        tags.push("low cost".into());
    }
    if i.needs_research {
        tags.push("needs research".into());
    }
    format!("{} ({})", i.text, tags.join("; "))
}

/// Each section of a worksheet revision: key, heading.
pub const SECTIONS: [(&str, &str); 7] = [
    ("how_doing", "How are we doing"),
    ("story", "Story behind the curve"),
    ("factors", "Factors"),
    ("partners", "Partners with a role to play"),
    ("ideas", "What works"),
    ("action_plan", "Action plan"),
    ("actions", "Actions"),
];

/// What changed from `from` to `to`, section by section (every section, changed or not).
pub fn diff(from: &WorksheetRevision, to: &WorksheetRevision) -> Vec<SectionDiff> {
    let factors = |r: &WorksheetRevision| -> Vec<(String, String)> {
        r.factors
            .iter()
            .map(|f| (f.id.clone(), factor_words(f)))
            .collect()
    };
    let partners = |r: &WorksheetRevision| -> Vec<(String, String)> {
        r.partners
            .iter()
            .map(|p| (p.partner_id.clone(), partner_words(p)))
            .collect()
    };
    let ideas = |r: &WorksheetRevision| -> Vec<(String, String)> {
        r.ideas
            .iter()
            .map(|i| (i.id.clone(), idea_words(i)))
            .collect()
    };
    let actions = |r: &WorksheetRevision| -> Vec<(String, String)> {
        r.actions
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    format!("{} ({})", a.title, a.status.replace('_', " ")),
                )
            })
            .collect()
    };
    SECTIONS
        .iter()
        .map(|&(key, title)| {
            let (lines, items) = match key {
                "how_doing" => (line_diff(&from.how_doing, &to.how_doing), vec![]),
                "story" => (line_diff(&from.story, &to.story), vec![]),
                "action_plan" => (line_diff(&from.action_plan, &to.action_plan), vec![]),
                "factors" => (vec![], list_diff(&factors(from), &factors(to))),
                "partners" => (vec![], list_diff(&partners(from), &partners(to))),
                "ideas" => (vec![], list_diff(&ideas(from), &ideas(to))),
                _ => (vec![], list_diff(&actions(from), &actions(to))),
            };
            let changed = lines.iter().any(|l| l.kind != ChangeKind::Kept)
                || items.iter().any(|i| i.kind != ChangeKind::Kept);
            SectionDiff {
                section: key.to_string(),
                title: title.to_string(),
                changed,
                lines,
                items,
            }
        })
        .collect()
}

/// What a save changed, in words: "first version" or "story, partners changed".
pub fn summary(previous: Option<&WorksheetRevision>, current: &WorksheetRevision) -> String {
    let Some(previous) = previous else {
        return "first version".into();
    };
    let changed: Vec<&str> = diff(previous, current)
        .into_iter()
        .filter(|s| s.changed)
        .map(|s| match s.section.as_str() {
            "how_doing" => "how we are doing",
            "story" => "story",
            "factors" => "factors",
            "partners" => "partners",
            "ideas" => "what works",
            "action_plan" => "action plan",
            _ => "actions",
        })
        .collect();
    if changed.is_empty() {
        "no changes".into()
    } else {
        format!("{} changed", changed.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IdeaSource, RevisionAction};

    fn kinds(lines: &[DiffLine]) -> Vec<(ChangeKind, &str)> {
        lines.iter().map(|l| (l.kind, l.text.as_str())).collect()
    }

    fn revision(story: &str) -> WorksheetRevision {
        WorksheetRevision {
            revision: 1,
            author: "Ana".into(),
            saved_at: "2026-01-01T00:00:00.000Z".into(),
            how_doing: String::new(),
            story: story.into(),
            factors: vec![],
            partners: vec![],
            ideas: vec![],
            action_plan: String::new(),
            actions: vec![],
        }
    }

    #[test]
    fn a_changed_line_is_one_removed_and_one_added_between_kept_ones() {
        let d = line_diff(
            "Buses are late.\nFew tutors.\nRain.",
            "Buses are late.\nMore tutors.\nRain.",
        );
        assert_eq!(
            kinds(&d),
            vec![
                (ChangeKind::Kept, "Buses are late."),
                (ChangeKind::Removed, "Few tutors."),
                (ChangeKind::Added, "More tutors."),
                (ChangeKind::Kept, "Rain."),
            ]
        );
    }

    #[test]
    fn blank_lines_between_paragraphs_are_not_changes() {
        let d = line_diff("One.\n\nTwo.", "One.\nTwo.\n\n\nThree.");
        assert_eq!(
            kinds(&d),
            vec![
                (ChangeKind::Kept, "One."),
                (ChangeKind::Kept, "Two."),
                (ChangeKind::Added, "Three."),
            ]
        );
        assert!(line_diff("", "").is_empty());
        assert_eq!(
            kinds(&line_diff("Gone.", "")),
            vec![(ChangeKind::Removed, "Gone.")]
        );
    }

    #[test]
    fn list_items_are_matched_by_id_added_removed_changed_kept() {
        let item = |id: &str, w: &str| (id.to_string(), w.to_string());
        let before = vec![item("a", "A"), item("b", "B"), item("c", "C")];
        let after = vec![item("a", "A"), item("c", "C2"), item("d", "D")];
        let d = list_diff(&before, &after);
        let got: Vec<(ChangeKind, Option<&str>, Option<&str>)> = d
            .iter()
            .map(|i| (i.kind, i.before.as_deref(), i.after.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ChangeKind::Kept, Some("A"), Some("A")),
                (ChangeKind::Removed, Some("B"), None),
                (ChangeKind::Changed, Some("C"), Some("C2")),
                (ChangeKind::Added, None, Some("D")),
            ]
        );
        // A trailing removed item is kept too, not lost.
        let d = list_diff(&[item("x", "X"), item("y", "Y")], &[item("x", "X")]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].kind, ChangeKind::Removed);
    }

    #[test]
    fn diff_names_the_changed_sections_and_summary_says_them() {
        let mut a = revision("Buses are late.");
        let mut b = revision("Buses are late.\nTutors left.");
        b.partners.push(WorksheetPartner {
            partner_id: "p1".into(),
            partner_name: "Library".into(),
            tier: Some(RoleTier::Strategic),
            role: "Runs reading clubs".into(),
            former: false,
        });
        b.ideas.push(Idea {
            id: "i1".into(),
            text: "Reading buddies".into(),
            source: IdeaSource::Community,
            low_cost: false,
            no_cost: true,
            needs_research: false,
        });
        a.actions.push(RevisionAction {
            id: "x".into(),
            title: "Hire tutors".into(),
            status: "on_track".into(),
        });
        b.actions = a.actions.clone();
        let d = diff(&a, &b);
        let changed: Vec<&str> = d
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.section.as_str())
            .collect();
        assert_eq!(changed, vec!["story", "partners", "ideas"]);
        let partners = d.iter().find(|s| s.section == "partners").unwrap();
        assert_eq!(
            partners.items[0].after.as_deref(),
            Some("Library (strategic): Runs reading clubs")
        );
        assert_eq!(summary(Some(&a), &b), "story, partners, what works changed");
        assert_eq!(summary(None, &b), "first version");
        assert_eq!(summary(Some(&b), &b), "no changes");
    }
}
