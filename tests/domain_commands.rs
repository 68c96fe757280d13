//! Unit tests for `Workspace::apply` (every command accepted on good input, refused with the right
//! `DomainError` and no change on bad input) and for `History` (undo, redo, bounded depth).

use std::collections::HashSet;

use skillgap::domain::history::UNDO_DEPTH;
use skillgap::domain::validate::{MAX_NAME, MAX_TEXT};
use skillgap::domain::*;

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

/// Applies `cmd`, expecting success and a still-valid workspace.
#[track_caller]
fn ok(ws: &mut Workspace, cmd: Command) -> Applied {
    let applied = ws.apply(cmd.clone()).unwrap_or_else(|e| panic!("{cmd:?} was refused: {e}"));
    ws.validate().unwrap_or_else(|e| panic!("{cmd:?} left an invalid workspace: {e}"));
    applied
}

/// Applies `cmd`, expecting a refusal that leaves the workspace exactly as it was.
#[track_caller]
fn refused(ws: &mut Workspace, cmd: Command) -> DomainError {
    let before = ws.clone();
    let err = match ws.apply(cmd.clone()) {
        Ok(a) => panic!("{cmd:?} was accepted ({a:?}) but should have been refused"),
        Err(e) => e,
    };
    assert_eq!(*ws, before, "refused command {cmd:?} changed the workspace");
    assert!(!err.to_string().is_empty());
    err
}

fn add_skill(ws: &mut Workspace, name: &str, category: &str) -> SkillId {
    let a = ok(ws, Command::AddSkill { name: name.into(), category: category.into() });
    SkillId(a.created.expect("AddSkill reports the minted id"))
}

fn add_role(ws: &mut Workspace, name: &str) -> RoleId {
    let a = ok(ws, Command::AddRole { name: name.into(), team: "Branch".into(), contact: ContactLevel::High });
    RoleId(a.created.expect("AddRole reports the minted id"))
}

fn person_fields(name: &str, role: &RoleId) -> PersonFields {
    PersonFields { name: name.into(), role: role.clone(), team: String::new(), start_date: None }
}

fn add_person(ws: &mut Workspace, name: &str, role: &RoleId) -> PersonId {
    let a = ok(ws, Command::AddPerson { fields: person_fields(name, role) });
    PersonId(a.created.expect("AddPerson reports the minted id"))
}

fn req(level: Level, importance: Importance) -> Option<Requirement> {
    Some(Requirement { level, importance })
}

fn rating(person: &PersonId, skill: &SkillId, source: Source, level: Option<Level>, date: &str) -> Rating {
    Rating { person: person.clone(), skill: skill.clone(), source, level, date: date.into(), note: String::new() }
}

/// A small workspace: two skills, two roles, one person, one requirement.
struct Fixture {
    ws: Workspace,
    listening: SkillId,
    complaints: SkillId,
    teller: RoleId,
    back_office: RoleId,
    ann: PersonId,
}

fn fixture() -> Fixture {
    let mut ws = Workspace::empty("Test bank");
    let listening = add_skill(&mut ws, "Listening", "Communication");
    let complaints = add_skill(&mut ws, "Complaint handling", "Recovery");
    let teller = add_role(&mut ws, "Teller");
    let back_office = add_role(&mut ws, "Back office");
    let ann = add_person(&mut ws, "Ann", &teller);
    ok(&mut ws, Command::SetRequirement { role: teller.clone(), skill: listening.clone(), requirement: req(2, 3) });
    Fixture { ws, listening, complaints, teller, back_office, ann }
}

/// The fixture with ratings added (no command adds ratings; they arrive by import or Replace).
fn fixture_with_ratings() -> Fixture {
    let mut f = fixture();
    let mut next = f.ws.clone();
    next.ratings.push(rating(&f.ann, &f.listening, Source::SelfRating, Some(3), "2025-01-10"));
    next.ratings.push(rating(&f.ann, &f.listening, Source::Trainer, Some(2), "2025-01-10"));
    next.ratings.push(rating(&f.ann, &f.complaints, Source::Agreed, None, "2025-01-11"));
    ok(&mut f.ws, Command::Replace(Box::new(next)));
    f
}

fn role_fields(ws: &Workspace, id: &RoleId) -> RoleFields {
    RoleFields::of(ws.role(id).unwrap())
}

fn skill_fields(ws: &Workspace, id: &SkillId) -> SkillFields {
    SkillFields::of(ws.skill(id).unwrap())
}

fn blank_names() -> [&'static str; 4] {
    ["", " ", "   \t ", "\n"]
}

// ---------------------------------------------------------------------------------------------------------
// Workspace name and currency
// ---------------------------------------------------------------------------------------------------------

#[test]
fn set_workspace_name_trims_and_accepts() {
    let mut ws = Workspace::empty("Old");
    ok(&mut ws, Command::SetWorkspaceName("  New name  ".into()));
    assert_eq!(ws.name, "New name");
    ok(&mut ws, Command::SetWorkspaceName("x".repeat(MAX_NAME)));
    assert_eq!(ws.name.chars().count(), MAX_NAME);
}

#[test]
fn set_workspace_name_refuses_blank_and_too_long() {
    let mut ws = Workspace::empty("Old");
    for blank in blank_names() {
        let e = refused(&mut ws, Command::SetWorkspaceName(blank.into()));
        assert_eq!(e, DomainError::EmptyName { what: "workspace" });
    }
    let e = refused(&mut ws, Command::SetWorkspaceName("é".repeat(MAX_NAME + 1)));
    assert_eq!(e, DomainError::NameTooLong { what: "workspace", max: MAX_NAME });
}

#[test]
fn set_currency_normalises_and_refuses_non_codes() {
    let mut ws = Workspace::empty("W");
    ok(&mut ws, Command::SetCurrency(" eur ".into()));
    assert_eq!(ws.currency, "EUR");
    for bad in ["", "EU", "EURO", "E1R", "€€€", "A B"] {
        let e = refused(&mut ws, Command::SetCurrency(bad.into()));
        assert!(matches!(e, DomainError::Invalid(_)), "{bad:?} gave {e:?}");
    }
    assert_eq!(ws.currency, "EUR");
}

// ---------------------------------------------------------------------------------------------------------
// Scale
// ---------------------------------------------------------------------------------------------------------

