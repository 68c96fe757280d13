//! The built-in example workspace: the service organisation of a fictional Australian retail bank.
//!
//! Everything here is invented and labelled as example data. The skills follow the relationship-marketing
//! and internal-marketing literature (listening, product and process knowledge, technology, internal
//! customers, Ballantyne's "code breaking" and "diffusing"); the roles are segmented by level of customer
//! contact; headcounts, turnover and salaries are plausible for the sector, not real figures.
//!
//! The data is written as compact tables. Role profiles and ratings are strings with one character per
//! skill, in library order (see [`SKILLS`]): a digit is a level, `.` means "not required / not rated" and,
//! in ratings only, `-` means "no opportunity to show this skill".

use std::collections::BTreeMap;

use super::model::*;
use super::sim::{Levers, Method, Programme, Scenario, Selection, TechSupport};
use Source::{Agreed as A, SelfRating as S, Trainer as T};

/// Date of the main assessment round.
const MAIN_ROUND: &str = "2026-09-15";
/// Date of the earlier round, held for a few people so that snapshots exist.
const EARLIER_ROUND: &str = "2026-03-10";

struct SkillSpec {
    id: &'static str,
    name: &'static str,
    category: &'static str,
    description: &'static str,
    /// Tangibles, reliability, responsiveness, assurance, empathy.
    servqual: [u8; 5],
    levels: [&'static str; 5],
}

const CUSTOMER: &str = "Customer relationship";
const KNOWLEDGE: &str = "Knowledge & process";
const TECHNOLOGY: &str = "Technology";
const COLLABORATION: &str = "Collaboration";
const PERSONAL: &str = "Personal effectiveness";

/// The skill library, in display order. Profile and rating strings index into this order.
const SKILLS: [SkillSpec; 17] = [
    SkillSpec {
        id: "s-listening",
        name: "Listening and needs discovery",
        category: CUSTOMER,
        description: "Finds out what the customer is really trying to achieve before offering anything: asks \
                      open questions, listens without interrupting and checks understanding.",
        servqual: [0, 1, 2, 2, 3],
        levels: [
            "Moves straight to a product or transaction without asking what the customer needs.",
            "Asks a few scripted questions but often misses the reason behind the request.",
            "Asks open questions and summarises back in routine conversations; loses the thread when rushed.",
            "Consistently uncovers the underlying need, including needs the customer did not mention, and \
             confirms it before acting.",
            "Uncovers needs in complex or emotional conversations and coaches colleagues through observed \
             calls or desk sessions.",
        ],
    },
    SkillSpec {
        id: "s-relationship",
        name: "Relationship building",
        category: CUSTOMER,
        description: "Builds lasting, trusting relationships so that customers come back and bring more of their \
                      banking; treats each contact as part of an ongoing relationship, not a one-off sale.",
        servqual: [0, 2, 1, 2, 3],
        levels: [
            "Treats each contact as a one-off transaction; does not recognise returning customers.",
            "Friendly and polite, but keeps no record of what matters to the customer.",
            "Remembers regular customers and their circumstances; follows up when prompted.",
            "Keeps in touch at the right moments (life events, rate changes, renewals) and is asked for by name.",
            "Manages a portfolio of long-term relationships and helps colleagues plan contact with their own \
             customers.",
        ],
    },
    SkillSpec {
        id: "s-empathy",
        name: "Empathy under pressure",
        category: CUSTOMER,
        description: "Stays calm, respectful and genuinely caring when customers are distressed (hardship, \
                      bereavement, scams, anger) and when the queue is long.",
        servqual: [0, 0, 2, 2, 3],
        levels: [
            "Becomes defensive or curt when a customer is upset.",
            "Stays polite but sticks to process language; customers feel processed rather than heard.",
            "Acknowledges feelings and adapts tone in most difficult conversations; slips under heavy workload.",
            "Remains calm and caring in distressing situations and still gets the customer to a clear next step.",
            "Takes the most sensitive contacts, debriefs colleagues after hard conversations and models the \
             behaviour for the team.",
        ],
    },
    SkillSpec {
        id: "s-complaints",
        name: "Complaint handling and service recovery",
        category: CUSTOMER,
        description: "Turns a service failure into a recovered relationship: owns the complaint, fixes what can be \
                      fixed on the spot, explains the rest and records it so the cause can be removed.",
        servqual: [0, 2, 3, 2, 2],
        levels: [
            "Passes complaints on or argues with the customer; the complaint is not recorded.",
            "Logs complaints and refers them on, but does not take ownership or explain what happens next.",
            "Resolves straightforward complaints at first contact and records them correctly; hands complex ones \
             over with a clear summary.",
            "Owns complaints through to resolution, uses discretion within delegated limits and tells the \
             customer what will happen and when.",
            "Resolves escalated and complex complaints, spots recurring causes and feeds them into process fixes; \
             coaches others in service recovery.",
        ],
    },
    SkillSpec {
        id: "s-communication",
        name: "Clear communication",
        category: CUSTOMER,
        description: "Explains products, fees, decisions and next steps in plain language, spoken and written, and \
                      checks that the customer or colleague has understood.",
        servqual: [1, 2, 1, 3, 2],
        levels: [
            "Uses jargon or incomplete explanations; customers come back confused.",
            "Explains simple matters clearly; relies on brochures and scripts for anything else.",
            "Explains most products and decisions in plain language and writes clear routine emails and notes.",
            "Adapts explanations to the listener, checks understanding and writes case notes a colleague can act \
             on without asking.",
            "Explains complex or unwelcome decisions (declines, fee changes) clearly and kindly; rewrites scripts \
             and templates for others.",
        ],
    },
    SkillSpec {
        id: "s-product-knowledge",
        name: "Product and process knowledge",
        category: KNOWLEDGE,
        description: "Understands how everything the bank does comes together for the customer: products, fees, \
                      eligibility and the processes behind them, from application to settlement.",
        servqual: [0, 3, 1, 3, 1],
        levels: [
            "Knows only the product in front of them; cannot say what happens after the hand-off.",
            "Knows the main everyday products; looks most things up or refers them.",
            "Knows the core products and the usual process steps; needs help with exceptions and less common \
             products.",
            "Explains how products fit together for the customer's situation and what each downstream team will \
             do, with accurate timeframes.",
            "The go-to person for product and process questions; spots where processes let customers down.",
        ],
    },
    SkillSpec {
        id: "s-conduct",
        name: "Responsible banking and conduct",
        category: KNOWLEDGE,
        description: "Acts within the law, the industry code and the bank's policies: verifies identity, checks \
                      suitability and affordability, recognises vulnerability and scams, and puts the customer's \
                      interests first.",
        servqual: [0, 3, 0, 3, 2],
        levels: [
            "Unaware of key obligations such as identity checks, suitability and privacy.",
            "Knows the rules exist and follows checklists, but misses signs of vulnerability or risk.",
            "Applies obligations correctly in routine cases; asks for help when a case is unusual.",
            "Applies obligations confidently in non-routine cases and recognises hardship, vulnerability and scam \
             signs early.",
            "Guides others through grey areas, explains the reasons behind the rules and raises conduct risks \
             with the right team.",
        ],
    },
    SkillSpec {
        id: "s-accuracy",
        name: "Accurate transaction processing",
        category: KNOWLEDGE,
        description: "Processes transactions, applications and account changes right first time, so that customers \
                      and downstream teams do not have to fix errors later.",
        servqual: [0, 3, 1, 2, 0],
        levels: [
            "Makes frequent errors that others have to correct.",
            "Processes simple transactions accurately when a colleague checks the work.",
            "Processes routine work accurately without supervision; error rate within standard.",
            "Processes complex and high-value work right first time and checks own work against source documents.",
            "Near-zero error rate on complex work; designs checks and quick-reference guides that reduce others' \
             errors.",
        ],
    },
    SkillSpec {
        id: "s-crm-tools",
        name: "CRM and digital tools",
        category: TECHNOLOGY,
        description: "Uses the customer relationship management system and core banking tools to see the whole \
                      customer, record every contact and act quickly.",
        servqual: [1, 3, 2, 1, 1],
        levels: [
            "Cannot find a customer's history without help.",
            "Navigates the main screens; records contacts inconsistently.",
            "Records every contact and uses the customer history in routine work; slow on less-used screens.",
            "Uses the whole-of-customer view, alerts and workflows to act quickly and accurately; notes are \
             complete.",
            "Finds efficient ways through the system, trains colleagues on new releases and reports defects \
             clearly.",
        ],
    },
    SkillSpec {
        id: "s-digital-guidance",
        name: "Digital banking guidance",
        category: TECHNOLOGY,
        description: "Helps customers use the app, internet banking and self-service machines with confidence, \
                      including security settings and staying safe from scams.",
        servqual: [2, 1, 2, 2, 1],
        levels: [
            "Avoids digital questions or sends the customer elsewhere.",
            "Can point to the right app feature but cannot walk the customer through it.",
            "Walks customers through common tasks (set-up, transfers, card lock) on their own device.",
            "Resolves most digital problems first time, including security settings, and adapts the pace for \
             less confident customers.",
            "Runs digital-confidence sessions for customers and helps colleagues keep up with new releases.",
        ],
    },
    SkillSpec {
        id: "s-code-breaking",
        name: "Problem solving with colleagues (code breaking)",
        category: COLLABORATION,
        description: "Works with colleagues and specialist teams to crack recurring customer problems and propose \
                      better procedures: the code-breaking stage of Ballantyne's internal marketing cycle.",
        servqual: [0, 2, 2, 1, 1],
        levels: [
            "Works around recurring problems alone and does not raise them.",
            "Raises recurring problems with the team leader but does not help solve them.",
            "Contributes ideas in team problem-solving sessions when asked.",
            "Brings evidence to problem-solving sessions, draws on specialist teams and helps turn a solution \
             into a proposal for approval.",
            "Leads small cross-team problem-solving groups and sees changes through approval into new \
             procedures.",
        ],
    },
    SkillSpec {
        id: "s-internal-customers",
        name: "Cross-functional collaboration with internal customers",
        category: COLLABORATION,
        description: "Treats other teams as internal customers: knows what they need, responds promptly and works \
                      across departmental boundaries to get the right outcome for the external customer.",
        servqual: [0, 2, 3, 1, 1],
        levels: [
            "Sees other teams as obstacles; hands work over incomplete.",
            "Hands work over correctly but answers other teams' queries slowly.",
            "Knows what the main internal customers need and responds within agreed times.",
            "Builds working relationships across departments, anticipates what other teams need and sorts out \
             hand-off problems directly.",
            "Sets up joint ways of working between departments and represents the team in cross-functional \
             projects.",
        ],
    },
    SkillSpec {
        id: "s-knowledge-sharing",
        name: "Knowledge sharing and coaching",
        category: COLLABORATION,
        description: "Passes on what they know and learn (from customers, workshops and fixes) so that it \
                      circulates across teams, and helps others build their skills.",
        servqual: [0, 2, 1, 2, 0],
        levels: [
            "Keeps knowledge to themselves.",
            "Answers colleagues' questions when asked.",
            "Shares useful tips and updates with the team without being asked.",
            "Buddies new starters, gives specific feedback and shares lessons with other teams.",
            "Coaches others systematically against the role profile, runs sessions and checks that the learning \
             is applied on the job.",
        ],
    },
    SkillSpec {
        id: "s-follow-through",
        name: "Follow-through on commitments",
        category: PERSONAL,
        description: "Does what was promised, when it was promised (call-backs, documents, updates), and tells the \
                      customer early if something will be late.",
        servqual: [0, 3, 2, 1, 1],
        levels: [
            "Often forgets commitments; customers have to chase.",
            "Keeps simple same-day promises; longer ones slip.",
            "Keeps most commitments using the diary or task list; occasionally misses an update.",
            "Reliably keeps commitments and warns the customer before a deadline is missed.",
            "Never leaves a customer chasing; sets up team routines that make follow-through the norm.",
        ],
    },
    SkillSpec {
        id: "s-service-mindset",
        name: "Service mindset",
        category: PERSONAL,
        description: "Genuinely wants to help, sees the interaction from the customer's side and looks for the extra \
                      step that makes a difference, within policy.",
        servqual: [1, 1, 3, 1, 2],
        levels: [
            "Does the minimum the task requires.",
            "Helpful when asked, but sticks narrowly to the request.",
            "Looks for ways to help beyond the request in routine interactions.",
            "Consistently goes the extra step, uses discretion within delegated limits and is thanked by \
             customers for it.",
            "Sets the service tone for the team, is nominated for service awards and helps others see the \
             customer's side.",
        ],
    },
    SkillSpec {
        id: "s-presentation",
        name: "Professional presentation",
        category: PERSONAL,
        description: "Presents self, workspace and customer materials professionally: grooming, a tidy desk and \
                      branch, and accurate, current brochures, letters and forms.",
        servqual: [3, 0, 0, 2, 0],
        levels: [
            "Appearance, workspace or materials undermine customers' confidence.",
            "Meets the dress standard; workspace or materials are sometimes untidy or out of date.",
            "Consistently neat and professional; keeps own materials current.",
            "Keeps the shared customer area tidy and stocked and notices when materials or signage are wrong.",
            "Sets the standard for the branch or team and gets presentation problems fixed with the people \
             responsible.",
        ],
    },
    SkillSpec {
        id: "s-time-queue",
        name: "Time and queue management",
        category: PERSONAL,
        description: "Manages own time and the queue (in the branch, on the phone or in a work queue) so that \
                      customers are served promptly without being rushed.",
        servqual: [1, 1, 3, 0, 1],
        levels: [
            "Loses track of waiting customers or work items; deadlines are missed.",
            "Works through the queue in order but cannot adjust when it builds up.",
            "Meets service-level targets on a normal day.",
            "Holds service levels under pressure by triaging, offering self-service where it suits the customer \
             and asking for help early.",
            "Helps plan rosters and workflow for the team and steps in wherever queues build.",
        ],
    },
];

struct RoleSpec {
    id: &'static str,
    name: &'static str,
    team: &'static str,
    headcount: u32,
    annual_turnover: f64,
    salary: f64,
    contact: ContactLevel,
    /// Required level per skill, in library order (`.` = not required).
    levels: &'static str,
    /// Importance per skill, in library order (`.` = not required).
    importance: &'static str,
}

//                            lis rel emp cmp com prd cnd acc crm dig cbk int shr fol mnd prs tim
#[rustfmt::skip]
const ROLES: [RoleSpec; 5] = [
    RoleSpec {
        id: "r-branch-advisor",
        name: "Branch service advisor",
        team: "Retail branch network",
        headcount: 420,
        annual_turnover: 0.24,
        salary: 62_000.0,
        contact: ContactLevel::High,
        levels: "      3   2   3   3   3   3   3   3   2   3   2   2   .   3   3   3   3",
        importance: "  5   3   4   4   4   5   5   4   3   4   2   3   .   5   4   3   4",
    },
    RoleSpec {
        id: "r-contact-centre",
        name: "Contact-centre agent",
        team: "Customer contact centre",
        headcount: 300,
        annual_turnover: 0.38,
        salary: 58_000.0,
        contact: ContactLevel::High,
        levels: "      3   2   3   3   3   3   3   2   4   3   2   2   .   3   3   .   3",
        importance: "  5   2   5   5   5   4   5   3   5   4   3   3   .   5   4   .   5",
    },
    RoleSpec {
        id: "r-relationship-manager",
        name: "Relationship manager",
        team: "Personal and small-business banking",
        headcount: 90,
        annual_turnover: 0.15,
        salary: 105_000.0,
        contact: ContactLevel::High,
        levels: "      4   4   3   3   4   4   4   .   3   2   3   3   2   4   3   3   2",
        importance: "  5   5   3   3   5   5   5   .   4   2   3   4   2   5   3   4   2",
    },
    RoleSpec {
        id: "r-team-leader",
        name: "Team leader",
        team: "Branch and contact-centre leadership",
        headcount: 70,
        annual_turnover: 0.13,
        salary: 88_000.0,
        contact: ContactLevel::Medium,
        levels: "      3   3   3   4   4   3   4   .   3   .   4   3   4   4   4   2   3",
        importance: "  4   3   4   4   4   3   5   .   3   .   5   4   5   4   4   2   4",
    },
    RoleSpec {
        id: "r-back-office",
        name: "Back-office operations officer",
        team: "Operations (lending and payments)",
        headcount: 120,
        annual_turnover: 0.16,
        salary: 65_000.0,
        contact: ContactLevel::Low,
        levels: "      2   .   .   2   3   4   3   4   3   .   3   4   2   4   2   1   3",
        importance: "  3   .   .   2   3   5   4   5   4   .   4   5   3   5   3   1   3",
    },
];

/// Id, name (pseudonym), role, team, start date.
#[rustfmt::skip]
const PEOPLE: [(&str, &str, &str, &str, &str); 18] = [
    ("p-001", "A. Nguyen", "r-branch-advisor", "Parramatta branch", "2019-04-08"),
    ("p-002", "J. Papadopoulos", "r-branch-advisor", "Parramatta branch", "2022-08-15"),
    ("p-003", "M. Kaur", "r-branch-advisor", "Geelong branch", "2017-02-20"),
    ("p-004", "T. O'Brien", "r-branch-advisor", "Geelong branch", "2026-01-12"),
    ("p-005", "S. Haddad", "r-branch-advisor", "Fremantle branch", "2023-05-29"),
    ("p-006", "L. Chen", "r-contact-centre", "Contact centre — Team Blue", "2020-10-05"),
    ("p-007", "R. Walker", "r-contact-centre", "Contact centre — Team Blue", "2025-06-30"),
    ("p-008", "F. Okafor", "r-contact-centre", "Contact centre — Team Gold", "2024-02-19"),
    ("p-009", "D. Rossi", "r-contact-centre", "Contact centre — Team Gold", "2025-11-03"),
    ("p-010", "K. Sato", "r-relationship-manager", "Business banking — Brisbane", "2015-03-16"),
    ("p-011", "E. Murphy", "r-relationship-manager", "Personal banking — Sydney CBD", "2021-09-13"),
    ("p-012", "P. Sharma", "r-relationship-manager", "Business banking — Brisbane", "2023-01-23"),
    ("p-013", "H. Wilson", "r-team-leader", "Parramatta branch", "2012-07-02"),
    ("p-014", "N. Ali", "r-team-leader", "Contact centre — Team Blue", "2018-11-19"),
    ("p-015", "G. Kowalski", "r-team-leader", "Contact centre — Team Gold", "2016-05-09"),
    ("p-016", "B. Tran", "r-back-office", "Lending operations — Melbourne", "2014-09-01"),
    ("p-017", "C. Fernando", "r-back-office", "Payments operations — Melbourne", "2019-02-25"),
    ("p-018", "W. Jackson", "r-back-office", "Lending operations — Melbourne", "2025-08-04"),
];

/// Person, date, source, levels in library order (`.` not rated, `-` no opportunity to show the skill).
#[rustfmt::skip]
const RATINGS: &[(&str, &str, Source, &str)] = &[
    //                                  lis rel emp cmp com prd cnd acc crm dig cbk int shr fol mnd prs tim
    // Branch service advisors.       req 3   2   3   3   3   3   3   3   2   3   2   2   .   3   3   3   3
    ("p-001", EARLIER_ROUND, S, "       3   3   3   2   3   3   3   3   2   3   2   2   .   3   3   3   3"),
    ("p-001", EARLIER_ROUND, T, "       2   3   3   2   2   3   3   3   2   2   2   2   .   3   3   3   3"),
    ("p-001", MAIN_ROUND,    S, "       3   3   3   3   3   3   3   4   3   3   2   2   .   4   4   3   3"),
    ("p-001", MAIN_ROUND,    T, "       3   3   3   2   3   3   3   4   2   3   3   2   .   3   4   3   3"),
    ("p-001", MAIN_ROUND,    A, "       3   3   3   3   3   3   3   4   2   3   3   2   .   3   4   3   3"),
    ("p-002", MAIN_ROUND,    S, "       2   2   3   2   3   2   3   3   3   3   2   1   .   3   3   3   2"),
    ("p-002", MAIN_ROUND,    T, "       2   2   3   2   2   2   3   3   3   4   1   1   .   3   3   3   2"),
    ("p-002", MAIN_ROUND,    A, "       2   2   3   2   3   2   3   3   3   4   1   1   .   3   3   3   2"),
    ("p-003", MAIN_ROUND,    S, "       2   2   3   2   2   3   2   3   2   2   2   2   .   3   3   3   3"),
    ("p-003", MAIN_ROUND,    T, "       3   3   3   3   3   4   4   4   2   3   2   3   .   4   4   3   3"),
    ("p-004", MAIN_ROUND,    S, "       3   2   3   3   3   3   3   2   3   3   2   2   .   3   3   3   2"),
    ("p-004", MAIN_ROUND,    T, "       2   2   2   1   2   1   2   2   2   2   -   1   .   2   3   3   2"),
    ("p-005", MAIN_ROUND,    S, "       3   2   2   3   3   3   3   3   2   -   2   2   .   3   3   3   3"),
    // Contact-centre agents.         req 3   2   3   3   3   3   3   2   4   3   2   2   .   3   3   .   3
    ("p-006", EARLIER_ROUND, S, "       3   2   3   2   3   3   3   2   3   3   2   2   .   3   3   .   3"),
    ("p-006", EARLIER_ROUND, T, "       3   2   2   2   3   3   3   2   3   3   2   2   .   3   3   .   2"),
    ("p-006", MAIN_ROUND,    S, "       3   2   3   3   3   3   3   2   4   3   2   2   .   3   3   .   3"),
    ("p-006", MAIN_ROUND,    T, "       4   2   3   3   3   3   3   2   4   3   3   2   .   3   3   .   3"),
    ("p-006", MAIN_ROUND,    A, "       4   2   3   3   3   3   3   2   4   3   3   2   .   3   3   .   3"),
    ("p-007", MAIN_ROUND,    S, "       3   2   3   2   3   2   3   2   4   3   2   2   .   3   3   .   3"),
    ("p-007", MAIN_ROUND,    T, "       2   2   2   2   2   2   3   2   2   2   1   1   .   2   3   .   2"),
    ("p-008", MAIN_ROUND,    S, "       2   2   3   2   2   2   3   2   3   2   1   1   .   3   3   .   2"),
    ("p-008", MAIN_ROUND,    T, "       3   2   4   3   2   2   3   2   3   2   -   2   .   3   3   .   2"),
    ("p-009", MAIN_ROUND,    S, "       2   2   2   2   2   2   2   2   3   2   1   1   .   3   3   .   2"),
    // Relationship managers.         req 4   4   3   3   4   4   4   .   3   2   3   3   2   4   3   3   2
    ("p-010", EARLIER_ROUND, S, "       4   4   3   3   4   3   4   .   2   2   3   2   3   4   3   4   2"),
    ("p-010", EARLIER_ROUND, T, "       4   4   3   2   3   3   4   .   1   2   3   2   2   4   3   4   2"),
    ("p-010", MAIN_ROUND,    S, "       4   4   3   3   4   4   4   .   2   2   3   3   3   4   3   4   2"),
    ("p-010", MAIN_ROUND,    T, "       4   4   3   3   3   4   4   .   2   2   3   3   3   4   3   4   2"),
    ("p-010", MAIN_ROUND,    A, "       4   4   3   3   4   4   4   .   2   2   3   3   3   4   3   4   2"),
    ("p-011", MAIN_ROUND,    S, "       4   3   3   3   4   3   3   .   3   3   2   2   2   4   3   3   2"),
    ("p-011", MAIN_ROUND,    T, "       3   3   3   3   3   3   3   .   3   3   2   2   1   2   3   3   2"),
    ("p-012", MAIN_ROUND,    S, "       3   3   3   2   3   3   3   .   3   2   3   3   2   3   3   3   2"),
    ("p-012", MAIN_ROUND,    T, "       3   3   3   2   3   3   4   .   4   2   3   4   2   3   3   3   3"),
    // Team leaders.                  req 3   3   3   4   4   3   4   .   3   .   4   3   4   4   4   2   3
    ("p-013", EARLIER_ROUND, S, "       3   3   3   4   3   4   4   .   2   .   3   3   3   4   4   3   3"),
    ("p-013", EARLIER_ROUND, T, "       3   3   3   4   3   4   3   .   2   .   2   3   2   3   4   3   3"),
    ("p-013", MAIN_ROUND,    S, "       3   3   3   4   3   4   4   .   2   .   3   3   3   4   4   3   3"),
    ("p-013", MAIN_ROUND,    T, "       3   3   3   4   3   4   4   .   2   .   3   3   2   4   4   3   3"),
    ("p-013", MAIN_ROUND,    A, "       3   3   3   4   3   4   4   .   2   .   3   3   2   4   4   3   3"),
    ("p-014", MAIN_ROUND,    S, "       3   3   3   3   4   3   4   .   4   .   4   3   4   4   4   2   3"),
    ("p-014", MAIN_ROUND,    T, "       3   3   3   3   3   3   4   .   4   .   4   3   4   3   4   2   4"),
    ("p-015", MAIN_ROUND,    S, "       3   2   3   4   4   3   4   .   3   .   4   4   3   4   4   2   3"),
    ("p-015", MAIN_ROUND,    T, "       3   2   2   3   3   3   4   .   3   .   3   4   3   4   3   2   3"),
    // Back-office operations officers. 2 .   .   2   3   4   3   4   3   .   3   4   2   4   2   1   3
    ("p-016", EARLIER_ROUND, S, "       2   .   .   2   3   4   3   4   2   .   2   3   2   4   2   2   3"),
    ("p-016", EARLIER_ROUND, T, "       2   .   .   2   2   4   3   4   2   .   2   2   2   4   2   2   3"),
    ("p-016", MAIN_ROUND,    S, "       2   .   .   -   3   4   3   4   3   .   3   3   2   4   2   2   3"),
    ("p-016", MAIN_ROUND,    T, "       2   .   .   -   3   4   3   4   3   .   3   3   3   4   3   2   3"),
    ("p-016", MAIN_ROUND,    A, "       2   .   .   -   3   4   3   4   3   .   3   3   3   4   3   2   3"),
    ("p-017", MAIN_ROUND,    S, "       2   .   .   2   3   4   3   4   4   .   3   2   2   4   2   1   3"),
    ("p-017", MAIN_ROUND,    T, "       2   .   .   2   2   4   3   4   3   .   3   2   2   3   2   1   3"),
    ("p-018", MAIN_ROUND,    S, "       1   .   .   -   2   3   2   3   3   .   2   2   1   3   2   1   2"),
];

/// Notes from the assessment conversations: person, skill, source, date, note.
#[rustfmt::skip]
const NOTES: &[(&str, &str, Source, &str, &str)] = &[
    ("p-001", "s-complaints", A, MAIN_ROUND, "Handled two escalations well since the trainer's observation; agreed 3."),
    ("p-001", "s-crm-tools", A, MAIN_ROUND, "Still keeps a paper call-back list; agreed to move it into the CRM."),
    ("p-002", "s-digital-guidance", T, MAIN_ROUND, "Runs the Thursday app set-up sessions for older customers."),
    ("p-003", "s-conduct", T, MAIN_ROUND, "Spotted a likely scam that two colleagues missed; rates herself too low."),
    ("p-004", "s-complaints", S, MAIN_ROUND, "I stay calm with upset customers."),
    (
        "p-004",
        "s-complaints",
        T,
        MAIN_ROUND,
        "Calm, but passes every complaint straight to the team leader; needs the recovery steps and delegated limits.",
    ),
    ("p-004", "s-code-breaking", T, MAIN_ROUND, "Has not yet joined a service-problem workshop."),
    ("p-005", "s-digital-guidance", S, MAIN_ROUND, "The new app has not been rolled out to our branch's customers yet."),
    ("p-006", "s-listening", T, MAIN_ROUND, "Used as the model call in the Team Blue listening session."),
    ("p-007", "s-crm-tools", T, MAIN_ROUND, "Re-keys details instead of using the case history; notes often incomplete."),
    ("p-008", "s-empathy", T, MAIN_ROUND, "Calm and kind on hardship calls; customers ask for F. by name."),
    ("p-008", "s-code-breaking", T, MAIN_ROUND, "On night shift; no workshop slot offered yet."),
    ("p-010", "s-crm-tools", T, MAIN_ROUND, "Keeps client notes in a personal spreadsheet, not in the CRM."),
    ("p-011", "s-follow-through", T, MAIN_ROUND, "Promised call-backs slip when the diary is full."),
    ("p-013", "s-knowledge-sharing", A, MAIN_ROUND, "Tends to fix problems personally instead of coaching the advisor."),
    ("p-016", "s-complaints", T, MAIN_ROUND, "No remediation cases in the lending queue this cycle."),
    (
        "p-017",
        "s-internal-customers",
        T,
        MAIN_ROUND,
        "Answers branch queries by ticket only; branches end up chasing by phone.",
    ),
];

/// Reads one profile or rating string: one entry per skill in library order, whitespace ignored.
/// `Some(Some(level))` for a digit, `Some(None)` for `-`, `None` for `.` (or anything else).
fn cells(s: &str) -> impl Iterator<Item = (&'static str, Option<Option<Level>>)> + '_ {
    SKILLS.iter().map(|k| k.id).zip(s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '-' => Some(None),
        _ => c.to_digit(10).map(|d| Some(d as Level)),
    }))
}

