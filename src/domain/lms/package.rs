//! LMS packages of a learner link: SCORM 1.2 and SCORM 2004 zips (imsmanifest.xml) and cmi5 zips
//! (cmi5.xml, valid against the cmi5 CourseStructure.xsd), each holding the built app's files with the
//! link's code in index.html. [`build_package`] is the one function that makes them: the package command
//! (`src/bin/package.rs`) calls it with files read from `dist/`, the Learner links page with the same files
//! fetched from its own origin, so both give byte-identical zips for the same inputs.
//!
//! Which of the app's files go into a package is decided in one place, [`package_files`]: the files the
//! built index.html loads.

use crate::domain::learner::LearnerAssessment;
use crate::domain::model::{RoleId, Workspace};
use crate::domain::zip::ZipWriter;

use super::scorm::{scaled_text, ScormVersion};

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An XML id (NCName) made from `text`: letters, digits, `-`, `_` and `.` kept, others `-`, starting with
/// a letter.
fn xml_id(prefix: &str, text: &str) -> String {
    let body: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect();
    format!("{prefix}{body}")
}

/// `imsmanifest.xml` for a package of one SCO (`index.html`) listing every file in `files`. `identifier`
/// names the package (made into an XML id); `title` is shown by the LMS; `mastery` (0–100) becomes SCORM
/// 1.2 `adlcp:masteryscore` or a SCORM 2004 primary objective satisfied by a normalized measure of at
/// least mastery / 100 (which the LMS passes to the content as `cmi.scaled_passing_score`).
pub fn scorm_manifest(v: ScormVersion, identifier: &str, title: &str, files: &[String], mastery: Option<u8>) -> String {
    let id = xml_id("skillgap-", identifier);
    let title = xml_escape(title);
    let file_list: String = files.iter().map(|f| format!("      <file href=\"{}\"/>\n", xml_escape(f))).collect();
    // What differs between the versions: namespaces and schema locations, the schema version, how mastery is
    // said, and the spelling of the SCO attribute.
    let (namespaces, schema_version, item_extra, sco_attribute) = match v {
        ScormVersion::V12 => (
            r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd""#,
            "1.2",
            mastery.map(|m| format!("        <adlcp:masteryscore>{m}</adlcp:masteryscore>\n")).unwrap_or_default(),
            "adlcp:scormtype",
        ),
        ScormVersion::V2004 => (
            r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd""#,
            "2004 4th Edition",
            mastery
                .map(|m| {
                    format!(
                        r#"        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="skillgap-mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
"#,
                        scaled_text(m.min(100))
                    )
                })
                .unwrap_or_default(),
            "adlcp:scormType",
        ),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  {namespaces}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{schema_version}</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="res-1" isvisible="true">
        <title>{title}</title>
{item_extra}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" {sco_attribute}="sco" href="index.html">
{file_list}    </resource>
  </resources>
</manifest>
"#
    )
}

/// The cmi5 namespace of the course structure (the schema at this address is the specification's §13.2).
pub const CMI5_NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The course's IRI for assessment `id` (a URN; cmi5 ids are IRIs, and xs:anyURI in the schema).
pub fn cmi5_course_id(id: &str) -> String {
    format!("urn:skillgap:assessment:{}", xml_id("", id))
}

/// `cmi5.xml`: one course with one AU at `index.html` (relative: the files are in the zip), moveOn
/// `Completed` — or, with a pass mark, `CompletedAndPassed` and the masteryScore mastery / 100 — and the
/// AU may run in any window (a frame or a new window).
pub fn cmi5_course_structure(a: &LearnerAssessment, mastery: Option<u8>) -> String {
    let course = cmi5_course_id(&a.id);
    let title = xml_escape(&format!("Self-assessment: {}", a.title()));
    let n = a.skills.len();
    let description = xml_escape(&format!(
        "{} rate themselves on the {n} skill{} the role {} needs ({}). Skillgap records completion, and their readiness as the score.",
        if a.skill_set.is_some() { "Learners" } else { "People in the role" },
        if n == 1 { "" } else { "s" },
        a.role_name,
        a.workspace
    ));
    let (move_on, mastery_attr) = match mastery {
        Some(m) => ("CompletedAndPassed", format!(" masteryScore=\"{}\"", scaled_text(m.min(100)))),
        None => ("Completed", String::new()),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="{CMI5_NAMESPACE}">
  <course id="{course}">
    <title><langstring lang="en">{title}</langstring></title>
    <description><langstring lang="en">{description}</langstring></description>
  </course>
  <au id="{course}:au" moveOn="{move_on}"{mastery_attr} launchMethod="AnyWindow">
    <title><langstring lang="en">{title}</langstring></title>
    <description><langstring lang="en">{description}</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>
"#
    )
}

