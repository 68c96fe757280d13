//! Merging the edits of two browser tabs: a three-way merge of whole workspaces.
//!
//! Two tabs of the app start from the same saved workspace (the *base*); each makes its own edits (*mine*
//! and *theirs*). [`merge`] keeps every edit where the two do not touch the same item, and lists the items
//! both changed differently, so the app can offer the merge only when nothing would be lost.
//!
//! An item is: the workspace's name, currency, example flag or scale (each on its own); a skill (whole);
//! a role's own fields; each requirement of a role (role × skill); a person; a rating (by person, skill,
//! source and date: its level and note); a scenario (whole). For each item, a side that left it as in the
//! base gives way to a side that changed it (adding and deleting are changes); two sides that made it the
//! same agree; otherwise it is a conflict. Lists keep the order of the side that reordered them.
//!
//! Both tabs mint ids from the same `next_id`, so two people added at once get the same id: the one added
//! here is given a fresh id (and its ratings follow). Two skills, roles or scenarios added with one id are a
//! conflict. The merged workspace must pass [`Workspace::validate`] (e.g. one tab deleted a role the other
//! gave a new person), or the merge is refused with the reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::error::cut;
use super::model::*;

/// A successful merge.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub workspace: Workspace,
    /// How many items were taken from the other tab's edits, and how many from this tab's.
    pub theirs: usize,
    pub mine: usize,
}

/// Merges `mine` and `theirs`, both edited from `base`. `Err` lists what cannot be merged, one line each.
pub fn merge(base: &Workspace, mine: &Workspace, theirs: &Workspace) -> Result<Merged, Vec<String>> {
    let mine = &renumber_new_people(base, mine, theirs);
    let mut m = Merger { conflicts: Vec::new(), theirs: 0, mine: 0 };

    let mut out = Workspace::empty(&mine.name);
    out.schema_version = mine.schema_version;
    out.name = m.value("the workspace's name", &base.name, &mine.name, &theirs.name);
    out.currency = m.value("the currency", &base.currency, &mine.currency, &theirs.currency);
    out.is_example = m.value("whether this is example data", &base.is_example, &mine.is_example, &theirs.is_example);
    out.scale = m.value("the proficiency scale", &base.scale, &mine.scale, &theirs.scale);

    let skill_name = |s: &Skill| format!("the skill \u{201c}{}\u{201d} ({})", cut(&s.name), cut(s.id.as_str()));
    out.skills = m.list("skills", &base.skills, &mine.skills, &theirs.skills, |s| s.id.0.clone(), skill_name);

    // A role's own fields and each of its requirements are separate items.
    let core = |r: &Role| Role { requirements: BTreeMap::new(), ..r.clone() };
    let cores = |ws: &Workspace| ws.roles.iter().map(core).collect::<Vec<_>>();
    let role_name = |r: &Role| format!("the role \u{201c}{}\u{201d} ({})", cut(&r.name), cut(r.id.as_str()));
    let mut roles = m.list("roles", &cores(base), &cores(mine), &cores(theirs), |r| r.id.0.clone(), role_name);
    let reqs = |ws: &Workspace| -> BTreeMap<(RoleId, SkillId), Requirement> {
        ws.roles.iter().flat_map(|r| r.requirements.iter().map(|(s, q)| ((r.id.clone(), s.clone()), *q))).collect()
    };
    let merged_reqs = m.map(&reqs(base), &reqs(mine), &reqs(theirs), |(r, s)| {
        format!("the requirement of role {} for skill {}", cut(r.as_str()), cut(s.as_str()))
    });
    for ((role, skill), q) in merged_reqs {
        if let Some(r) = roles.iter_mut().find(|r| r.id == role) {
            r.requirements.insert(skill, q);
        }
    }
    out.roles = roles;

    let person_name = |p: &Person| format!("the person \u{201c}{}\u{201d} ({})", cut(&p.name), cut(p.id.as_str()));
    out.people = m.list("people", &base.people, &mine.people, &theirs.people, |p| p.id.0.clone(), person_name);

    type Key = (PersonId, SkillId, Source, String);
    let ratings = |ws: &Workspace| -> BTreeMap<Key, (Option<Level>, String)> {
        ws.ratings
            .iter()
            .map(|r| ((r.person.clone(), r.skill.clone(), r.source, r.date.clone()), (r.level, r.note.clone())))
            .collect()
    };
    let merged = m.map(&ratings(base), &ratings(mine), &ratings(theirs), |(p, s, src, d)| {
        format!("the {} rating of {} for skill {} on {d}", src.label(), cut(p.as_str()), cut(s.as_str()))
    });
    // Ratings keep this tab's order, with the other tab's new ones after.
    let mut position: HashMap<(&PersonId, &SkillId, Source, &str), usize> = HashMap::new();
    for (i, r) in mine.ratings.iter().chain(&theirs.ratings).enumerate() {
        position.entry((&r.person, &r.skill, r.source, r.date.as_str())).or_insert(i);
    }
    let mut rated: Vec<(usize, Rating)> = merged
        .into_iter()
        .map(|((person, skill, source, date), (level, note))| {
            let at = position.get(&(&person, &skill, source, date.as_str())).copied().unwrap_or(usize::MAX);
            (at, Rating { person, skill, source, level, date, note })
        })
        .collect();
    rated.sort_by_key(|(at, _)| *at);
    out.ratings = rated.into_iter().map(|(_, r)| r).collect();

    let scenario_name = |s: &crate::domain::sim::Scenario| {
        format!("the scenario \u{201c}{}\u{201d} ({})", cut(&s.name), cut(s.id.as_str()))
    };
    out.scenarios =
        m.list("scenarios", &base.scenarios, &mine.scenarios, &theirs.scenarios, |s| s.id.0.clone(), scenario_name);
    out.next_id = mine.next_id.max(theirs.next_id);

    if !m.conflicts.is_empty() {
        return Err(m.conflicts);
    }
    out.validate().map_err(|e| vec![format!("together the edits would not make a valid workspace: {e}")])?;
    Ok(Merged { workspace: out, theirs: m.theirs, mine: m.mine })
}

