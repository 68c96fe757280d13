//! The SCORM package command: `bash scripts/package.sh --link '<learner link>'` (see `--help` and
//! docs/lms.md). It reads the built app from `dist/`, and writes `skillgap-<role>-scorm12.zip` and
//! `-scorm2004.zip`, each the whole app with the learner link's code in index.html's
//! `<meta name="skillgap-learner">` and an `imsmanifest.xml` listing every file.
//!
//! Everything but the file system and the clock is in `skillgap::domain::lms` (options, manifests,
//! the meta tag, the zip), tested natively; tests/domain_lms.rs also runs this binary.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use skillgap::domain::import_json;
use skillgap::domain::learner::{assessment_for_role, decode_link, encode_link, LearnerAssessment};
use skillgap::domain::lms::{build_scorm_package, find_role, parse_package_args, PackageSource};

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
    let files = read_tree(dist)?;
    let out = Path::new(&opts.out);
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    println!("Packaging \u{201c}{}\u{201d} ({} skills) from {}:", assessment.title(), assessment.skills.len(), dist.display());
    for v in &opts.versions {
        let p = build_scorm_package(*v, &assessment, &code, &files, opts.mastery)?;
        let path = out.join(&p.file_name);
        std::fs::write(&path, &p.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("  {} — {}, {} files, {}", path.display(), v.label(), p.files, size(p.bytes.len()));
    }
    match opts.mastery {
        Some(m) => println!("Pass mark {m}: the LMS records passed or failed with the score."),
        None => println!("No pass mark: the LMS records completed with the score."),
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

/// Every file under `dir`, as (path with `/`, bytes), skipping hidden files and folders (names starting with
/// `.`, such as the `.trunk-lock` Trunk leaves in `dist/`): they are not part of the app.
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {}: {e}", d.display()))?.path();
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under dir").components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                out.push((rel, bytes));
            }
        }
    }
    Ok(out)
}

/// Today's date (UTC, YYYY-MM-DD) and the seconds since 1970.
fn today() -> (String, u64) {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (format!("{y:04}-{m:02}-{d:02}"), secs)
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}