#[test]
fn set_scale_label_accepts_and_refuses() {
    let mut ws = Workspace::empty("W");
    ok(&mut ws, Command::SetScaleLabel { level: 0, label: "  None  ".into() });
    assert_eq!(ws.scale.labels[0], "None");
    // Re-casing a label in place is not a duplicate of itself.
    ok(&mut ws, Command::SetScaleLabel { level: 1, label: "AWARE".into() });
    assert_eq!(ws.scale.labels[1], "AWARE");

    let max = ws.scale.max_level();
    let e = refused(&mut ws, Command::SetScaleLabel { level: max + 1, label: "Beyond".into() });
    assert_eq!(e, DomainError::LevelOffScale { level: max + 1, max });
    let e = refused(&mut ws, Command::SetScaleLabel { level: 2, label: "  ".into() });
    assert_eq!(e, DomainError::EmptyName { what: "scale level" });
    let e = refused(&mut ws, Command::SetScaleLabel { level: 2, label: "none".into() });
    assert!(matches!(e, DomainError::DuplicateName { what: "scale level", .. }), "{e:?}");
}

#[test]
fn add_scale_level_up_to_ten_then_refused() {
    let mut ws = Workspace::empty("W");
    let start = ws.scale.labels.len();
    assert!(start < Scale::MAX_LEVELS);
    for i in start..Scale::MAX_LEVELS {
        ok(&mut ws, Command::AddScaleLevel { label: format!("Level {i}") });
        assert_eq!(ws.scale.labels.len(), i + 1);
    }
    assert_eq!(ws.scale.labels.len(), 10);
    assert_eq!(ws.scale.max_level(), 9);
    let e = refused(&mut ws, Command::AddScaleLevel { label: "Eleventh".into() });
    assert_eq!(e, DomainError::ScaleSize { min: Scale::MIN_LEVELS, max: Scale::MAX_LEVELS });
}

#[test]
fn add_scale_level_refuses_blank_and_duplicate_labels() {
    let mut ws = Workspace::empty("W");
    let e = refused(&mut ws, Command::AddScaleLevel { label: " ".into() });
    assert_eq!(e, DomainError::EmptyName { what: "scale level" });
    let existing = ws.scale.labels[2].to_uppercase();
    let e = refused(&mut ws, Command::AddScaleLevel { label: existing });
    assert!(matches!(e, DomainError::DuplicateName { what: "scale level", .. }), "{e:?}");
}

#[test]
fn remove_top_scale_level_down_to_two_then_refused() {
    let mut ws = Workspace::empty("W");
    while ws.scale.labels.len() > Scale::MIN_LEVELS {
        let n = ws.scale.labels.len();
        ok(&mut ws, Command::RemoveTopScaleLevel);
        assert_eq!(ws.scale.labels.len(), n - 1);
    }
    let e = refused(&mut ws, Command::RemoveTopScaleLevel);
    assert_eq!(e, DomainError::ScaleSize { min: Scale::MIN_LEVELS, max: Scale::MAX_LEVELS });
}

#[test]
fn remove_top_scale_level_refused_while_a_requirement_uses_it_then_accepted_after_lowering() {
    let mut f = fixture();
    let top = f.ws.scale.max_level();
    let top_label = f.ws.scale.label(top).to_string();
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.teller.clone(), skill: f.listening.clone(), requirement: req(top, 5) },
    );

    let e = refused(&mut f.ws, Command::RemoveTopScaleLevel);
    match &e {
        DomainError::LevelInUse { level, label, uses } => {
            assert_eq!(*level, top);
            assert_eq!(*label, top_label);
            assert!(uses.contains("1 role requirement"), "{uses}");
        }
        other => panic!("expected LevelInUse, got {other:?}"),
    }
    assert!(e.to_string().contains(&top_label), "{e}");

    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.teller.clone(), skill: f.listening.clone(), requirement: req(top - 1, 5) },
    );
    ok(&mut f.ws, Command::RemoveTopScaleLevel);
    assert_eq!(f.ws.scale.max_level(), top - 1);
    assert_eq!(f.ws.role(&f.teller).unwrap().requirements[&f.listening].level, top - 1);
}

#[test]
fn remove_top_scale_level_refused_while_a_rating_uses_it() {
    let mut f = fixture_with_ratings();
    // Ann's self rating is 3; make the scale 0–3 first so 3 is the top.
    let mut next = f.ws.clone();
    next.scale.labels.truncate(4);
    ok(&mut f.ws, Command::Replace(Box::new(next)));
    let e = refused(&mut f.ws, Command::RemoveTopScaleLevel);
    match e {
        DomainError::LevelInUse { level: 3, uses, .. } => assert!(uses.contains("1 rating"), "{uses}"),
        other => panic!("expected LevelInUse for level 3, got {other:?}"),
    }
}

#[test]
fn remove_top_scale_level_drops_level_texts_beyond_the_scale() {
    let mut f = fixture();
    let top = f.ws.scale.max_level();
    ok(&mut f.ws, Command::SetLevelText { id: f.listening.clone(), level: 0, text: "Starts".into() });
    ok(&mut f.ws, Command::SetLevelText { id: f.listening.clone(), level: top, text: "Coaches others".into() });
    assert_eq!(f.ws.skill(&f.listening).unwrap().level_texts.len(), top as usize + 1);
    ok(&mut f.ws, Command::RemoveTopScaleLevel);
    let s = f.ws.skill(&f.listening).unwrap();
    assert!(s.level_texts.len() <= f.ws.scale.labels.len());
    assert_eq!(s.level_text(0), "Starts");
    assert!(!s.level_texts.iter().any(|t| t == "Coaches others"));
}

// ---------------------------------------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------------------------------------

#[test]
fn add_skill_accepts_trims_and_reports_id() {
    let mut ws = Workspace::empty("W");
    let a = ok(&mut ws, Command::AddSkill { name: "  Listening ".into(), category: " Communication ".into() });
    let id = SkillId(a.created.unwrap());
    let s = ws.skill(&id).unwrap();
    assert_eq!(s.name, "Listening");
    assert_eq!(s.category, "Communication");
    assert_eq!(s.servqual, ServqualWeights::default());
    assert!(s.level_texts.is_empty());
    assert_eq!(ws.skills.len(), 1);
}

