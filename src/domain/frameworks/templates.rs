//! Role templates for service work, from O*NET occupations: offered when a trainer adds a role ("Start
//! from an O*NET occupation"). Only the trainer's Roles page reaches this module; the learner's pages never
//! do, so none of it is needed in their code path.
//!
//! A template is an O*NET-SOC occupation. Its role profile comes from O*NET's Skills, Knowledge and
//! Abilities ratings of that occupation (Importance and Level), read and rescaled exactly as an O*NET file
//! import ([`super::onet`], [`super::plan`]). The ratings shipped with the build are the rows of
//! `onet_service_occupations.tsv`, in O*NET's own file format, for these five occupations only.
//!
//! **This build ships no ratings** ([`ONET_VERSION`] is `None`, the data file has only its header): O*NET's
//! figures for these occupations could not be obtained when it was made, and Skillgap does not make up
//! numbers that would pass for O*NET's. Until the rows are added (a data-only change: paste the five
//! occupations' rows of O*NET's Skills.txt, Knowledge.txt and Abilities.txt into the file and set the
//! version), the Roles page offers the same templates from the O*NET files the trainer downloads.

use super::{onet, Framework};
use crate::domain::model::ContactLevel;

/// A service occupation offered as a role template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// The O*NET-SOC code.
    pub code: &'static str,
    /// O*NET's title of the occupation, which becomes the role's name.
    pub title: &'static str,
    /// The customer-contact level the role starts with.
    pub contact: ContactLevel,
}

/// The built-in service occupations.
pub const TEMPLATES: [Template; 5] = [
    Template { code: "43-4051.00", title: "Customer Service Representatives", contact: ContactLevel::High },
    Template { code: "43-3071.00", title: "Tellers", contact: ContactLevel::High },
    Template { code: "43-4131.00", title: "Loan Interviewers and Clerks", contact: ContactLevel::High },
    Template { code: "43-1011.00", title: "First-Line Supervisors of Office and Administrative Support Workers", contact: ContactLevel::Medium },
    Template { code: "41-2031.00", title: "Retail Salespersons", contact: ContactLevel::High },
];

/// The O*NET database release the bundled rows come from; `None`: no rows are bundled in this build.
pub const ONET_VERSION: Option<&str> = None;

/// O*NET's required attribution (CC BY 4.0), shown wherever a template or an O*NET import is offered.
pub const ATTRIBUTION: &str = "Role templates and O*NET imports use information from the O*NET database by the U.S. \
    Department of Labor, Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license. \
    O*NET\u{ae} is a trademark of USDOL/ETA. Skillgap has modified all or some of this information (the rescaling to \
    your scale and importance, and the choice of elements); USDOL/ETA has not approved, endorsed, or tested these \
    modifications.";

/// The bundled rows, in O*NET's tab-delimited format.
pub const ROWS: &str = include_str!("onet_service_occupations.tsv");

/// The template with O*NET-SOC code `code`.
pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}

/// The bundled ratings of `t`'s occupation as an O*NET framework, or why there are none.
pub fn bundled(t: &Template) -> Result<Framework, String> {
    let missing = || {
        format!(
            "this build of Skillgap does not include O*NET's ratings for {} ({}): they could not be obtained when it was made. \
             Download the occupation's Skills, Knowledge and Abilities files from O*NET (the database's text files, or the \
             occupation's own) and choose them here; the role profile is made from them.",
            t.title, t.code
        )
    };
    if ROWS.lines().skip(1).all(|l| l.trim().is_empty()) {
        return Err(missing());
    }
    let mut fw = onet::read("the bundled O*NET ratings", ROWS).map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))?;
    fw.profiles.retain(|p| p.code == t.code);
    if fw.profiles.is_empty() {
        return Err(missing());
    }
    Ok(titled(fw, t))
}

/// `fw` with the template's title on its occupation's profile (O*NET's text files carry no titles).
pub fn titled(mut fw: Framework, t: &Template) -> Framework {
    for p in fw.profiles.iter_mut().filter(|p| p.code == t.code) {
        p.title.get_or_insert_with(|| t.title.to_string());
    }
    fw.name = format!("O*NET {} {}", t.code, t.title);
    fw
}
