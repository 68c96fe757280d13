//! Gap analysis: who lacks which skill, how much that matters, and how it changed between rounds.
//!
//! Definitions (everything here is pure and deterministic; ids break every tie):
//! - "As of date D" means, for each (person, skill, source), the latest rating dated on or before D;
//!   no date means the latest rating of all. An assessment round is a rating date ([`rounds`]).
//!   Dates are ISO `YYYY-MM-DD`, so comparing them as text orders them in time.
//! - The *effective* rating of a person's skill is the latest agreed rating, else the latest trainer
//!   rating, else the latest self rating, which is then flagged as self-only. Precedence goes by source,
//!   not by date. Self ratings are shown beside the assessor's ratings and never averaged into them.
//! - An effective rating with `level: None` means "no opportunity to show this skill". It is not a low
//!   rating: like an unrated skill, it is left out of gaps and readiness.
//! - *gap* = required − current, never below 0 ([`gap`]). *Weighted gap* = importance × gap.
//! - *readiness* = 100 × Σ importance × min(current, required) / Σ importance × required. The sums run
//!   over the required skills (required level > 0) that have a numeric effective level. It is `None`
//!   when no skill counts. Role, team and overall readiness are the mean over those of their people
//!   who have a readiness.
//! - The *priority* of a skill = Σ over roles of importance × mean gap in the role × the role's
//!   headcount × the role's contact weight ([`contact_weight`]). The headcount is [`Role::headcount`]
//!   (the whole role, even under a team filter): the mean gap of the people assessed stands for all of
//!   it. Roles with nobody assessed add nothing and are listed as unassessed.
//!
//! [`RatingIndex`] sorts the ratings once per person, so a full analysis takes
//! O(ratings + people × required skills × log) time and never scans all ratings per person.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use super::model::*;

/// Assumed weight, in the priority score, of a role with high customer contact.
pub const HIGH_CONTACT_WEIGHT: f64 = 1.0;
/// Assumed weight, in the priority score, of a role with medium customer contact.
pub const MEDIUM_CONTACT_WEIGHT: f64 = 0.6;
/// Assumed weight, in the priority score, of a role with low contact (internal customers).
pub const LOW_CONTACT_WEIGHT: f64 = 0.3;

/// Smallest SERVQUAL weight a skill needs to pass a dimension filter ("Strong" or "Core").
pub const DIMENSION_FILTER_MIN_WEIGHT: u8 = 2;

/// Sources in order of precedence for the effective rating: agreed, then trainer, then self.
pub const PRECEDENCE: [Source; 3] = [Source::Agreed, Source::Trainer, Source::SelfRating];

/// The priority weight of a contact level. These are modelling assumptions, not research findings:
/// a gap in a role that faces customers is taken to cost more than the same gap in an internal role.
pub fn contact_weight(contact: ContactLevel) -> f64 {
    match contact {
        ContactLevel::High => HIGH_CONTACT_WEIGHT,
        ContactLevel::Medium => MEDIUM_CONTACT_WEIGHT,
        ContactLevel::Low => LOW_CONTACT_WEIGHT,
    }
}

/// The gap between a required and a current level: required − current, never below 0.
pub fn gap(required: Level, current: Level) -> Level {
    required.saturating_sub(current)
}

/// The assessment rounds: the distinct rating dates, in ascending order.
pub fn rounds(ws: &Workspace) -> Vec<String> {
    let dates: BTreeSet<&str> = ws.ratings.iter().map(|r| r.date.as_str()).collect();
    dates.into_iter().map(String::from).collect()
}

/// The team a person counts in: their own team, or their role's team when theirs is blank.
pub fn team_of<'a>(person: &'a Person, role: Option<&'a Role>) -> &'a str {
    if person.team.trim().is_empty() {
        role.map(|r| r.team.as_str()).unwrap_or("")
    } else {
        &person.team
    }
}

/// FxHash (as in rustc): much faster than SipHash on short ids. The keys are the user's own ids, so
/// hash flooding is not a concern.
#[derive(Clone, Copy, Default)]
struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<IdHasher>>;

fn id_map<'a, V: Copy>(ids: impl Iterator<Item = (&'a str, V)>) -> IdMap<'a, V> {
    let mut map = IdMap::default();
    for (id, v) in ids {
        map.entry(id).or_insert(v); // the first of duplicate ids wins (an invalid workspace)
    }
    map
}

/// One rating as seen at a point in time: its level (`None` = no opportunity), source, date and note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// The level, or `None` for "no opportunity to show this skill".
    pub level: Option<Level>,
    /// Who gave the rating.
    pub source: Source,
    /// When it was given (ISO date).
    pub date: String,
    /// The rating's note.
    pub note: String,
}

impl Effective {
    /// The level, source, date and note of `rating`.
    pub fn of(rating: &Rating) -> Self {
        Self { level: rating.level, source: rating.source, date: rating.date.clone(), note: rating.note.clone() }
    }

    /// Whether only the learner's own rating backs this level.
    pub fn is_self_only(&self) -> bool {
        self.source == Source::SelfRating
    }
}

/// Filters of an analysis; the default keeps everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only people of this team (see [`team_of`]).
    pub team: Option<String>,
    /// Keep only this role and its people.
    pub role: Option<RoleId>,
    /// Keep only skills of this category.
    pub category: Option<String>,
    /// Keep only skills that serve this SERVQUAL dimension with weight ≥ [`DIMENSION_FILTER_MIN_WEIGHT`].
    pub dimension: Option<Dimension>,
}

impl Filter {
    /// Whether `skill` passes the category and dimension filters.
    pub fn keeps_skill(&self, skill: &Skill) -> bool {
        self.category.as_ref().is_none_or(|c| &skill.category == c)
            && self.dimension.is_none_or(|d| skill.servqual.get(d) >= DIMENSION_FILTER_MIN_WEIGHT)
    }

    /// Whether `person` (holding `role`) passes the team and role filters.
    pub fn keeps_person(&self, person: &Person, role: Option<&Role>) -> bool {
        self.role.as_ref().is_none_or(|r| &person.role == r)
            && self.team.as_ref().is_none_or(|t| team_of(person, role) == t)
    }
}

/// One rating, placed in its person's run of the index.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    skill: u32,
    source: u8,
    rating: u32,
}

fn source_code(source: Source) -> u8 {
    match source {
        Source::SelfRating => 0,
        Source::Trainer => 1,
        Source::Agreed => 2,
    }
}

/// The ratings of a workspace grouped by person and sorted by (skill, source, date), built once in
/// O(ratings) plus small per-person sorts. Ratings of unknown people or skills are ignored.
#[derive(Clone, Debug)]
pub struct RatingIndex<'a> {
    ws: &'a Workspace,
    people: IdMap<'a, u32>,
    skills: IdMap<'a, u32>,
    /// `entries[starts[p]..starts[p + 1]]` are person `p`'s ratings.
    starts: Vec<u32>,
    entries: Vec<Entry>,
}

