//! The sample's work around the numbers: a Turn the Curve worksheet saved twice, actions
//! with their status logs, and comments, each dated as the sample says (days before it is
//! loaded) and by the people it names.
//!
//! They go in through the same store methods the app uses (so they obey every rule the
//! app's own edits do), with the store's clock and author set for each step and put back
//! afterwards.

use super::measures::TOTAL;
use super::Store;
use crate::error::{Error, Result};
use crate::model::{
    ActionInput, ActionLinkInput, ActionStatus, CommentTarget, CommentTargetKind, Factor,
    FactorKind, Idea, IdeaSource, LinkTarget, RoleTier, WorksheetInput, WorksheetPartnerInput,
    WorksheetSection,
};
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
pub struct SampleWorksheet {
    pub measure: String,
    pub revisions: Vec<SampleRevision>,
}

#[derive(Debug, Deserialize)]
pub struct SampleRevision {
    pub author: String,
    pub days_ago: i64,
    pub how_doing: String,
    pub story: String,
    pub factors: Vec<SampleFactor>,
    pub partners: Vec<SampleWorksheetPartner>,
    pub ideas: Vec<SampleIdea>,
    pub action_plan: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleFactor {
    pub kind: FactorKind,
    pub text: String,
    pub rank: u32,
}

#[derive(Debug, Deserialize)]
pub struct SampleWorksheetPartner {
    pub partner: String,
    pub tier: Option<RoleTier>,
    pub role: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleIdea {
    pub text: String,
    pub source: IdeaSource,
    pub low_cost: bool,
    pub no_cost: bool,
    pub needs_research: bool,
}

#[derive(Debug, Deserialize)]
pub struct SampleAction {
    pub key: String,
    pub title: String,
    pub description: String,
    pub owner: Option<String>,
    pub person: String,
    pub start_in_days: Option<i64>,
    pub due_in_days: Option<i64>,
    pub status: ActionStatus,
    pub links: Vec<SampleLink>,
    pub updates: Vec<SampleUpdate>,
}

#[derive(Debug, Deserialize)]
pub struct SampleLink {
    pub kind: LinkTarget,
    pub target: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleUpdate {
    pub days_ago: i64,
    pub status: ActionStatus,
    pub comment: String,
}

#[derive(Debug, Deserialize)]
pub struct SampleComment {
    pub target: SampleCommentTarget,
    pub author: String,
    pub body: String,
    pub days_ago: i64,
    pub resolved: bool,
}

#[derive(Debug, Deserialize)]
pub struct SampleCommentTarget {
    pub kind: CommentTargetKind,
    pub measure: Option<String>,
    /// For a value: its period's label (the measure's total series).
    pub period: Option<String>,
    pub section: Option<WorksheetSection>,
    /// For an action: its key.
    pub action: Option<String>,
}

/// The ids the first phase gave the sample's keys.
pub(super) struct Keys {
    pub initiative: String,
    pub partners: HashMap<String, String>,
    /// Group ids by (dimension key, group key).
    pub groups: HashMap<(String, String), String>,
    pub results: HashMap<String, String>,
    pub programs: HashMap<String, String>,
    pub measures: HashMap<String, String>,
}

impl Keys {
    fn get<'a>(map: &'a HashMap<String, String>, what: &str, key: &str) -> Result<&'a str> {
        map.get(key)
            .map(String::as_str)
            .ok_or_else(|| Error::Internal(format!("the sample names an unknown {what} \"{key}\"")))
    }

    pub(super) fn measure(&self, key: &str) -> Result<&str> {
        Keys::get(&self.measures, "measure", key)
    }

    pub(super) fn partner(&self, key: &str) -> Result<&str> {
        Keys::get(&self.partners, "partner", key)
    }

    pub(super) fn result(&self, key: &str) -> Result<&str> {
        Keys::get(&self.results, "result", key)
    }

    pub(super) fn group(&self, dimension: &str, group: &str) -> Result<&str> {
        self.groups
            .get(&(dimension.to_string(), group.to_string()))
            .map(String::as_str)
            .ok_or_else(|| {
                Error::Internal(format!(
                    "the sample names an unknown group {dimension}/{group}"
                ))
            })
    }