#[test]
fn add_skill_refuses_blank_names_and_categories() {
    let mut ws = Workspace::empty("W");
    for blank in blank_names() {
        let e = refused(&mut ws, Command::AddSkill { name: blank.into(), category: "C".into() });
        assert_eq!(e, DomainError::EmptyName { what: "skill" });
        let e = refused(&mut ws, Command::AddSkill { name: "Skill".into(), category: blank.into() });
        assert_eq!(e, DomainError::EmptyName { what: "category" });
    }
    let e = refused(&mut ws, Command::AddSkill { name: "n".repeat(MAX_NAME + 1), category: "C".into() });
    assert_eq!(e, DomainError::NameTooLong { what: "skill", max: MAX_NAME });
}

#[test]
fn add_skill_refuses_duplicate_names_case_insensitively() {
    let mut f = fixture();
    for dup in ["Listening", "listening", "LISTENING", "  lIsTeNiNg  "] {
        let e = refused(&mut f.ws, Command::AddSkill { name: dup.into(), category: "Other".into() });
        assert_eq!(e, DomainError::DuplicateName { what: "skill", name: dup.trim().to_string() });
    }
}

#[test]
fn update_skill_accepts_and_refuses() {
    let mut f = fixture();
    let mut fields = skill_fields(&f.ws, &f.listening);
    fields.name = "LISTENING".into(); // re-casing its own name is fine
    fields.description = "  Hears the customer out.  ".into();
    ok(&mut f.ws, Command::UpdateSkill { id: f.listening.clone(), fields: fields.clone() });
    let s = f.ws.skill(&f.listening).unwrap();
    assert_eq!(s.name, "LISTENING");
    assert_eq!(s.description, "Hears the customer out.");

    let mut dup = fields.clone();
    dup.name = "complaint HANDLING".into();
    let e = refused(&mut f.ws, Command::UpdateSkill { id: f.listening.clone(), fields: dup });
    assert!(matches!(e, DomainError::DuplicateName { what: "skill", .. }), "{e:?}");

    let mut blank = fields.clone();
    blank.name = "  ".into();
    let e = refused(&mut f.ws, Command::UpdateSkill { id: f.listening.clone(), fields: blank });
    assert_eq!(e, DomainError::EmptyName { what: "skill" });

    let mut blank_cat = fields.clone();
    blank_cat.category = "".into();
    let e = refused(&mut f.ws, Command::UpdateSkill { id: f.listening.clone(), fields: blank_cat });
    assert_eq!(e, DomainError::EmptyName { what: "category" });

    let mut long = fields.clone();
    long.description = "d".repeat(MAX_TEXT + 1);
    let e = refused(&mut f.ws, Command::UpdateSkill { id: f.listening.clone(), fields: long });
    assert!(matches!(e, DomainError::Invalid(_)), "{e:?}");

    let mut fresh = fields;
    fresh.name = "Brand new".into();
    let e = refused(&mut f.ws, Command::UpdateSkill { id: SkillId::from("s999"), fields: fresh });
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "s999".into() });
}

#[test]
fn set_skill_weight_accepts_zero_to_three_and_refuses_four() {
    let mut f = fixture();
    for d in Dimension::ALL {
        for w in 0..=MAX_SERVQUAL_WEIGHT {
            ok(&mut f.ws, Command::SetSkillWeight { id: f.listening.clone(), dimension: d, weight: w });
            assert_eq!(f.ws.skill(&f.listening).unwrap().servqual.get(d), w);
        }
    }
    for w in [4, 5, u8::MAX] {
        let e = refused(
            &mut f.ws,
            Command::SetSkillWeight { id: f.listening.clone(), dimension: Dimension::Empathy, weight: w },
        );
        assert_eq!(e, DomainError::WeightOutOfRange(w));
    }
    let e = refused(
        &mut f.ws,
        Command::SetSkillWeight { id: SkillId::from("nope"), dimension: Dimension::Empathy, weight: 1 },
    );
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "nope".into() });
}

#[test]
fn set_level_text_sets_and_trims_trailing_empty_texts() {
    let mut f = fixture();
    let id = f.listening.clone();
    let texts = |ws: &Workspace| ws.skill(&id).unwrap().level_texts.clone();

    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 3, text: "  Handles most cases  ".into() });
    assert_eq!(texts(&f.ws), vec!["", "", "", "Handles most cases"]);

    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 1, text: "Knows the basics".into() });
    assert_eq!(texts(&f.ws), vec!["", "Knows the basics", "", "Handles most cases"]);

    // Clearing the last text drops it and every empty text before it.
    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 3, text: "   ".into() });
    assert_eq!(texts(&f.ws), vec!["", "Knows the basics"]);

    // Clearing a text in the middle keeps later ones.
    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 2, text: "Developing".into() });
    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 1, text: "".into() });
    assert_eq!(texts(&f.ws), vec!["", "", "Developing"]);

    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 2, text: "".into() });
    assert!(texts(&f.ws).is_empty());

    // Setting an empty text beyond the stored ones leaves no trailing empties behind.
    ok(&mut f.ws, Command::SetLevelText { id: id.clone(), level: 4, text: "".into() });
    assert!(texts(&f.ws).is_empty());
}

#[test]
fn set_level_text_refuses_off_scale_unknown_and_too_long() {
    let mut f = fixture();
    let max = f.ws.scale.max_level();
    let e = refused(&mut f.ws, Command::SetLevelText { id: f.listening.clone(), level: max + 1, text: "x".into() });
    assert_eq!(e, DomainError::LevelOffScale { level: max + 1, max });
    let e = refused(&mut f.ws, Command::SetLevelText { id: SkillId::from("s999"), level: 0, text: "x".into() });
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "s999".into() });
    let e =
        refused(&mut f.ws, Command::SetLevelText { id: f.listening.clone(), level: 0, text: "t".repeat(MAX_TEXT + 1) });
    assert!(matches!(e, DomainError::Invalid(_)), "{e:?}");
}

#[test]
fn move_skill_moves_and_is_a_no_op_at_the_ends() {
    let mut f = fixture();
    let third = add_skill(&mut f.ws, "Empathy", "Communication");
    let order = |ws: &Workspace| ws.skills.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(order(&f.ws), vec![f.listening.clone(), f.complaints.clone(), third.clone()]);

    let before = f.ws.clone();
    ok(&mut f.ws, Command::MoveSkill { id: f.listening.clone(), up: true });
    assert_eq!(f.ws, before, "moving the first skill up changes nothing");
    ok(&mut f.ws, Command::MoveSkill { id: third.clone(), up: false });
    assert_eq!(f.ws, before, "moving the last skill down changes nothing");

    ok(&mut f.ws, Command::MoveSkill { id: f.complaints.clone(), up: true });
    assert_eq!(order(&f.ws), vec![f.complaints.clone(), f.listening.clone(), third.clone()]);
    ok(&mut f.ws, Command::MoveSkill { id: f.complaints.clone(), up: false });
    ok(&mut f.ws, Command::MoveSkill { id: f.complaints.clone(), up: false });
    assert_eq!(order(&f.ws), vec![f.listening.clone(), third.clone(), f.complaints.clone()]);

    let e = refused(&mut f.ws, Command::MoveSkill { id: SkillId::from("ghost"), up: true });
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "ghost".into() });
}