/// The meta tag that carries the learner link's code into a packaged index.html.
pub const LEARNER_META: &str = "skillgap-learner";
/// The meta tag that says which kind of package a page is (and, for cmi5, where it may report).
pub const LMS_META: &str = "skillgap-lms";

/// `html` with `<meta name="<name>" content="<content>">` in its `<head>` (replacing any such tag already
/// there, so there is exactly one). Refused when the page has no `<head>`.
pub fn inject_meta(html: &str, name: &str, content: &str) -> Result<String, String> {
    let lower = html.to_ascii_lowercase();
    let tag = format!("<meta name=\"{name}\" content=\"{}\">", xml_escape(content));
    // Remove existing tags (the same name in any quoting), from the last to the first.
    let mut html = html.to_string();
    let mut search_end = lower.len();
    while let Some(at) = lower[..search_end].rfind("<meta") {
        let end = lower[at..].find('>').map(|e| at + e + 1).unwrap_or(lower.len());
        let t = &lower[at..end];
        if t.contains(&format!("name=\"{name}\"")) || t.contains(&format!("name='{name}'")) {
            html.replace_range(at..end, "");
        }
        search_end = at;
    }
    let lower = html.to_ascii_lowercase();
    let head = lower
        .find("<head")
        .filter(|&i| matches!(lower.as_bytes().get(i + 5), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')))
        .ok_or("index.html has no <head>; is this Skillgap's built page (dist/index.html)?")?;
    let insert_at = head + lower[head..].find('>').ok_or("index.html's <head> tag is not closed")? + 1;
    html.insert_str(insert_at, &format!("\n  {tag}"));
    Ok(html)
}

/// `index.html` with `<meta name="skillgap-learner" content="<code>">` in its `<head>`.
pub fn inject_learner_meta(html: &str, code: &str) -> Result<String, String> {
    inject_meta(html, LEARNER_META, code)
}

/// A short, file-name-safe name for a role: lower-case ASCII letters and digits joined by `-`, at most 40
/// characters; `fallback` (e.g. the role id) when nothing is left.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        let f: String = fallback.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if f.is_empty() { "assessment".into() } else { f.to_ascii_lowercase() }
    } else {
        out
    }
}

/// The kinds of package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackageKind {
    Scorm12,
    Scorm2004,
    Cmi5,
}

impl PackageKind {
    pub const ALL: [PackageKind; 3] = [PackageKind::Scorm12, PackageKind::Scorm2004, PackageKind::Cmi5];

    /// How the kind is named to people.
    pub fn label(self) -> &'static str {
        match self {
            PackageKind::Scorm12 => "SCORM 1.2",
            PackageKind::Scorm2004 => "SCORM 2004",
            PackageKind::Cmi5 => "cmi5",
        }
    }

    /// The end of the zip's name and the word in the page's `skillgap-lms` meta tag.
    pub fn token(self) -> &'static str {
        match self {
            PackageKind::Scorm12 => "scorm12",
            PackageKind::Scorm2004 => "scorm2004",
            PackageKind::Cmi5 => "cmi5",
        }
    }

    /// The SCORM version, for the SCORM kinds.
    pub fn scorm(self) -> Option<ScormVersion> {
        match self {
            PackageKind::Scorm12 => Some(ScormVersion::V12),
            PackageKind::Scorm2004 => Some(ScormVersion::V2004),
            PackageKind::Cmi5 => None,
        }
    }
}

/// What a packaged page says about itself (its `skillgap-lms` meta tag): the kind of package, and for cmi5
/// the origins beyond its own it may report to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageMeta {
    pub kind: PackageKind,
    pub cmi5_origins: Vec<String>,
}