fn requirements(spec: &RoleSpec) -> BTreeMap<SkillId, Requirement> {
    cells(spec.levels)
        .zip(cells(spec.importance))
        .filter_map(|((id, level), (_, importance))| match (level, importance) {
            (Some(Some(level)), Some(Some(importance))) => Some((SkillId::from(id), Requirement { level, importance })),
            _ => None,
        })
        .collect()
}

/// The example workspace shown on first start: a fictional Australian retail bank's service organisation,
/// clearly labelled as example data.
pub fn example_workspace() -> Workspace {
    let skills = SKILLS
        .iter()
        .map(|s| Skill {
            id: SkillId::from(s.id),
            name: s.name.to_string(),
            category: s.category.to_string(),
            description: s.description.to_string(),
            servqual: ServqualWeights::from_array(s.servqual),
            level_texts: s.levels.iter().map(|t| t.to_string()).collect(),
            source: None,
        })
        .collect();

    let roles = ROLES
        .iter()
        .map(|r| Role {
            id: RoleId::from(r.id),
            name: r.name.to_string(),
            team: r.team.to_string(),
            headcount: r.headcount,
            annual_turnover: r.annual_turnover,
            salary: r.salary,
            contact: r.contact,
            requirements: requirements(r),
        })
        .collect();

    let people = PEOPLE
        .iter()
        .map(|&(id, name, role, team, start)| Person {
            id: PersonId::from(id),
            name: name.to_string(),
            role: RoleId::from(role),
            team: team.to_string(),
            start_date: Some(start.to_string()),
        })
        .collect();

    let mut ratings: Vec<Rating> = RATINGS
        .iter()
        .flat_map(|&(person, date, source, levels)| {
            cells(levels).filter_map(move |(skill, cell)| {
                cell.map(|level| Rating {
                    person: PersonId::from(person),
                    skill: SkillId::from(skill),
                    source,
                    level,
                    date: date.to_string(),
                    note: String::new(),
                })
            })
        })
        .collect();
    for &(person, skill, source, date, note) in NOTES {
        if let Some(r) = ratings
            .iter_mut()
            .find(|r| r.person.as_str() == person && r.skill.as_str() == skill && r.source == source && r.date == date)
        {
            r.note = note.to_string();
        }
    }

    Workspace {
        schema_version: SCHEMA_VERSION,
        name: "Example — Harbour Bank retail service (example data)".to_string(),
        currency: "AUD".to_string(),
        is_example: true,
        scale: Scale::default(),
        skills,
        roles,
        people,
        ratings,
        scenarios: example_scenarios(),
        survey: Default::default(),
        next_id: 1000,
    }
}