impl<'a> RatingIndex<'a> {
    /// Indexes the ratings of `ws`.
    pub fn new(ws: &'a Workspace) -> Self {
        let people = id_map(ws.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), i as u32)));
        let skills = id_map(ws.skills.iter().enumerate().map(|(i, s)| (s.id.as_str(), i as u32)));
        let mut starts = vec![0u32; ws.people.len() + 1];
        let mut resolved = Vec::with_capacity(ws.ratings.len());
        // Ratings usually come grouped by person and skill, so remember the last of each looked up.
        let (mut last_person, mut last_skill) = (Lookup::default(), Lookup::default());
        for (i, r) in ws.ratings.iter().enumerate() {
            let person = last_person.get(&people, r.person.as_str());
            let skill = last_skill.get(&skills, r.skill.as_str());
            if let (Some(p), Some(s)) = (person, skill) {
                starts[p as usize + 1] += 1;
                resolved.push((p, Entry { skill: s, source: source_code(r.source), rating: i as u32 }));
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut entries = vec![Entry::default(); resolved.len()];
        for (p, e) in resolved {
            entries[next[p as usize] as usize] = e;
            next[p as usize] += 1;
        }
        let ratings = &ws.ratings;
        for w in starts.windows(2) {
            entries[w[0] as usize..w[1] as usize].sort_unstable_by(|a, b| {
                (a.skill, a.source).cmp(&(b.skill, b.source)).then_with(|| {
                    let (x, y) = (&ratings[a.rating as usize], &ratings[b.rating as usize]);
                    // Level and note only order duplicates (an invalid workspace), so that the order of
                    // the ratings vector never changes the answer.
                    x.date.cmp(&y.date).then(x.level.cmp(&y.level)).then_with(|| x.note.cmp(&y.note))
                })
            });
        }
        Self { ws, people, skills, starts, entries }
    }

    /// The indexed workspace.
    pub fn workspace(&self) -> &'a Workspace {
        self.ws
    }

    /// The latest rating of `person`'s `skill` by `source` dated on or before `as_of` (`None`: latest of all).
    pub fn latest(
        &self,
        person: &PersonId,
        skill: &SkillId,
        source: Source,
        as_of: Option<&str>,
    ) -> Option<&'a Rating> {
        let (p, s) = self.ids(person, skill)?;
        self.latest_all(p, s, as_of)[source_code(source) as usize]
    }

    /// The effective rating of `person`'s `skill` as of `as_of`: agreed, else trainer, else self.
    pub fn effective(&self, person: &PersonId, skill: &SkillId, as_of: Option<&str>) -> Option<Effective> {
        let (p, s) = self.ids(person, skill)?;
        effective_of(&self.latest_all(p, s, as_of)).map(Effective::of)
    }

    /// The full analysis as of `as_of`, reusing this index.
    pub fn analyse(&self, filter: &Filter, as_of: Option<&str>) -> Analysis {
        analyse_indexed(self, filter, as_of)
    }

    fn ids(&self, person: &PersonId, skill: &SkillId) -> Option<(u32, u32)> {
        Some((*self.people.get(person.as_str())?, *self.skills.get(skill.as_str())?))
    }

    /// The latest rating per source (indexed by `source_code`) of person `p`'s skill `s`.
    fn latest_all(&self, p: u32, s: u32, as_of: Option<&str>) -> [Option<&'a Rating>; 3] {
        let run = &self.entries[self.starts[p as usize] as usize..self.starts[p as usize + 1] as usize];
        let lo = run.partition_point(|e| e.skill < s);
        let run = &run[lo..];
        let run = &run[..run.partition_point(|e| e.skill == s)];
        let mut out = [None; 3];
        let mut rest = run;
        for (code, slot) in out.iter_mut().enumerate() {
            let n = rest.partition_point(|e| (e.source as usize) == code);
            let (mine, after) = rest.split_at(n);
            rest = after;
            let k = match as_of {
                None => mine.len(),
                Some(d) => mine.partition_point(|e| self.ws.ratings[e.rating as usize].date.as_str() <= d),
            };
            if k > 0 {
                *slot = Some(&self.ws.ratings[mine[k - 1].rating as usize]);
            }
        }
        out
    }
}

/// An id lookup that remembers its last answer.
#[derive(Default)]
struct Lookup<'a> {
    last: Option<(&'a str, Option<u32>)>,
}

impl<'a> Lookup<'a> {
    fn get(&mut self, map: &IdMap<'a, u32>, id: &'a str) -> Option<u32> {
        match self.last {
            Some((last, answer)) if last == id => answer,
            _ => {
                let answer = map.get(id).copied();
                self.last = Some((id, answer));
                answer
            }
        }
    }
}

fn effective_of<'a>(latest: &[Option<&'a Rating>; 3]) -> Option<&'a Rating> {
    PRECEDENCE.iter().find_map(|&s| latest[source_code(s) as usize])
}

/// The latest rating of one source, in brief (its date and note: [`RatingIndex::latest`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Latest {
    /// No rating from this source (as of the date).
    Unrated,
    /// "No opportunity to show this skill".
    NoOpportunity,
    /// A level on the scale.
    Level(Level),
}

impl Latest {
    /// The brief form of `rating`.
    pub fn of(rating: Option<&Rating>) -> Self {
        match rating {
            None => Latest::Unrated,
            Some(Rating { level: None, .. }) => Latest::NoOpportunity,
            Some(Rating { level: Some(l), .. }) => Latest::Level(*l),
        }
    }

    /// The numeric level, if any.
    pub fn level(self) -> Option<Level> {
        match self {
            Latest::Level(l) => Some(l),
            _ => None,
        }
    }
}

/// One required skill of one person: the three sources side by side, the effective rating and the gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkillGap {
    /// The skill.
    pub skill: SkillId,
    /// The level the person's role requires.
    pub required: Level,
    /// How much the role needs the skill (1–5).
    pub importance: Importance,
    /// The latest self rating, shown beside the others and never averaged into them.
    pub self_rating: Latest,
    /// The latest trainer rating.
    pub trainer: Latest,
    /// The latest agreed rating.
    pub agreed: Latest,
    /// The effective rating (agreed > trainer > self) with its date and note; `None` when unrated.
    pub effective: Option<Effective>,
    /// The effective numeric level; `None` when unrated or "no opportunity".
    pub current: Option<Level>,
    /// required − current (never below 0); `None` without a current level.
    pub gap: Option<Level>,
    /// importance × gap; `None` without a current level.
    pub weighted_gap: Option<u32>,
}

impl SkillGap {
    /// The latest rating from `source`, in brief.
    pub fn latest(&self, source: Source) -> Latest {
        match source {
            Source::SelfRating => self.self_rating,
            Source::Trainer => self.trainer,
            Source::Agreed => self.agreed,
        }
    }

    /// Which source is effective; `None` when unrated.
    pub fn effective_source(&self) -> Option<Source> {
        self.effective.as_ref().map(|e| e.source)
    }

    /// Whether the effective rating is the learner's own.
    pub fn is_self_only(&self) -> bool {
        self.effective_source() == Some(Source::SelfRating)
    }

    /// Whether the effective rating says "no opportunity to show this skill".
    pub fn is_no_opportunity(&self) -> bool {
        self.effective.as_ref().is_some_and(|e| e.level.is_none())
    }