impl PackageMeta {
    /// The meta tag's content: `scorm12`, `scorm2004`, or `cmi5` followed by the allowed origins.
    pub fn content(&self) -> String {
        std::iter::once(self.kind.token().to_string()).chain(self.cmi5_origins.iter().cloned()).collect::<Vec<_>>().join(" ")
    }

    /// Reads a meta tag's content; `None` when it is not one this build writes.
    pub fn parse(content: &str) -> Option<PackageMeta> {
        let mut words = content.split_whitespace();
        let first = words.next()?;
        let kind = PackageKind::ALL.into_iter().find(|k| k.token() == first)?;
        let origins = super::cmi5::parse_origin_list(&words.collect::<Vec<_>>().join(" ")).ok()?;
        (kind == PackageKind::Cmi5 || origins.is_empty()).then_some(PackageMeta { kind, cmi5_origins: origins })
    }
}

/// The choices a package is made with besides its kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackageOptions {
    /// Pass mark 1–100: the LMS records passed or failed with the score.
    pub mastery: Option<u8>,
    /// cmi5: origins other than the LMS's own where its endpoint and fetch URLs may be.
    pub cmi5_origins: Vec<String>,
}

/// A package: the zip's bytes and what went in.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    pub kind: PackageKind,
    /// `skillgap-<role-slug>-scorm12.zip`, `-scorm2004.zip` or `-cmi5.zip`.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The number of files in the zip (the manifest or course structure included).
    pub files: usize,
}

/// A relative path inside the built app, as index.html refers to it (`./x`, `x?v=1`, `a%20b`, `&amp;`),
/// or `None` for what is not one of the app's files (another site, `data:`, `#…`, an absolute path).
fn local_path(reference: &str) -> Option<String> {
    let r = reference.trim().replace("&amp;", "&");
    if r.is_empty() || r.starts_with(['#', '/', '?']) || r.contains("://") || r.contains(':') {
        return None;
    }
    let r = r.split(['?', '#']).next()?.trim_start_matches("./");
    let decoded = super::cmi5::percent_decode(&r.replace('+', "%2B")).unwrap_or_else(|| r.to_string());
    (!decoded.is_empty() && !decoded.ends_with('/')).then_some(decoded)
}

/// The app files a package holds, decided from the built `index.html` alone: index.html itself and every
/// local file it loads — `href` and `src` attributes, and the `./…` paths its inline loader script imports
/// (the wasm bindings and the `.wasm`). Sorted, without repeats. This is the one place that decides what a
/// package contains (the simulation worker, which only the trainer's pages start, is not loaded by
/// index.html and stays out).
pub fn package_files(index_html: &str) -> Vec<String> {
    let mut out = vec!["index.html".to_string()];
    let bytes = index_html.as_bytes();
    let lower = index_html.to_ascii_lowercase();
    // Attribute values: href="…" / src="…" (either quote).
    for attr in ["href=", "src="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let at = from + i + attr.len();
            from = at;
            let before = if at > attr.len() { bytes[at - attr.len() - 1] } else { b' ' };
            if !before.is_ascii_whitespace() {
                continue;
            }
            let Some(&q) = bytes.get(at) else { break };
            if q != b'"' && q != b'\'' {
                continue;
            }
            if let Some(end) = index_html[at + 1..].find(q as char) {
                out.extend(local_path(&index_html[at + 1..at + 1 + end]));
            }
        }
    }
    // Inline scripts: quoted './…' paths.
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let start = from + i;
        let Some(open_end) = lower[start..].find('>').map(|e| start + e + 1) else { break };
        let close = lower[open_end..].find("</script").map_or(lower.len(), |e| open_end + e);
        let script = &index_html[open_end..close];
        for q in ['\'', '"', '`'] {
            let pat = format!("{q}./");
            let mut f = 0;
            while let Some(j) = script[f..].find(&pat) {
                let s = f + j + 1;
                match script[s..].find(q) {
                    Some(e) => {
                        out.extend(local_path(&script[s..s + e]));
                        f = s + e + 1;
                    }
                    None => break,
                }
            }
        }
        from = close;
    }
    out.sort();
    out.dedup();
    out
}