    fn target(&self, kind: LinkTarget, key: &str) -> Result<&str> {
        match kind {
            LinkTarget::Measure => self.measure(key),
            LinkTarget::Result => self.result(key),
            LinkTarget::Program => Keys::get(&self.programs, "program", key),
        }
    }
}

/// One step of the sample's history: when it happened and who did it.
enum Step {
    Revision(usize, usize),
    Action(usize),
    Update(usize, usize),
    Comment(usize),
    Event(usize),
    Meeting(usize),
}

impl Store {
    /// Runs `f` with the store's clock at `at` and its author `author`, then puts both back.
    pub(super) fn as_of<T>(
        &mut self,
        at: DateTime<Utc>,
        author: &str,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let clock = std::mem::replace(&mut self.clock, Arc::new(move || at));
        let user = std::mem::replace(&mut self.user, author.to_string());
        let out = f(self);
        self.clock = clock;
        self.user = user;
        out
    }

    /// Adds the sample's worksheets, actions and comments, oldest first.
    pub(super) fn load_sample_work(
        &mut self,
        file: &super::sample::SampleFile,
        keys: &Keys,
    ) -> Result<()> {
        let now = (self.clock)();
        let day = |days_ago: i64| now - Duration::days(days_ago);
        let date = |days: i64| (now + Duration::days(days)).date_naive().to_string();
        let mut steps: Vec<(i64, Step)> = Vec::new();
        for (w, ws) in file.worksheets.iter().enumerate() {
            for (r, rev) in ws.revisions.iter().enumerate() {
                steps.push((rev.days_ago, Step::Revision(w, r)));
            }
        }
        for (a, action) in file.actions.iter().enumerate() {
            steps.push((-action.start_in_days.unwrap_or(0).min(0), Step::Action(a)));
            for (u, update) in action.updates.iter().enumerate() {
                steps.push((update.days_ago, Step::Update(a, u)));
            }
        }
        for (c, comment) in file.comments.iter().enumerate() {
            steps.push((comment.days_ago, Step::Comment(c)));
        }
        for (e, event) in file.community_events.iter().enumerate() {
            steps.push((event.days_ago, Step::Event(e)));
        }
        for (m, meeting) in file.meetings.iter().enumerate() {
            // A meeting to come is prepared today.
            steps.push((meeting.days_ago.max(0), Step::Meeting(m)));
        }
        // Oldest first; on the same day, in file order (the sort is stable).
        steps.sort_by_key(|(days_ago, _)| std::cmp::Reverse(*days_ago));

        let mut actions: HashMap<&str, String> = HashMap::new();
        let mut meetings: HashMap<String, String> = HashMap::new();
        for (days_ago, step) in steps {
            let at = day(days_ago);
            match step {
                Step::Revision(w, r) => {
                    let ws = &file.worksheets[w];
                    let rev = &ws.revisions[r];
                    let measure = keys.measure(&ws.measure)?.to_string();
                    // Items already on the worksheet (by text) keep their ids, so the
                    // history shows what really changed.
                    let current = self.worksheet(&measure)?;
                    let factor_id = |i: usize, text: &str| {
                        current
                            .factors
                            .iter()
                            .find(|f| f.text == text)
                            .map_or_else(|| format!("factor-{}", i + 1), |f| f.id.clone())
                    };
                    let idea_id = |i: usize, text: &str| {
                        current
                            .ideas
                            .iter()
                            .find(|f| f.text == text)
                            .map_or_else(|| format!("idea-{}", i + 1), |f| f.id.clone())
                    };
                    let input = WorksheetInput {
                        how_doing: rev.how_doing.clone(),
                        story: rev.story.clone(),
                        factors: rev
                            .factors
                            .iter()
                            .enumerate()
                            .map(|(i, f)| Factor {
                                id: factor_id(i, &f.text),
                                kind: f.kind,
                                text: f.text.clone(),
                                rank: f.rank,
                            })
                            .collect(),
                        partners: rev
                            .partners
                            .iter()
                            .map(|p| {
                                Ok(WorksheetPartnerInput {
                                    partner_id: keys.partner(&p.partner)?.to_string(),
                                    tier: p.tier,
                                    role: p.role.clone(),
                                })
                            })
                            .collect::<Result<_>>()?,
                        ideas: rev
                            .ideas
                            .iter()
                            .enumerate()
                            .map(|(i, idea)| Idea {
                                id: idea_id(i, &idea.text),
                                text: idea.text.clone(),
                                source: idea.source,
                                low_cost: idea.low_cost,
                                no_cost: idea.no_cost,
                                needs_research: idea.needs_research,
                            })
                            .collect(),
                        action_plan: rev.action_plan.clone(),
                    };
                    self.as_of(at, &rev.author, |s| s.save_worksheet(&measure, &input))?;
                }
                Step::Action(a) => {
                    let action = &file.actions[a];
                    let input = ActionInput {
                        title: action.title.clone(),
                        description: action.description.clone(),
                        owner_partner_id: action
                            .owner
                            .as_deref()
                            .map(|k| keys.partner(k).map(str::to_string))
                            .transpose()?,
                        owner_person: action.person.clone(),
                        start_date: action.start_in_days.map(date),
                        due_date: action.due_in_days.map(date),
                        // The log brings it to its status, step by step.
                        status: if action.updates.is_empty() {
                            action.status
                        } else {
                            ActionStatus::NotStarted
                        },
                        links: action
                            .links
                            .iter()
                            .map(|l| {
                                Ok(ActionLinkInput {
                                    target_kind: l.kind,
                                    target_id: keys.target(l.kind, &l.target)?.to_string(),
                                })
                            })
                            .collect::<Result<_>>()?,
                    };
                    let initiative = keys.initiative.clone();
                    let created =
                        self.as_of(at, SAMPLE_AUTHOR, |s| s.create_action(&initiative, &input))?;
                    actions.insert(action.key.as_str(), created.id);
                }
                Step::Update(a, u) => {
                    let action = &file.actions[a];
                    let update = &action.updates[u];
                    let id = actions[action.key.as_str()].clone();
                    self.as_of(at, SAMPLE_AUTHOR, |s| {
                        s.add_action_update(&id, update.status, &update.comment)
                    })?;
                }
                Step::Event(e) => self.sample_event(&file.community_events[e], keys, at)?,
                Step::Meeting(m) => {
                    let meeting = &file.meetings[m];
                    let held = day(meeting.days_ago);
                    self.sample_meeting(meeting, keys, &mut meetings, held)?;
                }
                Step::Comment(c) => {
                    let comment = &file.comments[c];
                    let target = self.sample_comment_target(&comment.target, keys, &actions)?;
                    let initiative = keys.initiative.clone();
                    self.as_of(at, &comment.author, |s| {
                        let added = s.add_comment(&initiative, &target, &comment.body)?;
                        if comment.resolved {
                            s.resolve_comment(&added.id)?;
                        }
                        Ok(())
                    })?;
                }
            }
        }
        Ok(())
    }