    /// Whether this row counts towards readiness (required level > 0 and a numeric effective level).
    pub fn counts(&self) -> bool {
        self.required > 0 && self.current.is_some()
    }
}

/// One person's gaps over the required skills in scope, in library order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonGaps {
    /// The person.
    pub person: PersonId,
    /// Their role.
    pub role: RoleId,
    /// Their team (see [`team_of`]).
    pub team: String,
    /// One row per required skill in scope, in library order: the people × skills heatmap row.
    pub rows: Vec<SkillGap>,
    /// Coverage denominator: required skills in scope with a required level > 0.
    pub required: u32,
    /// Coverage: of those, how many have a numeric effective level.
    pub assessed: u32,
    /// Of those required, how many are marked "no opportunity".
    pub no_opportunity: u32,
    /// Of those assessed, how many rest on a self rating only.
    pub self_only: u32,
    /// Readiness in [0, 100]; `None` when no required skill has a numeric level.
    pub readiness: Option<f64>,
    /// Σ importance × gap over the rows.
    pub weighted_gap: u32,
}

impl PersonGaps {
    /// The row of `skill`, if the role requires it and it is in scope.
    pub fn row(&self, skill: &SkillId) -> Option<&SkillGap> {
        self.rows.iter().find(|r| &r.skill == skill)
    }
}

/// Readiness and gaps of a group of people (a role, a team, everyone in scope).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// People in the group (in scope).
    pub people: u32,
    /// Of those, how many have a readiness.
    pub assessed: u32,
    /// Mean readiness over the people who have one; `None` when nobody has.
    pub readiness: Option<f64>,
    /// Σ of the people's weighted gaps.
    pub weighted_gap: u64,
}

/// A role's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleSummary {
    /// The role.
    pub role: RoleId,
    /// Its people's readiness and gaps.
    pub summary: Summary,
}

/// A team's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamSummary {
    /// The team (see [`team_of`]).
    pub team: String,
    /// Its people's readiness and gaps.
    pub summary: Summary,
}

/// One role × skill cell of the heatmap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatCell {
    /// The required level.
    pub required: Level,
    /// The importance.
    pub importance: Importance,
    /// People in the role with a numeric effective level for the skill.
    pub assessed: u32,
    /// People in the role marked "no opportunity" for the skill.
    pub no_opportunity: u32,
    /// Mean gap over the assessed people; `None` when nobody is.
    pub mean_gap: Option<f64>,
    /// Mean current level over the assessed people; `None` when nobody is.
    pub mean_current: Option<f64>,
}

/// One role's row of the heatmap: a cell per skill column, `None` where the role does not need the skill.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeatRow {
    /// The role.
    pub role: RoleId,
    /// Cells aligned with [`Analysis::skills`].
    pub cells: Vec<Option<HeatCell>>,
}

/// One role's part of a skill's priority score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleShare {
    /// The role.
    pub role: RoleId,
    /// importance × mean gap × headcount × contact weight.
    pub score: f64,
}

/// How much closing one skill's gaps matters across the organisation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkillPriority {
    /// The skill.
    pub skill: SkillId,
    /// Σ of the role shares.
    pub score: f64,
    /// The roles that require the skill and have someone assessed on it, in workspace order.
    pub by_role: Vec<RoleShare>,
}

/// A person ranked by risk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonRisk {
    /// The person.
    pub person: PersonId,
    /// Their role.
    pub role: RoleId,
    /// Their readiness.
    pub readiness: f64,
    /// Their weighted gap.
    pub weighted_gap: u32,
}

/// Whether a learner rates themself above or below the trainer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimate {
    /// Self above trainer: a possible blind spot.
    Over,
    /// Self below trainer: a hidden strength.
    Under,
}

/// A self vs trainer divergence on one required skill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// The person.
    pub person: PersonId,
    /// The skill.
    pub skill: SkillId,
    /// The skill's importance to the person's role.
    pub importance: Importance,
    /// The latest numeric self rating.
    pub self_level: Level,
    /// The latest numeric trainer rating.
    pub trainer_level: Level,
    /// self − trainer (never 0).
    pub diff: i16,
    /// Over- or under-estimation.
    pub estimate: Estimate,
}

/// Everything the gap pages show, for one filter and one date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The date of the analysis; `None` = the latest ratings.
    pub as_of: Option<String>,
    /// The skills in scope, in library order: the heatmap columns.
    pub skills: Vec<SkillId>,
    /// The people in scope, in workspace order.
    pub people: Vec<PersonGaps>,
    /// The roles in scope, in workspace order.
    pub roles: Vec<RoleSummary>,
    /// The teams of the people in scope, by name.
    pub teams: Vec<TeamSummary>,
    /// Everyone in scope.
    pub overall: Summary,
    /// Roles × skills, rows in the order of [`Analysis::roles`].
    pub heatmap: Vec<HeatRow>,
    /// Skills required by a role in scope, highest priority first (ties by skill id).
    pub priorities: Vec<SkillPriority>,
    /// Roles in scope that require a skill in scope but where nobody has a readiness; they add nothing
    /// to the priorities.
    pub unassessed_roles: Vec<RoleId>,
    /// People with a readiness: lowest first, then larger weighted gap, then id.
    pub at_risk: Vec<PersonRisk>,
    /// Self vs trainer divergences: largest |diff| first, then importance, then person and skill id.
    pub divergences: Vec<Divergence>,
}

impl Analysis {
    /// The gaps of `person`, if in scope.
    pub fn person(&self, person: &PersonId) -> Option<&PersonGaps> {
        self.people.iter().find(|p| &p.person == person)
    }

    /// The summary of `role`, if in scope.
    pub fn role(&self, role: &RoleId) -> Option<&Summary> {
        self.roles.iter().find(|r| &r.role == role).map(|r| &r.summary)
    }

    /// The summary of `team`, if any of its people are in scope.
    pub fn team(&self, team: &str) -> Option<&Summary> {
        self.teams.iter().find(|t| t.team == team).map(|t| &t.summary)
    }

    /// The heatmap cell of `role` × `skill`, if both are in scope and the role requires the skill.
    pub fn cell(&self, role: &RoleId, skill: &SkillId) -> Option<&HeatCell> {
        let col = self.skills.iter().position(|s| s == skill)?;
        self.heatmap.iter().find(|r| &r.role == role)?.cells[col].as_ref()
    }
}

/// The gap analysis of `ws` under `filter` as of `as_of` (`None`: the latest ratings).
pub fn analyse(ws: &Workspace, filter: &Filter, as_of: Option<&str>) -> Analysis {
    RatingIndex::new(ws).analyse(filter, as_of)
}

/// Accumulates one group's summary.
#[derive(Default)]
struct Acc {
    people: u32,
    assessed: u32,
    readiness_sum: f64,
    weighted_gap: u64,
}

impl Acc {
    fn add(&mut self, p: &PersonGaps) {
        self.people += 1;
        self.weighted_gap += p.weighted_gap as u64;
        if let Some(r) = p.readiness {
            self.assessed += 1;
            self.readiness_sum += r;
        }
    }