/// Builds a package of kind `kind` for assessment `a` whose learner link code is `code`, from the built
/// app's files (`files`: path inside the build → bytes; it may hold more than a package needs — only
/// [`package_files`] of its index.html go in, and each of those must be there). index.html gets the
/// learner meta tag and the `skillgap-lms` tag saying what kind of package this is (for cmi5, with the
/// origins it may report to); the zip starts with `imsmanifest.xml` (SCORM, listing every file) or
/// `cmi5.xml` (cmi5), and holds the files in name order, deflated at level 9 with fixed dates, so the same
/// inputs always give the same bytes.
pub fn build_package(
    kind: PackageKind,
    a: &LearnerAssessment,
    code: &str,
    files: &[(String, Vec<u8>)],
    options: &PackageOptions,
) -> Result<Package, String> {
    if let Some(m) = options.mastery.filter(|m| !(1..=100).contains(m)) {
        return Err(format!(
            "a pass mark is 1–100, not {m} (a pass mark of 0 would pass everyone; leave it out for no pass mark)"
        ));
    }
    if kind != PackageKind::Cmi5 && !options.cmi5_origins.is_empty() {
        return Err("only a cmi5 package reports to other sites; a SCORM package talks to the LMS in its own page".into());
    }
    for (name, _) in files {
        if name.starts_with('/') || name.split('/').any(|p| p == ".." || p.is_empty()) || name.contains('\\') {
            return Err(format!("{name}: not a relative path inside the built app"));
        }
    }
    let find = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, b)| b);
    let html = find("index.html").ok_or("the built app has no index.html")?;
    let html = std::str::from_utf8(html).map_err(|_| "index.html is not UTF-8 text".to_string())?;
    let names = package_files(html);
    let meta = PackageMeta { kind, cmi5_origins: options.cmi5_origins.clone() };
    let index = inject_meta(&inject_learner_meta(html, code)?, LMS_META, &meta.content())?;
    let title = format!("Self-assessment: {}", a.title());
    let (first_name, first) = match kind.scorm() {
        Some(v) => ("imsmanifest.xml", scorm_manifest(v, &a.id, &title, &names, options.mastery)),
        None => ("cmi5.xml", cmi5_course_structure(a, options.mastery)),
    };
    let mut zip = ZipWriter::new(9);
    let err = |e: std::io::Error| format!("could not write the zip: {e}");
    zip.add(first_name, &[first.as_bytes()]).map_err(err)?;
    for name in &names {
        let data: &[u8] = if name == "index.html" {
            index.as_bytes()
        } else {
            find(name).ok_or_else(|| format!("index.html loads {name}, which is not in the built app"))?
        };
        zip.add(name, &[data]).map_err(err)?;
    }
    let bytes = zip.finish().map_err(err)?;
    let file_name = format!("skillgap-{}-{}.zip", slug(a.title(), &a.role.0), kind.token());
    Ok(Package { kind, file_name, bytes, files: names.len() + 1 })
}

// ---------------------------------------------------------------------------------------------------------
// The package command's options
// ---------------------------------------------------------------------------------------------------------

/// Where the assessment for a package comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageSource {
    /// A learner link or its code.
    Link(String),
    /// A workspace file (`.json` or `.skillgap.json` export) and a role given by id or name.
    Workspace { file: String, role: String },
}

/// The package command's options (`scripts/package.sh --help` lists them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageArgs {
    pub source: PackageSource,
    pub out: String,
    pub dist: String,
    pub options: PackageOptions,
    pub kinds: Vec<PackageKind>,
}