#[test]
fn delete_skill_cascades_requirements_and_ratings() {
    let mut f = fixture_with_ratings();
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.back_office.clone(), skill: f.listening.clone(), requirement: req(1, 1) },
    );
    assert_eq!(f.ws.roles_requiring(&f.listening), 2);
    assert_eq!(f.ws.ratings.iter().filter(|r| r.skill == f.listening).count(), 2);

    ok(&mut f.ws, Command::DeleteSkill { id: f.listening.clone() });
    assert!(f.ws.skill(&f.listening).is_none());
    assert_eq!(f.ws.roles_requiring(&f.listening), 0);
    assert!(f.ws.roles.iter().all(|r| !r.requirements.contains_key(&f.listening)));
    assert!(f.ws.ratings.iter().all(|r| r.skill != f.listening));
    // The other skill's rating survives.
    assert_eq!(f.ws.ratings.len(), 1);
    assert_eq!(f.ws.ratings[0].skill, f.complaints);

    let e = refused(&mut f.ws, Command::DeleteSkill { id: f.listening.clone() });
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: f.listening.0.clone() });
}

// ---------------------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------------------

#[test]
fn add_role_accepts_with_defaults() {
    let mut ws = Workspace::empty("W");
    let a = ok(
        &mut ws,
        Command::AddRole {
            name: " Call centre agent ".into(),
            team: " Contact ".into(),
            contact: ContactLevel::Medium,
        },
    );
    let id = RoleId(a.created.unwrap());
    let r = ws.role(&id).unwrap();
    assert_eq!(r.name, "Call centre agent");
    assert_eq!(r.team, "Contact");
    assert_eq!(r.contact, ContactLevel::Medium);
    assert!(r.requirements.is_empty());
    assert!(r.headcount <= skillgap::domain::command::MAX_HEADCOUNT);
}

#[test]
fn add_role_refuses_blank_and_duplicate_names() {
    let mut f = fixture();
    for blank in blank_names() {
        let e =
            refused(&mut f.ws, Command::AddRole { name: blank.into(), team: "".into(), contact: ContactLevel::Low });
        assert_eq!(e, DomainError::EmptyName { what: "role" });
    }
    for dup in ["Teller", "teller", "TELLER", " tElLeR "] {
        let e = refused(&mut f.ws, Command::AddRole { name: dup.into(), team: "".into(), contact: ContactLevel::Low });
        assert_eq!(e, DomainError::DuplicateName { what: "role", name: dup.trim().to_string() });
    }
}

#[test]
fn update_role_accepts_good_numbers_including_the_limits() {
    let mut f = fixture();
    let mut fields = role_fields(&f.ws, &f.teller);
    fields.name = "Senior teller".into();
    fields.headcount = 1_000_000;
    fields.annual_turnover = 3.0;
    fields.salary = 100_000_000.0;
    fields.contact = ContactLevel::Low;
    ok(&mut f.ws, Command::UpdateRole { id: f.teller.clone(), fields: fields.clone() });
    assert_eq!(role_fields(&f.ws, &f.teller), fields);

    fields.headcount = 0;
    fields.annual_turnover = 0.0;
    fields.salary = 0.0;
    ok(&mut f.ws, Command::UpdateRole { id: f.teller.clone(), fields: fields.clone() });
    assert_eq!(role_fields(&f.ws, &f.teller), fields);
    // The profile survives an update of the header.
    assert_eq!(f.ws.role(&f.teller).unwrap().requirements.len(), 1);
}

#[test]
fn update_role_refuses_out_of_range_numbers() {
    let mut f = fixture();
    let good = role_fields(&f.ws, &f.teller);
    let field_of = |e: &DomainError| match e {
        DomainError::OutOfRange { field, .. } => *field,
        other => panic!("expected OutOfRange, got {other:?}"),
    };

    for headcount in [1_000_001, u32::MAX] {
        let e = refused(
            &mut f.ws,
            Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { headcount, ..good.clone() } },
        );
        assert_eq!(field_of(&e), "headcount");
    }
    for annual_turnover in [-0.01, -1.0, f64::NAN, 3.0001, 4.0, f64::INFINITY, f64::NEG_INFINITY] {
        let e = refused(
            &mut f.ws,
            Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { annual_turnover, ..good.clone() } },
        );
        assert_eq!(field_of(&e), "annual turnover", "turnover {annual_turnover}");
    }
    for salary in [-1.0, -0.01, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 100_000_000.5] {
        let e = refused(
            &mut f.ws,
            Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { salary, ..good.clone() } },
        );
        assert_eq!(field_of(&e), "salary", "salary {salary}");
    }
}

#[test]
fn update_role_refuses_bad_names_and_unknown_ids() {
    let mut f = fixture();
    let good = role_fields(&f.ws, &f.teller);
    let e = refused(
        &mut f.ws,
        Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { name: "  ".into(), ..good.clone() } },
    );
    assert_eq!(e, DomainError::EmptyName { what: "role" });
    let e = refused(
        &mut f.ws,
        Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { name: "BACK OFFICE".into(), ..good.clone() } },
    );
    assert!(matches!(e, DomainError::DuplicateName { what: "role", .. }), "{e:?}");
    // Re-casing its own name is fine.
    ok(
        &mut f.ws,
        Command::UpdateRole { id: f.teller.clone(), fields: RoleFields { name: "TELLER".into(), ..good.clone() } },
    );

    let e = refused(
        &mut f.ws,
        Command::UpdateRole { id: RoleId::from("r999"), fields: RoleFields { name: "Unique".into(), ..good } },
    );
    assert_eq!(e, DomainError::UnknownId { what: "role", id: "r999".into() });
}