    fn summary(&self) -> Summary {
        Summary {
            people: self.people,
            assessed: self.assessed,
            readiness: (self.assessed > 0).then(|| self.readiness_sum / self.assessed as f64),
            weighted_gap: self.weighted_gap,
        }
    }
}

/// Accumulates one heatmap cell.
#[derive(Clone, Copy, Default)]
struct CellAcc {
    assessed: u32,
    no_opportunity: u32,
    gap_sum: u64,
    current_sum: u64,
}

/// One required skill of a role, resolved to its index and heatmap column.
struct Need<'a> {
    skill: u32,
    column: usize,
    id: &'a SkillId,
    requirement: Requirement,
}

/// A divergence before its ids are cloned: sorts on integers only.
struct RawDivergence {
    /// (−|diff|, −importance, person's rank by id, skill's rank by id) as an ascending key.
    key: (std::cmp::Reverse<u16>, std::cmp::Reverse<Importance>, u32, u32),
    person: u32,
    skill: u32,
    importance: Importance,
    self_level: Level,
    trainer_level: Level,
}

/// `ranks[i]` = the position of item `i` when the items are sorted by id.
fn ranks<T: Ord>(ids: impl ExactSizeIterator<Item = T>) -> Vec<u32> {
    let mut order: Vec<(T, u32)> = ids.enumerate().map(|(i, id)| (id, i as u32)).collect();
    order.sort_unstable();
    let mut ranks = vec![0u32; order.len()];
    for (rank, (_, i)) in order.into_iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

fn mean(sum: u64, n: u32) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

fn analyse_indexed(index: &RatingIndex<'_>, filter: &Filter, as_of: Option<&str>) -> Analysis {
    let ws = index.ws;

    // Skill columns in library order.
    let mut column_of: Vec<Option<usize>> = vec![None; ws.skills.len()];
    let mut skills = Vec::new();
    for (i, s) in ws.skills.iter().enumerate() {
        if filter.keeps_skill(s) && index.skills.get(s.id.as_str()) == Some(&(i as u32)) {
            column_of[i] = Some(skills.len());
            skills.push(s.id.clone());
        }
    }

    // Each role's needs, in library order.
    let role_of = id_map(ws.roles.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)));
    let needs: Vec<Vec<Need>> = ws
        .roles
        .iter()
        .map(|role| {
            ws.skills
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let column = column_of[i]?;
                    let requirement = *role.requirements.get(&s.id)?;
                    Some(Need { skill: i as u32, column, id: &s.id, requirement })
                })
                .collect()
        })
        .collect();

    let mut cells: Vec<Vec<CellAcc>> = vec![vec![CellAcc::default(); skills.len()]; ws.roles.len()];
    let mut role_acc: Vec<Acc> = (0..ws.roles.len()).map(|_| Acc::default()).collect();
    let mut role_has_person = vec![false; ws.roles.len()];
    let mut team_acc: BTreeMap<String, Acc> = BTreeMap::new();
    let mut overall = Acc::default();
    let mut people = Vec::new();
    let mut raw_divergences = Vec::new();
    let person_rank = ranks(ws.people.iter().map(|p| &p.id));
    let skill_rank = ranks(ws.skills.iter().map(|s| &s.id));

    for (pi, person) in ws.people.iter().enumerate() {
        let ri = role_of.get(person.role.as_str()).copied();
        let role = ri.map(|i| &ws.roles[i]);
        if !filter.keeps_person(person, role) {
            continue;
        }
        let indexed = index.people.get(person.id.as_str()) == Some(&(pi as u32));
        let needs = ri.map(|i| needs[i].as_slice()).unwrap_or(&[]);
        let mut rows = Vec::with_capacity(needs.len());
        let (mut required, mut assessed, mut no_opportunity, mut self_only) = (0u32, 0u32, 0u32, 0u32);
        let (mut num, mut den, mut weighted) = (0u64, 0u64, 0u32);
        for need in needs {
            let q = need.requirement;
            let latest = if indexed { index.latest_all(pi as u32, need.skill, as_of) } else { [None; 3] };
            let eff = effective_of(&latest);
            let current = eff.and_then(|r| r.level);
            let g = current.map(|c| gap(q.level, c));
            let wg = g.map(|g| q.importance as u32 * g as u32);
            let row = SkillGap {
                skill: need.id.clone(),
                required: q.level,
                importance: q.importance,
                self_rating: Latest::of(latest[0]),
                trainer: Latest::of(latest[1]),
                agreed: Latest::of(latest[2]),
                effective: eff.map(Effective::of),
                current,
                gap: g,
                weighted_gap: wg,
            };
            weighted = weighted.saturating_add(wg.unwrap_or(0));
            if q.level > 0 {
                required += 1;
                if row.is_no_opportunity() {
                    no_opportunity += 1;
                }
                if let Some(c) = current {
                    assessed += 1;
                    if row.is_self_only() {
                        self_only += 1;
                    }
                    num += q.importance as u64 * c.min(q.level) as u64;
                    den += q.importance as u64 * q.level as u64;
                }
            }
            if let Some(i) = ri {
                let cell = &mut cells[i][need.column];
                match (current, g) {
                    (Some(c), Some(g)) => {
                        cell.assessed += 1;
                        cell.gap_sum += g as u64;
                        cell.current_sum += c as u64;
                    }
                    _ if row.is_no_opportunity() => cell.no_opportunity += 1,
                    _ => {}
                }
            }
            if let (Some(s), Some(t)) = (latest[0].and_then(|r| r.level), latest[1].and_then(|r| r.level)) {
                if s != t {
                    raw_divergences.push(RawDivergence {
                        key: (
                            std::cmp::Reverse(s.abs_diff(t) as u16),
                            std::cmp::Reverse(q.importance),
                            person_rank[pi],
                            skill_rank[need.skill as usize],
                        ),
                        person: pi as u32,
                        skill: need.skill,
                        importance: q.importance,
                        self_level: s,
                        trainer_level: t,
                    });
                }
            }
            rows.push(row);
        }
        let gaps = PersonGaps {
            person: person.id.clone(),
            role: person.role.clone(),
            team: team_of(person, role).to_string(),
            rows,
            required,
            assessed,
            no_opportunity,
            self_only,
            readiness: (den > 0).then(|| 100.0 * num as f64 / den as f64),
            weighted_gap: weighted,
        };
        if let Some(i) = ri {
            role_acc[i].add(&gaps);
            role_has_person[i] = true;
        }
        team_acc.entry(gaps.team.clone()).or_default().add(&gaps);
        overall.add(&gaps);
        people.push(gaps);
    }

    // Roles in scope: those the role filter keeps; under a team filter, only the team's roles.
    let role_in_scope = |i: usize| {
        let r = &ws.roles[i];
        role_of.get(r.id.as_str()) == Some(&i)
            && filter.role.as_ref().is_none_or(|f| &r.id == f)
            && filter.team.as_ref().is_none_or(|t| &r.team == t || role_has_person[i])
    };
    let scoped: Vec<usize> = (0..ws.roles.len()).filter(|&i| role_in_scope(i)).collect();

    let roles: Vec<RoleSummary> =
        scoped.iter().map(|&i| RoleSummary { role: ws.roles[i].id.clone(), summary: role_acc[i].summary() }).collect();
    let unassessed_roles = scoped
        .iter()
        .zip(&roles)
        .filter(|(&i, r)| r.summary.assessed == 0 && needs[i].iter().any(|n| n.requirement.level > 0))
        .map(|(_, r)| r.role.clone())
        .collect();

    let heatmap: Vec<HeatRow> = scoped
        .iter()
        .map(|&i| {
            let mut row = vec![None; skills.len()];
            for need in &needs[i] {
                let c = cells[i][need.column];
                row[need.column] = Some(HeatCell {
                    required: need.requirement.level,
                    importance: need.requirement.importance,
                    assessed: c.assessed,
                    no_opportunity: c.no_opportunity,
                    mean_gap: mean(c.gap_sum, c.assessed),
                    mean_current: mean(c.current_sum, c.assessed),
                });
            }
            HeatRow { role: ws.roles[i].id.clone(), cells: row }
        })
        .collect();

    let mut priorities: Vec<SkillPriority> = Vec::new();
    for (col, skill) in skills.iter().enumerate() {
        let mut required_somewhere = false;
        let mut by_role = Vec::new();
        for (&i, row) in scoped.iter().zip(&heatmap) {
            let Some(cell) = &row.cells[col] else { continue };
            required_somewhere = true;
            let Some(mean_gap) = cell.mean_gap.filter(|_| role_acc[i].assessed > 0) else { continue };
            let role = &ws.roles[i];
            let score = cell.importance as f64 * mean_gap * role.headcount as f64 * contact_weight(role.contact);
            by_role.push(RoleShare { role: role.id.clone(), score });
        }
        if required_somewhere {
            let score = by_role.iter().map(|s| s.score).sum();
            priorities.push(SkillPriority { skill: skill.clone(), score, by_role });
        }
    }
    priorities.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.skill.cmp(&b.skill)));

    let mut at_risk: Vec<PersonRisk> = people
        .iter()
        .filter_map(|p| {
            Some(PersonRisk {
                person: p.person.clone(),
                role: p.role.clone(),
                readiness: p.readiness?,
                weighted_gap: p.weighted_gap,
            })
        })
        .collect();
    at_risk.sort_by(|a, b| {
        a.readiness
            .total_cmp(&b.readiness)
            .then(b.weighted_gap.cmp(&a.weighted_gap))
            .then_with(|| a.person.cmp(&b.person))
    });

    // Each (person, skill) appears once, so the keys are distinct and an unstable sort is deterministic.
    raw_divergences.sort_unstable_by_key(|d| d.key);
    let divergences = raw_divergences
        .into_iter()
        .map(|d| Divergence {
            person: ws.people[d.person as usize].id.clone(),
            skill: ws.skills[d.skill as usize].id.clone(),
            importance: d.importance,
            self_level: d.self_level,
            trainer_level: d.trainer_level,
            diff: d.self_level as i16 - d.trainer_level as i16,
            estimate: if d.self_level > d.trainer_level { Estimate::Over } else { Estimate::Under },
        })
        .collect();

    Analysis {
        as_of: as_of.map(String::from),
        skills,
        people,
        roles,
        teams: team_acc.into_iter().map(|(team, acc)| TeamSummary { team, summary: acc.summary() }).collect(),
        overall: overall.summary(),
        heatmap,
        priorities,
        unassessed_roles,
        at_risk,
        divergences,
    }
}