/// `mine` with each person it added under an id that the other tab also added (for someone else, or with
/// other details) given a fresh id, so both people are kept.
fn renumber_new_people(base: &Workspace, mine: &Workspace, theirs: &Workspace) -> Workspace {
    let in_base: BTreeSet<&str> = base.people.iter().map(|p| p.id.as_str()).collect();
    let theirs_new: HashMap<&str, &Person> =
        theirs.people.iter().filter(|p| !in_base.contains(p.id.as_str())).map(|p| (p.id.as_str(), p)).collect();
    let clash: Vec<&Person> = mine
        .people
        .iter()
        .filter(|p| !in_base.contains(p.id.as_str()) && theirs_new.get(p.id.as_str()).is_some_and(|t| *t != *p))
        .collect();
    if clash.is_empty() {
        return mine.clone();
    }
    let taken: BTreeSet<String> = [mine, theirs]
        .iter()
        .flat_map(|w| {
            w.skills
                .iter()
                .map(|s| s.id.0.clone())
                .chain(w.roles.iter().map(|r| r.id.0.clone()))
                .chain(w.people.iter().map(|p| p.id.0.clone()))
                .chain(w.scenarios.iter().map(|s| s.id.0.clone()))
        })
        .collect();
    let mut next = mine.next_id.max(theirs.next_id);
    let mut renamed: HashMap<String, PersonId> = HashMap::new();
    for p in clash {
        let id = loop {
            let id = format!("p{next}");
            next = next.saturating_add(1);
            if !taken.contains(&id) {
                break id;
            }
        };
        renamed.insert(p.id.0.clone(), PersonId(id));
    }
    let mut out = mine.clone();
    for p in &mut out.people {
        if let Some(id) = renamed.get(p.id.as_str()) {
            p.id = id.clone();
        }
    }
    for r in &mut out.ratings {
        if let Some(id) = renamed.get(r.person.as_str()) {
            r.person = id.clone();
        }
    }
    out.next_id = next;
    out
}

struct Merger {
    conflicts: Vec<String>,
    theirs: usize,
    mine: usize,
}

impl Merger {
    /// One item's three-way merge: `None` is "absent" (not yet added, or deleted).
    fn pick<T: PartialEq + Clone>(&mut self, base: Option<&T>, mine: Option<&T>, theirs: Option<&T>) -> Result<Option<T>, ()> {
        if mine == theirs {
            Ok(mine.cloned())
        } else if mine == base {
            self.theirs += 1;
            Ok(theirs.cloned())
        } else if theirs == base {
            self.mine += 1;
            Ok(mine.cloned())
        } else {
            Err(())
        }
    }

    fn value<T: PartialEq + Clone>(&mut self, what: &str, base: &T, mine: &T, theirs: &T) -> T {
        match self.pick(Some(base), Some(mine), Some(theirs)) {
            Ok(v) => v.expect("present on every side"),
            Err(()) => {
                self.conflicts.push(format!("both tabs changed {what}"));
                mine.clone()
            }
        }
    }