#[test]
fn delete_role_refused_while_people_hold_it() {
    let mut f = fixture();
    let e = refused(&mut f.ws, Command::DeleteRole { id: f.teller.clone() });
    assert_eq!(e, DomainError::RoleInUse { role: "Teller".into(), count: 1 });
    let msg = e.to_string();
    assert!(msg.contains("1 person"), "{msg}");
    assert!(msg.contains("Teller"), "{msg}");

    let bob = add_person(&mut f.ws, "Bob", &f.teller);
    let e = refused(&mut f.ws, Command::DeleteRole { id: f.teller.clone() });
    assert_eq!(e, DomainError::RoleInUse { role: "Teller".into(), count: 2 });
    assert!(e.to_string().contains("2 people"), "{e}");

    // Move one, delete the other: then the role can go, with its profile.
    let mut moved = person_fields("Bob", &f.back_office);
    moved.team = "Ops".into();
    ok(&mut f.ws, Command::UpdatePerson { id: bob, fields: moved });
    ok(&mut f.ws, Command::DeletePerson { id: f.ann.clone() });
    ok(&mut f.ws, Command::DeleteRole { id: f.teller.clone() });
    assert!(f.ws.role(&f.teller).is_none());
    assert_eq!(f.ws.roles.len(), 1);

    let e = refused(&mut f.ws, Command::DeleteRole { id: f.teller.clone() });
    assert_eq!(e, DomainError::UnknownId { what: "role", id: f.teller.0.clone() });
}

#[test]
fn set_requirement_sets_and_clears() {
    let mut f = fixture();
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.back_office.clone(), skill: f.complaints.clone(), requirement: req(4, 5) },
    );
    assert_eq!(f.ws.role(&f.back_office).unwrap().requirements[&f.complaints], Requirement { level: 4, importance: 5 });
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.back_office.clone(), skill: f.complaints.clone(), requirement: req(0, 1) },
    );
    assert_eq!(f.ws.role(&f.back_office).unwrap().requirements[&f.complaints], Requirement { level: 0, importance: 1 });
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.back_office.clone(), skill: f.complaints.clone(), requirement: None },
    );
    assert!(f.ws.role(&f.back_office).unwrap().requirements.is_empty());
    // Clearing an absent requirement is accepted and changes nothing.
    let before = f.ws.clone();
    ok(
        &mut f.ws,
        Command::SetRequirement { role: f.back_office.clone(), skill: f.complaints.clone(), requirement: None },
    );
    assert_eq!(f.ws, before);
}

#[test]
fn set_requirement_refuses_bad_levels_importances_and_ids() {
    let mut f = fixture();
    let max = f.ws.scale.max_level();
    for level in [max + 1, 10, u8::MAX] {
        let e = refused(
            &mut f.ws,
            Command::SetRequirement { role: f.teller.clone(), skill: f.complaints.clone(), requirement: req(level, 3) },
        );
        assert_eq!(e, DomainError::LevelOffScale { level, max });
    }
    for importance in [0, 6, u8::MAX] {
        let e = refused(
            &mut f.ws,
            Command::SetRequirement {
                role: f.teller.clone(),
                skill: f.complaints.clone(),
                requirement: req(1, importance),
            },
        );
        assert_eq!(e, DomainError::ImportanceOutOfRange(importance));
    }
    let e = refused(
        &mut f.ws,
        Command::SetRequirement { role: RoleId::from("r404"), skill: f.complaints.clone(), requirement: req(1, 3) },
    );
    assert_eq!(e, DomainError::UnknownId { what: "role", id: "r404".into() });
    let e = refused(
        &mut f.ws,
        Command::SetRequirement { role: f.teller.clone(), skill: SkillId::from("s404"), requirement: req(1, 3) },
    );
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "s404".into() });
    let e = refused(
        &mut f.ws,
        Command::SetRequirement { role: f.teller.clone(), skill: SkillId::from("s404"), requirement: None },
    );
    assert_eq!(e, DomainError::UnknownId { what: "skill", id: "s404".into() });
}

// ---------------------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------------------

#[test]
fn add_person_accepts_and_normalises() {
    let mut f = fixture();
    let fields = PersonFields {
        name: "  Bea  ".into(),
        role: f.back_office.clone(),
        team: " Ops ".into(),
        start_date: Some(" 2024-02-29 ".into()),
    };
    let id = PersonId(ok(&mut f.ws, Command::AddPerson { fields }).created.unwrap());
    let p = f.ws.person(&id).unwrap();
    assert_eq!(p.name, "Bea");
    assert_eq!(p.team, "Ops");
    assert_eq!(p.role, f.back_office);
    assert_eq!(p.start_date.as_deref(), Some("2024-02-29"));

    let mut blank_date = person_fields("Cy", &f.teller);
    blank_date.start_date = Some("   ".into());
    let id = PersonId(ok(&mut f.ws, Command::AddPerson { fields: blank_date }).created.unwrap());
    assert_eq!(f.ws.person(&id).unwrap().start_date, None);
    assert_eq!(f.ws.people_in_role(&f.teller), 2);
}

#[test]
fn add_person_refuses_bad_dates_names_and_roles() {
    let mut f = fixture();
    for bad in [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "26-01-01",
        "2026/01/01",
        "1899-12-31",
        "2026-1-01",
        "yesterday",
    ] {
        let mut fields = person_fields("Dee", &f.teller);
        fields.start_date = Some(bad.into());
        let e = refused(&mut f.ws, Command::AddPerson { fields });
        assert_eq!(e, DomainError::BadDate { what: "start date", value: bad.into() }, "{bad}");
    }
    for blank in blank_names() {
        let e = refused(&mut f.ws, Command::AddPerson { fields: person_fields(blank, &f.teller) });
        assert_eq!(e, DomainError::EmptyName { what: "person" });
    }
    let e = refused(&mut f.ws, Command::AddPerson { fields: person_fields("Dee", &RoleId::from("r404")) });
    assert_eq!(e, DomainError::UnknownId { what: "role", id: "r404".into() });
}

#[test]
fn people_may_share_names() {
    // People are addressed by id; two people called "Ann" are allowed (nothing says otherwise).
    let mut f = fixture();
    let second = add_person(&mut f.ws, "Ann", &f.teller);
    assert_ne!(second, f.ann);
}

