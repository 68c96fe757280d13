//! The LMS package command: `bash scripts/package.sh --link '<learner link>'` (see `--help` and
//! docs/lms.md). It reads the built app from `dist/`, and writes `skillgap-<role>-scorm12.zip`,
//! `-scorm2004.zip` and `-cmi5.zip`: the app's files with the learner link's code in index.html and an
//! `imsmanifest.xml` or `cmi5.xml`. The Learner links page builds the same zips in the browser.
//!
//! Everything but the file system and the clock is in `skillgap::domain::lms` (options, which files,
//! manifests, the meta tags, the zip: `build_package`), tested natively; tests/domain_lms.rs also runs this
//! binary.

use std::path::Path;
use std::process::ExitCode;

use skillgap::domain::import_json;
use skillgap::domain::learner::{assessment_for_role, decode_link, encode_link, LearnerAssessment};
use skillgap::domain::lms::{build_package, find_role, package_files, parse_package_args, utc_parts, PackageSource};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("package: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", skillgap::domain::lms::PACKAGE_USAGE);
        return Ok(());
    }
    let opts = parse_package_args(args)?;
    let (assessment, code) = assessment_of(&opts.source)?;
    let dist = Path::new(&opts.dist);
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build the app first with `trunk build --release` (scripts/package.sh does \
             this when dist/index.html is missing), or point --dist at a built copy",
            dist.display()
        ));
    }
    let files = read_app(dist)?;
    let out = Path::new(&opts.out);
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    println!("Packaging \u{201c}{}\u{201d} ({} skills) from {}:", assessment.title(), assessment.skills.len(), dist.display());
    for kind in &opts.kinds {
        let p = build_package(*kind, &assessment, &code, &files, &opts.options)?;
        let path = out.join(&p.file_name);
        std::fs::write(&path, &p.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("  {} — {}, {} files, {}", path.display(), kind.label(), p.files, size(p.bytes.len()));
    }
    match opts.options.mastery {
        Some(m) => println!("Pass mark {m}: the LMS records passed or failed with the score."),
        None => println!("No pass mark: the LMS records completed with the score."),
    }
    if !opts.options.cmi5_origins.is_empty() {
        println!("The cmi5 package may also report to {}.", opts.options.cmi5_origins.join(", "));
    }
    Ok(())
}

/// The assessment and its link code, from a link or from a workspace file and role.
fn assessment_of(source: &PackageSource) -> Result<(LearnerAssessment, String), String> {
    match source {
        PackageSource::Link(link) => {
            let a = decode_link(link).map_err(|e| format!("--link: {e}"))?;
            let code = encode_link(&a);
            Ok((a, code))
        }
        PackageSource::Workspace { file, role } => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let name = Path::new(file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
            let ws = import_json(&name, &text).map_err(|e| e.to_string())?;
            let role = find_role(&ws, role).map_err(|e| format!("--role: {e}"))?;
            let (date, secs) = today();
            let id = format!("pkg-{}-{secs:x}", role.0.chars().filter(|c| c.is_ascii_alphanumeric()).take(40).collect::<String>());
            let a = assessment_for_role(&ws, &role, &id, &date).map_err(|e| format!("{name}: {e}"))?;
            let code = encode_link(&a);
            Ok((a, code))
        }
    }
}

/// The files of the built app in `dir` that a package holds: index.html and what it loads
/// (`lms::package_files`, the same list the Learner links page fetches).
fn read_app(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| format!("cannot read {}: {e} (is {} a complete build?)", path.display(), dir.display()))
    };
    let index = read("index.html")?;
    let html = String::from_utf8(index.clone()).map_err(|_| format!("{}/index.html is not UTF-8 text", dir.display()))?;
    let mut out = vec![("index.html".to_string(), index)];
    for name in package_files(&html).into_iter().filter(|n| n != "index.html") {
        let bytes = read(&name)?;
        out.push((name, bytes));
    }
    Ok(out)
}

/// Today's date (UTC, YYYY-MM-DD) and the seconds since 1970.
fn today() -> (String, u64) {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d, ..) = utc_parts(secs as f64 * 1000.0);
    (format!("{y:04}-{m:02}-{d:02}"), secs)
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}