    fn sample_comment_target(
        &self,
        t: &SampleCommentTarget,
        keys: &Keys,
        actions: &HashMap<&str, String>,
    ) -> Result<CommentTarget> {
        let missing = |what: &str| Error::Internal(format!("a sample comment has no {what}"));
        let measure = || {
            t.measure
                .as_deref()
                .ok_or_else(|| missing("measure"))
                .and_then(|k| keys.measure(k))
        };
        let id = match t.kind {
            CommentTargetKind::Measure => measure()?.to_string(),
            CommentTargetKind::Observation => {
                let period = t.period.as_deref().ok_or_else(|| missing("period"))?;
                self.conn.query_row(
                    "SELECT o.id FROM observations o JOIN periods p ON p.id = o.period_id
                     WHERE o.measure_id = ?1 AND o.disaggregation_id = ?2 AND p.label = ?3",
                    params![measure()?, TOTAL, period],
                    |r| r.get(0),
                )?
            }
            CommentTargetKind::Worksheet => self.worksheet(measure()?)?.id,
            CommentTargetKind::Action => {
                let key = t.action.as_deref().ok_or_else(|| missing("action"))?;
                actions
                    .get(key)
                    .cloned()
                    .ok_or_else(|| missing(&format!("action \"{key}\" before it")))?
            }
        };
        Ok(CommentTarget {
            kind: t.kind,
            id,
            section: t.section,
        })
    }
}

/// Who the sample's actions and status updates are by.
const SAMPLE_AUTHOR: &str = "Maya Thompson (backbone staff)";