#[test]
fn update_person_accepts_and_refuses() {
    let mut f = fixture();
    let mut fields = person_fields("Ann Lee", &f.back_office);
    fields.start_date = Some("2020-01-31".into());
    ok(&mut f.ws, Command::UpdatePerson { id: f.ann.clone(), fields: fields.clone() });
    let p = f.ws.person(&f.ann).unwrap();
    assert_eq!((p.name.as_str(), &p.role, p.start_date.as_deref()), ("Ann Lee", &f.back_office, Some("2020-01-31")));

    let e = refused(&mut f.ws, Command::UpdatePerson { id: PersonId::from("p404"), fields: fields.clone() });
    assert_eq!(e, DomainError::UnknownId { what: "person", id: "p404".into() });
    let mut bad = fields.clone();
    bad.start_date = Some("2026-02-30".into());
    let e = refused(&mut f.ws, Command::UpdatePerson { id: f.ann.clone(), fields: bad });
    assert!(matches!(e, DomainError::BadDate { .. }), "{e:?}");
    let mut bad = fields;
    bad.role = RoleId::from("r404");
    let e = refused(&mut f.ws, Command::UpdatePerson { id: f.ann.clone(), fields: bad });
    assert_eq!(e, DomainError::UnknownId { what: "role", id: "r404".into() });
}

#[test]
fn delete_person_cascades_ratings() {
    let mut f = fixture_with_ratings();
    let bob = add_person(&mut f.ws, "Bob", &f.teller);
    let mut next = f.ws.clone();
    next.ratings.push(rating(&bob, &f.listening, Source::Agreed, Some(1), "2025-02-01"));
    ok(&mut f.ws, Command::Replace(Box::new(next)));
    assert_eq!(f.ws.ratings.len(), 4);

    ok(&mut f.ws, Command::DeletePerson { id: f.ann.clone() });
    assert!(f.ws.person(&f.ann).is_none());
    assert_eq!(f.ws.ratings.len(), 1);
    assert_eq!(f.ws.ratings[0].person, bob);

    let e = refused(&mut f.ws, Command::DeletePerson { id: f.ann.clone() });
    assert_eq!(e, DomainError::UnknownId { what: "person", id: f.ann.0.clone() });
}

// ---------------------------------------------------------------------------------------------------------
// Ids and Replace
// ---------------------------------------------------------------------------------------------------------

#[test]
fn minted_ids_are_unique_and_never_reused_after_delete() {
    let mut ws = Workspace::empty("W");
    let mut seen: HashSet<String> = HashSet::new();
    let mut fresh = |id: &str| assert!(seen.insert(id.to_string()), "id {id} was minted twice");

    for round in 0..5 {
        let s = add_skill(&mut ws, &format!("Skill {round}"), "C");
        let r = add_role(&mut ws, &format!("Role {round}"));
        let p = add_person(&mut ws, &format!("Person {round}"), &r);
        fresh(s.as_str());
        fresh(r.as_str());
        fresh(p.as_str());
        // Delete everything just made: the next round must still get new ids.
        ok(&mut ws, Command::DeletePerson { id: p });
        ok(&mut ws, Command::DeleteRole { id: r });
        ok(&mut ws, Command::DeleteSkill { id: s });
    }
    assert!(ws.skills.is_empty() && ws.roles.is_empty() && ws.people.is_empty());
}

#[test]
fn minting_skips_ids_already_taken_by_an_imported_workspace() {
    let mut f = fixture();
    // A workspace whose counter lags behind its ids (e.g. hand-edited) must not mint a clash.
    let mut lagging = f.ws.clone();
    lagging.next_id = 1;
    ok(&mut f.ws, Command::Replace(Box::new(lagging)));
    let taken: HashSet<String> =
        f.ws.skills
            .iter()
            .map(|s| s.id.0.clone())
            .chain(f.ws.roles.iter().map(|r| r.id.0.clone()))
            .chain(f.ws.people.iter().map(|p| p.id.0.clone()))
            .collect();
    let s = add_skill(&mut f.ws, "New skill", "C");
    let r = add_role(&mut f.ws, "New role");
    let p = add_person(&mut f.ws, "New person", &r);
    for id in [s.as_str(), r.as_str(), p.as_str()] {
        assert!(!taken.contains(id), "minted {id}, which was already in use");
    }
}

#[test]
fn replace_accepts_a_valid_workspace() {
    let mut f = fixture();
    let other = example_workspace_or_empty();
    ok(&mut f.ws, Command::Replace(Box::new(other.clone())));
    assert_eq!(f.ws, other);
}

fn example_workspace_or_empty() -> Workspace {
    let ex = skillgap::domain::example::example_workspace();
    ex.validate().expect("the example workspace is valid");
    ex
}

#[test]
fn replace_refuses_invalid_workspaces() {
    let f = fixture();
    let mut ws = f.ws.clone();

    let mut dangling = f.ws.clone();
    dangling.roles[1].requirements.insert(SkillId::from("s404"), Requirement { level: 1, importance: 1 });
    refused(&mut ws, Command::Replace(Box::new(dangling)));

    let mut dup_roles = f.ws.clone();
    dup_roles.roles[1].name = "TELLER".into();
    let e = refused(&mut ws, Command::Replace(Box::new(dup_roles)));
    assert!(matches!(e, DomainError::DuplicateName { what: "role", .. }), "{e:?}");

    let mut bad_level = f.ws.clone();
    bad_level.roles[0].requirements.insert(f.complaints.clone(), Requirement { level: 9, importance: 1 });
    refused(&mut ws, Command::Replace(Box::new(bad_level)));

    let mut bad_version = f.ws.clone();
    bad_version.schema_version = SCHEMA_VERSION + 1;
    refused(&mut ws, Command::Replace(Box::new(bad_version)));

    let mut orphan = f.ws.clone();
    orphan.people[0].role = RoleId::from("r404");
    refused(&mut ws, Command::Replace(Box::new(orphan)));

    let mut dup_id = f.ws.clone();
    dup_id.roles[1].id = RoleId(f.listening.0.clone());
    let e = refused(&mut ws, Command::Replace(Box::new(dup_id)));
    assert!(e.to_string().contains(f.listening.as_str()), "{e}");

    let mut bad_turnover = f.ws.clone();
    bad_turnover.roles[0].annual_turnover = f64::NAN;
    refused(&mut ws, Command::Replace(Box::new(bad_turnover)));

    let mut tiny_scale = f.ws.clone();
    tiny_scale.scale.labels.truncate(1);
    refused(&mut ws, Command::Replace(Box::new(tiny_scale)));

    assert_eq!(ws, f.ws);
}

// ---------------------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------------------

fn rename(n: usize) -> Command {
    Command::SetWorkspaceName(format!("Name {n}"))
}