/// The package command's usage text.
pub const PACKAGE_USAGE: &str = "usage: bash scripts/package.sh --link '<learner link or code>' [--out DIR] [--dist DIR] \
[--mastery 1-100] [--version 12|2004|cmi5|both|all] [--cmi5-origin URL]...
   or: bash scripts/package.sh --workspace FILE.json --role <role id or name> [options as above]
  --link         the learner link (or just its a1.… code) from the Learner links page
  --workspace    a workspace export (.json / .skillgap.json); with --role, packages that role's whole profile
  --out          where to write the zips (default: the current directory)
  --dist         the built app (default: dist; built with trunk build --release when missing)
  --mastery      pass mark 1–100: the LMS records passed/failed with the score (leave out for no pass mark)
  --version      12, 2004, cmi5, both (12 and 2004) or all (default all)
  --cmi5-origin  a site (https://host[:port]) other than the LMS's own where a cmi5 LMS's endpoint may be;
                 repeat for more";

/// Reads the package command's arguments. Errors name the option and what is wrong.
pub fn parse_package_args(args: &[String]) -> Result<PackageArgs, String> {
    let mut link = None;
    let mut workspace = None;
    let mut role = None;
    let mut out = ".".to_string();
    let mut dist = "dist".to_string();
    let mut options = PackageOptions::default();
    let mut kinds = PackageKind::ALL.to_vec();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (flag.as_str(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Err(PACKAGE_USAGE.to_string());
        }
        let known = ["--link", "--workspace", "--role", "--out", "--dist", "--mastery", "--version", "--cmi5-origin"];
        if !known.contains(&flag) {
            return Err(format!("unknown option {flag}\n{PACKAGE_USAGE}"));
        }
        let value = match inline.or_else(|| it.next().cloned()) {
            Some(v) => v,
            None => return Err(format!("{flag} needs a value\n{PACKAGE_USAGE}")),
        };
        match flag {
            "--link" => link = Some(value),
            "--workspace" => workspace = Some(value),
            "--role" => role = Some(value),
            "--out" => out = value,
            "--dist" => dist = value,
            "--mastery" => options.mastery = Some(parse_mastery(&value).map_err(|e| format!("--mastery: {e}"))?),
            "--cmi5-origin" => {
                let o = super::cmi5::parse_origin_list(&value).map_err(|e| format!("--cmi5-origin: {e}"))?;
                options.cmi5_origins.extend(o);
                options.cmi5_origins.sort();
                options.cmi5_origins.dedup();
            }
            _ => {
                kinds = match value.trim() {
                    "12" | "1.2" => vec![PackageKind::Scorm12],
                    "2004" => vec![PackageKind::Scorm2004],
                    "cmi5" => vec![PackageKind::Cmi5],
                    "both" => vec![PackageKind::Scorm12, PackageKind::Scorm2004],
                    "all" => PackageKind::ALL.to_vec(),
                    other => {
                        return Err(format!("--version is 12, 2004, cmi5, both or all, not \u{201c}{other}\u{201d}"))
                    }
                }
            }
        }
    }
    let source = match (link, workspace, role) {
        (Some(l), None, None) => PackageSource::Link(l),
        (None, Some(file), Some(role)) => PackageSource::Workspace { file, role },
        (None, Some(_), None) => return Err("--workspace needs --role <role id or name>".into()),
        (None, None, Some(_)) => return Err("--role needs --workspace FILE.json".into()),
        (Some(_), _, _) => return Err("give either --link or --workspace with --role, not both".into()),
        (None, None, None) => return Err(format!("say what to package: --link or --workspace with --role\n{PACKAGE_USAGE}")),
    };
    if !options.cmi5_origins.is_empty() && !kinds.contains(&PackageKind::Cmi5) {
        return Err("--cmi5-origin is for cmi5 packages; add --version cmi5 or all".into());
    }
    Ok(PackageArgs { source, out, dist, options, kinds })
}

/// A pass mark as typed: a whole number 1–100 (0 would pass everyone, in SCORM 1.2 and 2004 and cmi5
/// alike; no pass mark is no value at all).
pub fn parse_mastery(text: &str) -> Result<u8, String> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|m| (1..=100).contains(m))
        .ok_or_else(|| format!("a pass mark is a whole number 1–100, not \u{201c}{}\u{201d}", text.trim()))
}

/// The role a `--role` value names in `ws`: its id, else its name (ignoring case and surrounding space).
pub fn find_role(ws: &Workspace, role: &str) -> Result<RoleId, String> {
    let role = role.trim();
    if let Some(r) = ws.roles.iter().find(|r| r.id.0 == role) {
        return Ok(r.id.clone());
    }
    let matches: Vec<_> = ws.roles.iter().filter(|r| r.name.trim().eq_ignore_ascii_case(role)).collect();
    match matches.as_slice() {
        [r] => Ok(r.id.clone()),
        [] => Err(format!(
            "there is no role \u{201c}{role}\u{201d} in the workspace; its roles are: {}",
            ws.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect::<Vec<_>>().join(", ")
        )),
        _ => Err(format!("more than one role is called \u{201c}{role}\u{201d}; give its id instead")),
    }
}