    fn map<K: Ord + Clone, V: PartialEq + Clone>(
        &mut self,
        base: &BTreeMap<K, V>,
        mine: &BTreeMap<K, V>,
        theirs: &BTreeMap<K, V>,
        describe: impl Fn(&K) -> String,
    ) -> BTreeMap<K, V> {
        let keys: BTreeSet<&K> = base.keys().chain(mine.keys()).chain(theirs.keys()).collect();
        let mut out = BTreeMap::new();
        for k in keys {
            match self.pick(base.get(k), mine.get(k), theirs.get(k)) {
                Ok(Some(v)) => {
                    out.insert(k.clone(), v);
                }
                Ok(None) => {}
                Err(()) => {
                    self.conflicts.push(format!("both tabs changed {}", describe(k)));
                    if let Some(v) = mine.get(k) {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        out
    }

    /// A list of items with ids: merged item by item, in the order of the side that reordered it.
    fn list<T: PartialEq + Clone>(
        &mut self,
        what: &str,
        base: &[T],
        mine: &[T],
        theirs: &[T],
        id: impl Fn(&T) -> String,
        describe: impl Fn(&T) -> String,
    ) -> Vec<T> {
        let by_id = |items: &[T]| items.iter().map(|t| (id(t), t.clone())).collect::<BTreeMap<_, _>>();
        let (b, m, t) = (by_id(base), by_id(mine), by_id(theirs));
        let merged = self.map(&b, &m, &t, |k| {
            m.get(k).or_else(|| t.get(k)).or_else(|| b.get(k)).map(&describe).unwrap_or_else(|| k.clone())
        });
        // The order of the items both sides kept: theirs when only they reordered, else mine. The other
        // side's new items follow the item they follow there.
        let order = |items: &[T]| -> Vec<String> {
            items.iter().map(&id).filter(|k| b.contains_key(k) && m.contains_key(k) && t.contains_key(k)).collect()
        };
        let (ob, om, ot) = (order(base), order(mine), order(theirs));
        if om != ob && ot != ob && om != ot {
            self.conflicts.push(format!("both tabs changed the order of the {what}"));
        }
        let (first, second) = if om == ob && ot != ob { (theirs, mine) } else { (mine, theirs) };
        let in_first: BTreeSet<String> = first.iter().map(&id).collect();
        let mut after: HashMap<Option<String>, Vec<String>> = HashMap::new();
        let mut anchor = None;
        for x in second {
            let k = id(x);
            if in_first.contains(&k) {
                anchor = Some(k);
            } else {
                after.entry(anchor.clone()).or_default().push(k);
            }
        }
        let mut ids: Vec<String> = after.remove(&None).unwrap_or_default();
        for x in first {
            let k = id(x);
            let follow = after.remove(&Some(k.clone())).unwrap_or_default();
            ids.push(k);
            ids.extend(follow);
        }
        ids.into_iter().filter_map(|k| merged.get(&k).cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::example::example_workspace;
    use crate::domain::{Command, PersonFields};

    fn edit(ws: &Workspace, cmds: Vec<Command>) -> Workspace {
        let mut w = ws.clone();
        for c in cmds {
            w.apply(c).unwrap();
        }
        w
    }

    #[test]
    fn a_rename_here_and_a_new_person_there_merge() {
        let base = example_workspace();
        let mine = edit(&base, vec![Command::SetWorkspaceName("Renamed in tab A".into())]);
        let fields = PersonFields { name: "New in B".into(), role: base.roles[0].id.clone(), team: String::new(), start_date: None };
        let theirs = edit(&base, vec![Command::AddPerson { fields }]);
        let m = merge(&base, &mine, &theirs).unwrap();
        assert_eq!(m.workspace.name, "Renamed in tab A");
        assert!(m.workspace.people.iter().any(|p| p.name == "New in B"));
        assert_eq!((m.mine, m.theirs), (1, 1));
        // Symmetric in content.
        assert_eq!(merge(&base, &theirs, &mine).unwrap().workspace, m.workspace);
    }

    #[test]
    fn two_people_added_at_once_are_both_kept() {
        let base = example_workspace();
        let add = |name: &str| {
            let fields = PersonFields { name: name.into(), role: base.roles[0].id.clone(), team: String::new(), start_date: None };
            edit(&base, vec![Command::AddPerson { fields }])
        };
        let (mine, theirs) = (add("Ann"), add("Ben"));
        assert_eq!(mine.people.last().unwrap().id, theirs.people.last().unwrap().id, "the same minted id");
        let m = merge(&base, &mine, &theirs).unwrap().workspace;
        assert_eq!(m.people.len(), base.people.len() + 2);
        m.validate().unwrap();
    }

    #[test]
    fn the_same_item_changed_differently_is_a_conflict() {
        let base = example_workspace();
        let mine = edit(&base, vec![Command::SetWorkspaceName("A".into())]);
        let theirs = edit(&base, vec![Command::SetWorkspaceName("B".into())]);
        assert_eq!(merge(&base, &mine, &theirs).unwrap_err(), vec!["both tabs changed the workspace's name".to_string()]);
        // The same change on both sides is no conflict.
        assert_eq!(merge(&base, &mine, &mine).unwrap().workspace, mine);
    }

    #[test]
    fn a_merge_that_would_be_invalid_is_refused() {
        let mut base = example_workspace();
        let role = RoleId(
            base.apply(Command::AddRole { name: "Empty role".into(), team: String::new(), contact: ContactLevel::Low })
                .unwrap()
                .created
                .unwrap(),
        );
        let mine = edit(&base, vec![Command::DeleteRole { id: role.clone() }]);
        let fields = PersonFields { name: "Cy".into(), role, team: String::new(), start_date: None };
        let theirs = edit(&base, vec![Command::AddPerson { fields }]);
        let e = merge(&base, &mine, &theirs).unwrap_err();
        assert!(e[0].starts_with("together the edits would not make a valid workspace"), "{e:?}");
    }
}