#[test]
fn history_apply_undo_redo() {
    let start = Workspace::empty("Start");
    let mut h = History::new(start.clone());
    assert!(!h.can_undo() && !h.can_redo());
    assert!(!h.undo());
    assert!(!h.redo());

    let created = h.apply(Command::AddSkill { name: "Listening".into(), category: "C".into() }).unwrap().created;
    assert!(created.is_some());
    let after_one = (**h.present()).clone();
    h.apply(rename(1)).unwrap();
    let after_two = (**h.present()).clone();
    assert_eq!(after_two.name, "Name 1");

    assert!(h.undo());
    assert_eq!(**h.present(), after_one);
    assert!(h.can_redo());
    assert!(h.undo());
    assert_eq!(**h.present(), start);
    assert!(!h.can_undo());
    assert!(!h.undo());
    assert_eq!(**h.present(), start);

    assert!(h.redo());
    assert_eq!(**h.present(), after_one);
    assert!(h.redo());
    assert_eq!(**h.present(), after_two);
    assert!(!h.can_redo());
    assert!(!h.redo());
}

#[test]
fn history_undo_depth_is_bounded() {
    let mut h = History::new(Workspace::empty("Start"));
    let extra = 7;
    for n in 0..UNDO_DEPTH + extra {
        h.apply(rename(n)).unwrap();
    }
    let mut undone = 0;
    while h.undo() {
        undone += 1;
        assert!(undone <= UNDO_DEPTH, "undo went past UNDO_DEPTH");
    }
    assert_eq!(undone, UNDO_DEPTH);
    // The oldest reachable state is the one after the first `extra` edits.
    assert_eq!(h.present().name, format!("Name {}", extra - 1));
    let mut redone = 0;
    while h.redo() {
        redone += 1;
    }
    assert_eq!(redone, UNDO_DEPTH);
    assert_eq!(h.present().name, format!("Name {}", UNDO_DEPTH + extra - 1));
}

#[test]
fn history_refused_command_adds_no_history_and_keeps_redo() {
    let start = Workspace::empty("Start");
    let mut h = History::new(start.clone());
    let e = h.apply(Command::SetWorkspaceName("  ".into())).unwrap_err();
    assert_eq!(e, DomainError::EmptyName { what: "workspace" });
    assert!(!h.can_undo());
    assert_eq!(**h.present(), start);

    h.apply(rename(1)).unwrap();
    h.apply(rename(2)).unwrap();
    assert!(h.undo());
    let present = (**h.present()).clone();
    h.apply(Command::DeleteRole { id: RoleId::from("r404") }).unwrap_err();
    assert_eq!(**h.present(), present);
    assert!(h.can_redo(), "a refused command must not clear the redo list");
    assert!(h.undo());
    assert_eq!(**h.present(), start);
    assert!(!h.can_undo(), "the refused commands left undo steps behind");
}

#[test]
fn history_no_op_command_adds_no_history() {
    let mut h = History::new(Workspace::empty("Start"));
    h.apply(Command::AddSkill { name: "Only".into(), category: "C".into() }).unwrap();
    assert!(h.undo());
    assert!(h.redo());
    let id = h.present().skills[0].id.clone();
    let before = h.clone();

    // Each of these is accepted but changes nothing.
    h.apply(Command::SetWorkspaceName("Start".into())).unwrap();
    h.apply(Command::SetWorkspaceName("  Start ".into())).unwrap();
    h.apply(Command::MoveSkill { id: id.clone(), up: true }).unwrap();
    h.apply(Command::MoveSkill { id: id.clone(), up: false }).unwrap();
    h.apply(Command::SetSkillWeight { id, dimension: Dimension::Reliability, weight: 0 }).unwrap();
    h.apply(Command::SetCurrency("aud".into())).unwrap();
    assert_eq!(h, before, "a no-op command changed the history");

    assert!(h.undo());
    assert!(!h.can_undo(), "no-op commands added undo steps");
}

#[test]
fn history_new_edit_clears_redo() {
    let mut h = History::new(Workspace::empty("Start"));
    h.apply(rename(1)).unwrap();
    h.apply(rename(2)).unwrap();
    assert!(h.undo());
    assert!(h.can_redo());
    h.apply(rename(3)).unwrap();
    assert!(!h.can_redo());
    assert!(!h.redo());
    assert_eq!(h.present().name, "Name 3");
    assert!(h.undo());
    assert_eq!(h.present().name, "Name 1");
}

// Regression tests: commands and `validate` must agree on what a duplicate name is, and minting must not
// overflow on any workspace `validate` accepts.

#[test]
fn non_ascii_case_variants_are_duplicates_for_commands_as_for_validate() {
    let mut ws = Workspace::empty("W");
    add_skill(&mut ws, "Écoute", "C");
    let r = ws.apply(Command::AddSkill { name: "écoute".into(), category: "C".into() });
    assert!(ws.validate().is_ok(), "accepted {r:?} but the workspace is now invalid: {:?}", ws.validate());
    assert!(r.is_err(), "\u{201c}écoute\u{201d} duplicates \u{201c}Écoute\u{201d}");

    let mut ws = Workspace::empty("W");
    add_role(&mut ws, "Ärztin");
    let r = ws.apply(Command::AddRole { name: "ärztin".into(), team: "".into(), contact: ContactLevel::High });
    assert!(ws.validate().is_ok(), "accepted {r:?} but the workspace is now invalid: {:?}", ws.validate());

    let mut ws = Workspace::empty("W");
    ok(&mut ws, Command::AddScaleLevel { label: "Über".into() });
    let r = ws.apply(Command::AddScaleLevel { label: "über".into() });
    assert!(ws.validate().is_ok(), "accepted {r:?} but the workspace is now invalid: {:?}", ws.validate());
}