/// Two scenarios a trainer at the example bank might compare. Costs are plausible, not real.
fn example_scenarios() -> Vec<Scenario> {
    let ids = |v: &[&str]| v.iter().map(|&s| SkillId::from(s)).collect::<Vec<_>>();
    let roles = |v: &[&str]| v.iter().map(|&s| RoleId::from(s)).collect::<Vec<_>>();
    let conversations = Programme {
        name: "Service conversations workshops".to_string(),
        method: Method::Workshop,
        skills: ids(&["s-listening", "s-complaints", "s-communication", "s-follow-through"]),
        roles: roles(&["r-branch-advisor", "r-contact-centre"]),
        start_month: 2,
        duration_months: 8,
        capacity_per_month: 60,
        selection: Selection::LargestGap,
        fixed_cost: 40_000.0,
        cost_per_participant: 450.0,
        hours_per_participant: 14.0,
        ..Programme::default()
    };
    let code_breaking = Programme {
        name: "Code-breaking sessions on real complaints".to_string(),
        method: Method::CodeBreaking,
        skills: ids(&["s-complaints", "s-code-breaking", "s-internal-customers", "s-knowledge-sharing"]),
        roles: roles(&["r-team-leader", "r-back-office", "r-contact-centre"]),
        start_month: 3,
        duration_months: 12,
        capacity_per_month: 30,
        selection: Selection::Volunteers { participation: 0.6 },
        code_breaking: true,
        approval_delay_months: 1,
        fixed_cost: 15_000.0,
        cost_per_participant: 120.0,
        hours_per_participant: 8.0,
        ..Programme::default()
    };
    let crm = TechSupport {
        name: "CRM next-best-action prompts".to_string(),
        role: RoleId::from("r-contact-centre"),
        skill: SkillId::from("s-crm-tools"),
        from_month: 6,
        required_level: 3,
        fixed_cost: 60_000.0,
        monthly_cost: 2_500.0,
    };
    vec![
        Scenario {
            id: ScenarioId::from("sc-workshops"),
            name: "Workshops for front-line advisors".to_string(),
            programmes: vec![conversations],
            ..Scenario::default()
        },
        Scenario {
            id: ScenarioId::from("sc-internal-marketing"),
            name: "Code breaking, recognition and CRM prompts".to_string(),
            programmes: vec![code_breaking],
            technology: vec![crm],
            levers: Levers { recognition: 0.5, communication: 0.5, ..Levers::default() },
            ..Scenario::default()
        },
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn entries(s: &str) -> usize {
        s.chars().filter(|c| !c.is_whitespace()).count()
    }

    #[test]
    fn example_is_valid_and_labelled() {
        let ws = example_workspace();
        assert_eq!(ws.validate(), Ok(()));
        assert!(ws.is_example);
        assert!(ws.name.to_lowercase().contains("example"));
        assert_eq!(ws.currency, "AUD");
        assert_eq!(ws.scale, Scale::default());
    }

    #[test]
    fn tables_have_one_entry_per_skill() {
        for r in &ROLES {
            assert_eq!(entries(r.levels), SKILLS.len(), "{} levels", r.id);
            assert_eq!(entries(r.importance), SKILLS.len(), "{} importance", r.id);
        }
        for (p, d, s, levels) in RATINGS {
            assert_eq!(entries(levels), SKILLS.len(), "{p} {d} {s:?}");
        }
    }

    #[test]
    fn skills_are_complete() {
        let ws = example_workspace();
        assert!(ws.skills.len() >= 15);
        for s in &ws.skills {
            assert_eq!(s.level_texts.len(), 5, "{}", s.name);
            assert!(s.level_texts.iter().all(|t| !t.trim().is_empty()), "{}", s.name);
            assert!(!s.description.trim().is_empty(), "{}", s.name);
            assert!(Dimension::ALL.iter().any(|&d| s.servqual.get(d) > 0), "{}", s.name);
        }
    }

    #[test]
    fn roles_cover_all_contact_levels() {
        let ws = example_workspace();
        assert_eq!(ws.roles.len(), 5);
        for c in ContactLevel::ALL {
            assert!(ws.roles.iter().any(|r| r.contact == c), "{c:?}");
        }
        for r in &ws.roles {
            assert!(r.requirements.len() >= 8, "{}", r.name);
        }
        assert_eq!(ws.total_headcount(), 1000);
    }

    #[test]
    fn people_hold_existing_roles_and_are_rated_on_their_profile() {
        let ws = example_workspace();
        for p in &ws.people {
            let role = ws.role(&p.role).expect("role exists");
            let required: BTreeSet<&SkillId> = role.requirements.keys().collect();
            let rated: BTreeSet<&SkillId> = ws
                .ratings
                .iter()
                .filter(|r| r.person == p.id && r.date == MAIN_ROUND && r.source == Source::SelfRating)
                .map(|r| &r.skill)
                .collect();
            assert_eq!(rated, required, "{}", p.name);
            for r in ws.ratings.iter().filter(|r| r.person == p.id) {
                assert!(required.contains(&r.skill), "{} rated on {}", p.name, r.skill);
            }
        }
    }

    #[test]
    fn ratings_show_the_interesting_cases() {
        let ws = example_workspace();
        assert!(ws.ratings.iter().any(|r| r.level.is_none()));
        assert!(ws.ratings.iter().any(|r| r.source == Source::Agreed));
        assert!(ws.ratings.iter().any(|r| r.date == EARLIER_ROUND));
        // Every note found its rating.
        assert_eq!(ws.ratings.iter().filter(|r| !r.note.is_empty()).count(), NOTES.len());
        // At least two self-vs-trainer gaps of two levels or more (blind spots and hidden strengths).
        let level = |r: &Rating, src: Source| {
            ws.ratings
                .iter()
                .find(|o| o.person == r.person && o.skill == r.skill && o.date == r.date && o.source == src)
                .and_then(|o| o.level)
        };
        let wide = ws
            .ratings
            .iter()
            .filter(|r| r.source == Source::SelfRating)
            .filter(|r| match (r.level, level(r, Source::Trainer)) {
                (Some(s), Some(t)) => s.abs_diff(t) >= 2,
                _ => false,
            })
            .count();
        assert!(wide >= 2, "{wide}");
    }
}