/// A value at two dates and its change (`to − from`, when both exist).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Delta {
    /// The value at the earlier date.
    pub from: Option<f64>,
    /// The value at the later date.
    pub to: Option<f64>,
    /// to − from, when both exist.
    pub change: Option<f64>,
}

impl Delta {
    /// The delta between `from` and `to`.
    pub fn new(from: Option<f64>, to: Option<f64>) -> Self {
        Self { from, to, change: from.zip(to).map(|(a, b)| b - a) }
    }
}

/// A person's readiness at both dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonChange {
    /// The person.
    pub person: PersonId,
    /// Their readiness.
    pub readiness: Delta,
}

/// A role's mean readiness at both dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleChange {
    /// The role.
    pub role: RoleId,
    /// Its mean readiness.
    pub readiness: Delta,
}

/// A team's mean readiness at both dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamChange {
    /// The team.
    pub team: String,
    /// Its mean readiness.
    pub readiness: Delta,
}

/// A role × skill mean gap at both dates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellChange {
    /// The role.
    pub role: RoleId,
    /// The skill.
    pub skill: SkillId,
    /// The mean gap over the people assessed at each date.
    pub mean_gap: Delta,
}

/// How gaps changed between two rounds, under one filter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The earlier date.
    pub from: String,
    /// The later date.
    pub to: String,
    /// Everyone in scope.
    pub overall: Delta,
    /// People in scope, in workspace order.
    pub people: Vec<PersonChange>,
    /// Roles in scope, in workspace order.
    pub roles: Vec<RoleChange>,
    /// Teams in scope, by name.
    pub teams: Vec<TeamChange>,
    /// Every required role × skill cell in scope, roles then skills in order.
    pub cells: Vec<CellChange>,
}