#[test]
fn a_valid_workspace_with_a_huge_next_id_can_still_mint() {
    let mut ws = Workspace::empty("W");
    ws.next_id = u64::MAX;
    if ws.validate().is_ok() {
        let r =
            std::panic::catch_unwind(move || ws.apply(Command::AddSkill { name: "A".into(), category: "C".into() }));
        assert!(r.is_ok(), "AddSkill panicked on a workspace that validate() accepted");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Simulation scenarios
// ---------------------------------------------------------------------------------------------------------

mod scenarios {
    use super::*;
    use skillgap::domain::example::example_workspace;
    use skillgap::domain::sim::{Programme, Scenario, TechSupport};

    fn programme(skills: &[&str], roles: &[&str]) -> Programme {
        Programme {
            name: "Listening lab".into(),
            skills: skills.iter().map(|&s| SkillId::from(s)).collect(),
            roles: roles.iter().map(|&r| RoleId::from(r)).collect(),
            cost_per_participant: 300.0,
            ..Programme::default()
        }
    }

    fn scenario(name: &str) -> Scenario {
        Scenario {
            name: name.into(),
            programmes: vec![programme(&["s-listening"], &["r-branch-advisor"])],
            ..Scenario::default()
        }
    }

    #[test]
    fn add_mints_an_id_update_and_delete_work() {
        let mut ws = example_workspace();
        let before = ws.scenarios.len();
        let id = ok(&mut ws, Command::AddScenario(Box::new(scenario("  Pilot  ")))).created.unwrap();
        let sc = ws.scenarios.last().unwrap().clone();
        assert_eq!((sc.id.as_str(), sc.name.as_str()), (id.as_str(), "Pilot"));
        let mut changed = sc.clone();
        changed.horizon_months = 48;
        ok(&mut ws, Command::UpdateScenario(Box::new(changed)));
        assert_eq!(ws.scenarios.last().unwrap().horizon_months, 48);
        ok(&mut ws, Command::DeleteScenario { id: ScenarioId(id.clone()) });
        assert_eq!(ws.scenarios.len(), before);
        refused(&mut ws, Command::DeleteScenario { id: ScenarioId(id) });
    }

    #[test]
    fn refusals_name_the_field_and_the_programme() {
        let mut ws = example_workspace();
        let taken = ws.scenarios[0].name.to_uppercase();
        let e = refused(&mut ws, Command::AddScenario(Box::new(scenario(&taken))));
        assert!(matches!(e, DomainError::DuplicateName { what: "scenario", .. }), "{e}");

        let mut bad = scenario("Bad");
        bad.programmes[0].skills.push(SkillId::from("s-nope"));
        let e = refused(&mut ws, Command::AddScenario(Box::new(bad))).to_string();
        assert!(e.contains("programme 1") && e.contains("Listening lab") && e.contains("s-nope"), "{e}");

        for (edit, needle) in [
            (Box::new(|s: &mut Scenario| s.horizon_months = 6) as Box<dyn Fn(&mut Scenario)>, "horizon"),
            (Box::new(|s: &mut Scenario| s.runs = 0), "runs"),
            (Box::new(|s: &mut Scenario| s.levers.trust = 1.5), "trust"),
            (Box::new(|s: &mut Scenario| s.programmes[0].adoption_cap = f64::NAN), "adoption cap"),
            (Box::new(|s: &mut Scenario| s.programmes[0].fixed_cost = -1.0), "fixed cost"),
            (Box::new(|s: &mut Scenario| { s.overrides.insert("transfer_0m".into(), 7.0); }), "right after"),
            (Box::new(|s: &mut Scenario| { s.overrides.insert("nonsense".into(), 1.0); }), "nonsense"),
        ] {
            let mut s = ws.scenarios[0].clone();
            edit(&mut s);
            let e = refused(&mut ws, Command::UpdateScenario(Box::new(s))).to_string();
            assert!(e.contains(needle), "{needle}: {e}");
        }
    }

    #[test]
    fn deleting_a_skill_or_role_takes_it_out_of_scenarios() {
        let mut ws = example_workspace();
        let mut s = scenario("Cascade");
        s.programmes[0].skills.push(SkillId::from("s-crm-tools"));
        s.technology.push(TechSupport {
            name: "Prompts".into(),
            role: RoleId::from("r-back-office"),
            skill: SkillId::from("s-crm-tools"),
            required_level: 1,
            ..TechSupport::default()
        });
        let id = ok(&mut ws, Command::AddScenario(Box::new(s))).created.unwrap();
        ok(&mut ws, Command::DeleteSkill { id: SkillId::from("s-crm-tools") });
        let s = ws.scenarios.iter().find(|s| s.id.as_str() == id).unwrap();
        assert_eq!(s.programmes[0].skills, vec![SkillId::from("s-listening")]);
        assert!(s.technology.is_empty());
        // The example's own CRM prompts scenario lost its technology support too, and stays valid.
        assert!(ws.scenarios.iter().all(|s| s.technology.iter().all(|t| t.skill.as_str() != "s-crm-tools")));
    }

    #[test]
    fn warnings_point_out_what_changes_nothing() {
        let ws = example_workspace();
        let mut s = scenario("Warn");
        s.programmes[0].roles.clear();
        s.programmes.push(programme(&["s-presentation"], &["r-contact-centre"]));
        s.programmes[1].start_month = 50;
        let w = s.warnings(&ws).join("\n");
        assert!(w.contains("trains nobody"), "{w}");
        assert!(w.contains("none of its roles requires"), "{w}");
        assert!(w.contains("after the 36-month horizon"), "{w}");
        assert!(!w.contains("salary of 0"), "{w}");
        assert!(ws.scenarios.iter().all(|s| s.warnings(&ws).is_empty()), "the example's scenarios are clean");
        // A role with a new role's salary of 0, trained by a programme, is named once.
        let mut ws = ws;
        ws.roles.iter_mut().find(|r| r.id.as_str() == "r-contact-centre").unwrap().salary = 0.0;
        s.programmes[0].roles = vec![RoleId::from("r-contact-centre")];
        let w = s.warnings(&ws);
        let unpaid: Vec<_> = w.iter().filter(|w| w.contains("salary of 0")).collect();
        assert_eq!(unpaid.len(), 1, "{w:?}");
        assert!(unpaid[0].starts_with("\u{201c}Contact-centre agent\u{201d} has") && unpaid[0].contains(" has a salary of 0"), "{w:?}");
    }
}

#[test]
fn a_starter_scenario_targets_the_top_priorities_and_is_valid() {
    let mut ws = skillgap::domain::example::example_workspace();
    let s = skillgap::domain::sim::Scenario::starter(&ws, "Starter");
    assert_eq!(s.programmes.len(), 1);
    assert_eq!(s.programmes[0].skills.len(), 3);
    assert!(!s.programmes[0].roles.is_empty());
    assert!(s.warnings(&ws).iter().all(|w| !w.contains("trains nobody")));
    ok(&mut ws, Command::AddScenario(Box::new(s)));
    let empty = skillgap::domain::sim::Scenario::starter(&Workspace::empty("x"), "Empty");
    assert!(empty.programmes.is_empty());
}