/// How readiness and gaps changed from the round `from` to the round `to` (both "as of" dates).
pub fn compare(ws: &Workspace, filter: &Filter, from: &str, to: &str) -> Comparison {
    let index = RatingIndex::new(ws);
    let (a, b) = (index.analyse(filter, Some(from)), index.analyse(filter, Some(to)));
    // Scope does not depend on the date, so both analyses list the same people, roles, teams and cells.
    Comparison {
        from: from.to_string(),
        to: to.to_string(),
        overall: Delta::new(a.overall.readiness, b.overall.readiness),
        people: a
            .people
            .iter()
            .zip(&b.people)
            .map(|(x, y)| PersonChange { person: y.person.clone(), readiness: Delta::new(x.readiness, y.readiness) })
            .collect(),
        roles: a
            .roles
            .iter()
            .zip(&b.roles)
            .map(|(x, y)| RoleChange {
                role: y.role.clone(),
                readiness: Delta::new(x.summary.readiness, y.summary.readiness),
            })
            .collect(),
        teams: a
            .teams
            .iter()
            .zip(&b.teams)
            .map(|(x, y)| TeamChange {
                team: y.team.clone(),
                readiness: Delta::new(x.summary.readiness, y.summary.readiness),
            })
            .collect(),
        cells: a
            .heatmap
            .iter()
            .zip(&b.heatmap)
            .flat_map(|(x, y)| {
                x.cells.iter().zip(&y.cells).zip(&b.skills).filter_map(move |((cx, cy), skill)| {
                    let (cx, cy) = (cx.as_ref()?, cy.as_ref()?);
                    Some(CellChange {
                        role: y.role.clone(),
                        skill: skill.clone(),
                        mean_gap: Delta::new(cx.mean_gap, cy.mean_gap),
                    })
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Source::{Agreed as A, SelfRating as S, Trainer as T};

    type RoleSpec<'a> = (&'a str, &'a str, ContactLevel, u32, &'a [(&'a str, Level, Importance)]);

    /// A valid workspace from tables. Skills: (id, category, SERVQUAL weights); roles: (id, team, contact,
    /// headcount, requirements); people: (id, role, team); ratings: (person, skill, source, level, date).
    fn build(
        skills: &[(&str, &str, [u8; 5])],
        roles: &[RoleSpec],
        people: &[(&str, &str, &str)],
        ratings: &[(&str, &str, Source, Option<Level>, &str)],
    ) -> Workspace {
        let mut ws = Workspace::empty("Test");
        for &(id, category, w) in skills {
            ws.skills.push(Skill {
                id: id.into(),
                name: id.to_string(),
                category: category.to_string(),
                description: String::new(),
                servqual: ServqualWeights::from_array(w),
                level_texts: Vec::new(),
                source: None,
            });
        }
        for &(id, team, contact, headcount, reqs) in roles {
            ws.roles.push(Role {
                id: id.into(),
                name: id.to_string(),
                team: team.to_string(),
                headcount,
                annual_turnover: 0.2,
                salary: 60_000.0,
                contact,
                requirements: reqs
                    .iter()
                    .map(|&(s, level, importance)| (SkillId::from(s), Requirement { level, importance }))
                    .collect(),
            });
        }
        for &(id, role, team) in people {
            ws.people.push(Person {
                id: id.into(),
                name: id.to_string(),
                role: role.into(),
                team: team.to_string(),
                start_date: None,
            });
        }
        for &(person, skill, source, level, date) in ratings {
            ws.ratings.push(Rating {
                person: person.into(),
                skill: skill.into(),
                source,
                level,
                date: date.to_string(),
                note: String::new(),
            });
        }
        ws.validate().expect("test workspace is valid");
        ws
    }

    const D1: &str = "2026-01-01";
    const D2: &str = "2026-06-01";
    const D3: &str = "2026-09-01";

    /// Skills a–d; one role r requiring a (3, ×5), b (2, ×1), c (4, ×3), d (2, ×2); person p in it.
    fn one_person(ratings: &[(&str, &str, Source, Option<Level>, &str)]) -> Workspace {
        build(
            &[
                ("a", "Customer", [0, 0, 0, 0, 3]),
                ("b", "Customer", [0, 0, 0, 0, 1]),
                ("c", "Process", [0, 2, 0, 0, 0]),
                ("d", "Process", [0, 0, 0, 0, 0]),
            ],
            &[("r", "Branch", ContactLevel::High, 10, &[("a", 3, 5), ("b", 2, 1), ("c", 4, 3), ("d", 2, 2)])],
            &[("p", "r", "Alpha")],
            ratings,
        )
    }

    fn row<'a>(an: &'a Analysis, person: &str, skill: &str) -> &'a SkillGap {
        an.person(&person.into()).unwrap().row(&skill.into()).unwrap()
    }

    #[test]
    fn gap_is_required_minus_current_never_negative() {
        assert_eq!(gap(4, 1), 3);
        assert_eq!(gap(3, 3), 0);
        assert_eq!(gap(2, 4), 0);
        assert_eq!(gap(0, 0), 0);
        assert_eq!(gap(0, 9), 0);
    }

    #[test]
    fn agreed_beats_trainer_beats_self_and_self_only_is_flagged() {
        let ws = one_person(&[
            ("p", "a", S, Some(4), D1),
            ("p", "a", T, Some(2), D1),
            ("p", "a", A, Some(3), D1),
            ("p", "b", S, Some(3), D1),
            ("p", "b", T, Some(1), D1),
            ("p", "c", S, Some(2), D1),
        ]);
        let an = analyse(&ws, &Filter::default(), None);
        let a = row(&an, "p", "a");
        assert_eq!((a.effective_source(), a.current, a.gap), (Some(A), Some(3), Some(0)));
        // Self is kept beside the assessors' ratings, not averaged in.
        assert_eq!((a.self_rating, a.trainer, a.agreed), (Latest::Level(4), Latest::Level(2), Latest::Level(3)));
        assert_eq!(a.latest(S), Latest::Level(4));
        assert!(!a.is_self_only());
        let b = row(&an, "p", "b");
        assert_eq!((b.effective_source(), b.current, b.gap, b.weighted_gap), (Some(T), Some(1), Some(1), Some(1)));
        let c = row(&an, "p", "c");
        assert_eq!((c.effective_source(), c.current, c.gap, c.weighted_gap), (Some(S), Some(2), Some(2), Some(6)));
        assert!(c.is_self_only() && c.effective.as_ref().unwrap().is_self_only());
        let d = row(&an, "p", "d");
        assert_eq!((d.effective_source(), d.current, d.gap), (None, None, None));
        assert_eq!((d.self_rating, d.trainer, d.agreed), (Latest::Unrated, Latest::Unrated, Latest::Unrated));
        let p = an.person(&"p".into()).unwrap();
        assert_eq!((p.required, p.assessed, p.self_only, p.no_opportunity), (4, 3, 1, 0));

        let index = RatingIndex::new(&ws);
        let e = index.effective(&"p".into(), &"b".into(), None).unwrap();
        assert_eq!((e.level, e.source, e.date.as_str()), (Some(1), T, D1));
        assert_eq!(index.latest(&"p".into(), &"b".into(), S, None).unwrap().level, Some(3));
        assert!(index.latest(&"p".into(), &"b".into(), A, None).is_none());
        assert!(index.effective(&"p".into(), &"d".into(), None).is_none());
        assert!(index.effective(&"nobody".into(), &"a".into(), None).is_none());
    }

    #[test]
    fn precedence_goes_by_source_not_date() {
        // A newer trainer rating does not override an older agreed one.
        let ws = one_person(&[("p", "a", A, Some(2), D1), ("p", "a", T, Some(3), D2), ("p", "a", S, Some(4), D3)]);
        let e = RatingIndex::new(&ws).effective(&"p".into(), &"a".into(), None).unwrap();
        assert_eq!((e.level, e.source), (Some(2), A));
    }

    #[test]
    fn readiness_worked_example() {
        // a: 2 of 3 (×5); b: 4 of 2 (×1, capped at 2); c: no opportunity (×3, excluded); d: unrated (excluded).
        // readiness = (5×2 + 1×2) / (5×3 + 1×2) = 12 / 17 = 70.588…%; weighted gap = 5×1 + 1×0 = 5.
        let ws = one_person(&[("p", "a", T, Some(2), D1), ("p", "b", T, Some(4), D1), ("p", "c", T, None, D1)]);
        let an = analyse(&ws, &Filter::default(), None);
        let p = an.person(&"p".into()).unwrap();
        assert!((p.readiness.unwrap() - 1200.0 / 17.0).abs() < 1e-9, "{:?}", p.readiness);
        assert_eq!(p.weighted_gap, 5);
        assert_eq!((p.required, p.assessed, p.no_opportunity), (4, 2, 1));
        assert_eq!(row(&an, "p", "b").gap, Some(0));
        assert!(row(&an, "p", "c").is_no_opportunity());
        assert_eq!(row(&an, "p", "c").gap, None);
        let role = an.role(&"r".into()).unwrap();
        assert_eq!((role.people, role.assessed, role.weighted_gap), (1, 1, 5));
        assert_eq!(role.readiness, p.readiness);
        assert_eq!(an.team("Alpha").unwrap().readiness, p.readiness);
        assert_eq!(an.overall.readiness, p.readiness);
    }

    #[test]
    fn no_opportunity_is_not_a_low_rating() {
        let none = one_person(&[("p", "a", T, Some(3), D1), ("p", "c", T, None, D1)]);
        let zero = one_person(&[("p", "a", T, Some(3), D1), ("p", "c", T, Some(0), D1)]);
        let (none, zero) = (analyse(&none, &Filter::default(), None), analyse(&zero, &Filter::default(), None));
        let (pn, pz) = (none.person(&"p".into()).unwrap(), zero.person(&"p".into()).unwrap());
        assert_eq!(pn.readiness, Some(100.0));
        assert!((pz.readiness.unwrap() - 100.0 * 15.0 / 27.0).abs() < 1e-9);
        assert_eq!((pn.assessed, pn.no_opportunity, pn.weighted_gap), (1, 1, 0));
        assert_eq!((pz.assessed, pz.no_opportunity, pz.weighted_gap), (2, 0, 12));
        let (cn, cz) = (none.cell(&"r".into(), &"c".into()).unwrap(), zero.cell(&"r".into(), &"c".into()).unwrap());
        assert_eq!((cn.assessed, cn.no_opportunity, cn.mean_gap), (0, 1, None));
        assert_eq!((cz.assessed, cz.no_opportunity, cz.mean_gap), (1, 0, Some(4.0)));
    }

    #[test]
    fn nothing_rated_means_no_readiness() {
        let ws = one_person(&[("p", "c", T, None, D1)]);
        let an = analyse(&ws, &Filter::default(), None);
        assert_eq!(an.person(&"p".into()).unwrap().readiness, None);
        assert_eq!(an.role(&"r".into()).unwrap().readiness, None);
        assert_eq!(an.unassessed_roles, vec![RoleId::from("r")]);
        assert!(an.at_risk.is_empty());
    }

    #[test]
    fn as_of_picks_the_right_round() {
        let ws = one_person(&[
            ("p", "a", T, Some(1), D1),
            ("p", "a", T, Some(3), D3),
            ("p", "a", S, Some(2), D2),
            ("p", "b", A, None, D3),
            ("p", "b", T, Some(1), D1),
        ]);
        assert_eq!(rounds(&ws), vec![D1, D2, D3]);
        let index = RatingIndex::new(&ws);
        let at = |skill: &str, date: Option<&str>| {
            index.effective(&"p".into(), &skill.into(), date).map(|e| (e.level, e.source, e.date))
        };
        assert_eq!(at("a", Some("2025-12-31")), None);
        assert_eq!(at("a", Some(D1)), Some((Some(1), T, D1.to_string())));
        assert_eq!(at("a", Some(D2)), Some((Some(1), T, D1.to_string())));
        assert_eq!(at("a", Some(D3)), Some((Some(3), T, D3.to_string())));
        assert_eq!(at("a", None), at("a", Some(D3)));
        assert_eq!(index.latest(&"p".into(), &"a".into(), S, Some(D1)), None);
        assert_eq!(index.latest(&"p".into(), &"a".into(), S, Some(D2)).unwrap().level, Some(2));
        // The agreed "no opportunity" only takes over from its own date.
        assert_eq!(at("b", Some(D2)), Some((Some(1), T, D1.to_string())));
        assert_eq!(at("b", Some(D3)), Some((None, A, D3.to_string())));

        let c = compare(&ws, &Filter::default(), D1, D3);
        let p = &c.people[0].readiness;
        // D1: a 1/3 (×5), b 1/2 (×1) → 6/17; D3: a 3/3, b no opportunity → 15/15.
        assert!((p.from.unwrap() - 600.0 / 17.0).abs() < 1e-9);
        assert_eq!(p.to, Some(100.0));
        assert!((p.change.unwrap() - (100.0 - 600.0 / 17.0)).abs() < 1e-9);
        let cell = c.cells.iter().find(|x| x.skill.as_str() == "a").unwrap();
        assert_eq!((cell.mean_gap.from, cell.mean_gap.to, cell.mean_gap.change), (Some(2.0), Some(0.0), Some(-2.0)));
        let cell = c.cells.iter().find(|x| x.skill.as_str() == "b").unwrap();
        assert_eq!((cell.mean_gap.from, cell.mean_gap.to, cell.mean_gap.change), (Some(1.0), None, None));
        assert_eq!(c.roles[0].readiness, *p);
        assert_eq!(c.teams[0].readiness, *p);
        assert_eq!(c.overall, *p);
    }

    /// Roles h (high contact, 10 staff, 2 people), l (low, 100 staff, 1 person) and m (medium, 5 staff,
    /// nobody). Skills x (h: 3 ×2, l: 3 ×4), w and y (h: 2 ×5), z (m only).
    fn priorities_workspace() -> Workspace {
        build(
            &[("x", "K", [0; 5]), ("y", "K", [0; 5]), ("w", "K", [0; 5]), ("z", "Z", [0; 5])],
            &[
                ("h", "Front", ContactLevel::High, 10, &[("x", 3, 2), ("y", 2, 5), ("w", 2, 5)]),
                ("l", "Back", ContactLevel::Low, 100, &[("x", 3, 4)]),
                ("m", "Lead", ContactLevel::Medium, 5, &[("z", 3, 5)]),
            ],
            &[("h1", "h", "Front"), ("h2", "h", "Front"), ("l1", "l", "Back")],
            &[
                ("h1", "x", T, Some(1), D1),
                ("h2", "x", T, Some(3), D1),
                ("h1", "y", T, Some(0), D1),
                ("h2", "y", T, Some(4), D1),
                ("h1", "w", T, Some(2), D1),
                ("h2", "w", T, Some(0), D1),
                ("l1", "x", T, Some(2), D1),
            ],
        )
    }

    #[test]
    fn priorities_weigh_importance_gap_headcount_and_contact() {
        let an = analyse(&priorities_workspace(), &Filter::default(), None);
        // x: 2 × mean gap 1 × 10 × 1.0 + 4 × 1 × 100 × 0.3 = 20 + 120 = 140.
        // w and y: 5 × 1 × 10 × 1.0 = 50 each, tie broken by id. z: required only by an unassessed role.
        let order: Vec<(&str, f64)> = an.priorities.iter().map(|p| (p.skill.as_str(), p.score)).collect();
        assert_eq!(order.len(), 4);
        for ((skill, score), (want_skill, want)) in
            order.iter().zip([("x", 140.0), ("w", 50.0), ("y", 50.0), ("z", 0.0)])
        {
            assert_eq!(*skill, want_skill);
            assert!((score - want).abs() < 1e-9, "{skill}: {score}");
        }
        let x = &an.priorities[0].by_role;
        assert_eq!(x.iter().map(|s| s.role.as_str()).collect::<Vec<_>>(), ["h", "l"]);
        assert!(an.priorities[3].by_role.is_empty());
        assert_eq!(an.unassessed_roles, vec![RoleId::from("m")]);
        assert_eq!(an.role(&"m".into()).unwrap().people, 0);
        let cell = an.cell(&"h".into(), &"x".into()).unwrap();
        assert_eq!((cell.assessed, cell.mean_gap, cell.mean_current), (2, Some(1.0), Some(2.0)));
        assert!(an.cell(&"l".into(), &"y".into()).is_none());
        assert_eq!(contact_weight(ContactLevel::Medium), MEDIUM_CONTACT_WEIGHT);
    }

    #[test]
    fn people_at_risk_lowest_readiness_first_then_larger_weighted_gap() {
        // Role q: e and f both 3 ×5, g 4 ×1. p1: e 2 → 10/15; p2: e 2, f 2 → 20/30 (same readiness, larger
        // weighted gap); p3: e 3 → 100; p4: unrated (no readiness, left out).
        let ws = build(
            &[("e", "K", [0; 5]), ("f", "K", [0; 5]), ("g", "K", [0; 5])],
            &[("q", "T", ContactLevel::High, 4, &[("e", 3, 5), ("f", 3, 5), ("g", 4, 1)])],
            &[("p1", "q", ""), ("p2", "q", ""), ("p3", "q", ""), ("p4", "q", "")],
            &[
                ("p1", "e", T, Some(2), D1),
                ("p2", "e", T, Some(2), D1),
                ("p2", "f", T, Some(2), D1),
                ("p3", "e", T, Some(3), D1),
            ],
        );
        let an = analyse(&ws, &Filter::default(), None);
        let order: Vec<&str> = an.at_risk.iter().map(|r| r.person.as_str()).collect();
        assert_eq!(order, ["p2", "p1", "p3"]);
        assert_eq!(an.at_risk[0].weighted_gap, 10);
        // A blank personal team falls back to the role's team.
        assert_eq!(an.teams.len(), 1);
        assert_eq!(an.teams[0].team, "T");
        assert_eq!((an.teams[0].summary.people, an.teams[0].summary.assessed), (4, 3));
    }

    #[test]
    fn divergences_sign_and_order() {
        let ws = one_person(&[
            ("p", "a", S, Some(1), D1), // −2, importance 5
            ("p", "a", T, Some(3), D1),
            ("p", "b", S, Some(4), D1), // +3, importance 1
            ("p", "b", T, Some(1), D1),
            ("p", "c", S, Some(3), D1), // +2, importance 3
            ("p", "c", T, Some(1), D1),
            ("p", "d", S, Some(2), D1), // equal: not a divergence
            ("p", "d", T, Some(2), D1),
        ]);
        let mut ws2 = ws.clone();
        for (source, level) in [(A, Some(2)), (T, None)] {
            ws2.ratings.push(Rating {
                person: "p".into(),
                skill: "b".into(),
                source,
                level,
                date: D2.into(),
                note: String::new(),
            });
        }
        let an = analyse(&ws, &Filter::default(), None);
        let got: Vec<(&str, i16, Estimate)> =
            an.divergences.iter().map(|d| (d.skill.as_str(), d.diff, d.estimate)).collect();
        assert_eq!(got, [("b", 3, Estimate::Over), ("a", -2, Estimate::Under), ("c", 2, Estimate::Over)]);
        assert_eq!((an.divergences[1].self_level, an.divergences[1].trainer_level), (1, 3));
        // A later "no opportunity" trainer rating ends b's divergence; the agreed rating plays no part in it.
        let later = analyse(&ws2, &Filter::default(), None);
        let got: Vec<&str> = later.divergences.iter().map(|d| d.skill.as_str()).collect();
        assert_eq!(got, ["a", "c"]);
        assert_eq!(row(&later, "p", "b").effective_source(), Some(A));
        assert_eq!(analyse(&ws2, &Filter::default(), Some(D1)).divergences, an.divergences);
    }

    #[test]
    fn filters_restrict_skills_people_and_roles() {
        let ws = priorities_workspace();
        let only = |f: Filter| {
            let an = analyse(&ws, &f, None);
            let people: Vec<String> = an.people.iter().map(|p| p.person.to_string()).collect();
            let roles: Vec<String> = an.roles.iter().map(|r| r.role.to_string()).collect();
            (people, roles, an.skills.len())
        };
        assert_eq!(
            only(Filter::default()),
            (vec!["h1".into(), "h2".into(), "l1".into()], vec!["h".into(), "l".into(), "m".into()], 4)
        );
        assert_eq!(
            only(Filter { role: Some("l".into()), ..Filter::default() }),
            (vec!["l1".into()], vec!["l".into()], 4)
        );
        assert_eq!(
            only(Filter { team: Some("Front".into()), ..Filter::default() }),
            (vec!["h1".into(), "h2".into()], vec!["h".into()], 4)
        );
        assert_eq!(only(Filter { team: Some("Nowhere".into()), ..Filter::default() }), (vec![], vec![], 4));

        // Role m requires only z: under a filter that drops z it has nothing to assess, so it is not "unassessed".
        let k = analyse(&ws, &Filter { category: Some("K".into()), ..Filter::default() }, None);
        assert!(k.unassessed_roles.is_empty());
        assert_eq!(k.roles.len(), 3);
        assert_eq!(k.skills.len(), 3);
        assert_eq!(k.priorities.len(), 3);
        assert_eq!(analyse(&ws, &Filter::default(), None).unassessed_roles, vec![RoleId::from("m")]);

        let ws = one_person(&[("p", "a", T, Some(1), D1), ("p", "c", T, Some(1), D1), ("p", "b", T, Some(0), D1)]);
        let skills = |f: Filter| {
            let an = analyse(&ws, &f, None);
            let rows: Vec<String> = an.people[0].rows.iter().map(|r| r.skill.to_string()).collect();
            assert_eq!(rows, an.skills.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            rows
        };
        assert_eq!(skills(Filter { category: Some("Process".into()), ..Filter::default() }), ["c", "d"]);
        // Empathy weight 3 (a) passes, 1 (b) does not.
        assert_eq!(skills(Filter { dimension: Some(Dimension::Empathy), ..Filter::default() }), ["a"]);
        assert_eq!(skills(Filter { dimension: Some(Dimension::Reliability), ..Filter::default() }), ["c"]);
        assert!(skills(Filter { dimension: Some(Dimension::Tangibles), ..Filter::default() }).is_empty());
        let f = Filter { dimension: Some(Dimension::Empathy), ..Filter::default() };
        let p = &analyse(&ws, &f, None).people[0];
        // Readiness is over the filtered skills only: a 1 of 3.
        assert!((p.readiness.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!((p.required, p.weighted_gap), (1, 10));
    }

    #[test]
    fn rows_follow_library_order() {
        let ws = one_person(&[]);
        let an = analyse(&ws, &Filter::default(), None);
        let rows: Vec<&str> = an.people[0].rows.iter().map(|r| r.skill.as_str()).collect();
        assert_eq!(rows, ["a", "b", "c", "d"]);
        assert!(rounds(&ws).is_empty());
    }
}
