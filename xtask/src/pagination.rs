//! `cargo xtask pagination <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-false N] [--list]`:
//! which list operations page, as two markdown tables read from each spec's generated
//! `api.md` and `api.json` (in process; no crate is written).
//!
//! - **Answer keys**: for each `STAINLESS_DIR/<api>.api.md`, the methods Stainless returns as a
//!   page (`SyncCursorPage[…]`, `SyncEntriesCursor[…]`, `SyncMsTeamsPagination[…]`), how many of
//!   those endpoints are a `Page<…>` here, and the pages here where the key returns no page.
//!   A "false" page is one where the key's result is not a list either (a single object).
//! - **Corpus**: for each spec of WILD_DIR, its operations, pages, and pages per scheme.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use codegen::EmitOptions;
use codegen::surface::Surface;
use regex::Regex;

use crate::naming::{Op, answer_keys, cell, endpoint_key, parse_ours_line, parse_stainless_line, percent};

const USAGE: &str =
    "usage: cargo xtask pagination <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-false N] [--list]";

/// Stainless's page classes: `SyncPage[`, `SyncCursorPage[`, `SyncEntriesCursor[`, `SyncMsTeamsPagination[`.
static KEY_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(Sync|Async)\w*(Page|Cursor|Pagination)\[").expect("a valid regex"));

pub fn pagination(args: &[String]) -> Result<(), String> {
    let Args { dirs, min_match, max_false, list } = Args::parse(args)?;
    let [wild, stainless] = <[PathBuf; 2]>::try_from(dirs).map_err(|_| USAGE.to_string())?;
    let mut measured = BTreeMap::new();
    for spec in crate::specs_in(&wild)? {
        let api = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        eprintln!("pagination: {api}");
        measured.insert(api, measure(&spec));
    }
    println!("## Pages against the answer keys\n");
    let (matched, paged, false_pages) = key_table(&answer_keys(&stainless)?, &measured, list)?;
    println!("\n## Pages in the corpus\n");
    corpus_table(&measured);

    let mut failures = Vec::new();
    let pct = percent(matched, paged);
    if let Some(min) = min_match
        && pct < min
    {
        failures.push(format!("{pct:.1} % of the answer keys' pages are pages, below --min-match {min} %"));
    }
    if let Some(max) = max_false
        && false_pages > max
    {
        failures.push(format!("{false_pages} pages where an answer key returns one object, above --max-false {max}"));
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

struct Args {
    dirs: Vec<PathBuf>,
    min_match: Option<f64>,
    max_false: Option<usize>,
    /// Print each missed and extra page (to stderr).
    list: bool,
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut parsed = Args { dirs: Vec::new(), min_match: None, max_false: None, list: false };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.as_str() {
                "--list" => parsed.list = true,
                "--min-match" => {
                    let value = iter.next().ok_or(USAGE)?;
                    let pct = value.trim_end_matches('%').parse().map_err(|_| format!("{value}: not a percentage"))?;
                    parsed.min_match = Some(pct);
                }
                "--max-false" => {
                    let value = iter.next().ok_or(USAGE)?;
                    parsed.max_false = Some(value.parse().map_err(|_| format!("{value}: not a count"))?);
                }
                other if !other.starts_with("--") => parsed.dirs.push(PathBuf::from(other)),
                other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
            }
        }
        Ok(parsed)
    }
}

/// One spec's operations as api.md lists them, and each page's scheme by endpoint.
struct Measured {
    ops: Vec<Op>,
    schemes: BTreeMap<String, String>,
}

fn measure(spec: &Path) -> Result<Measured, String> {
    let generate = || -> Result<Measured, String> {
        let options = EmitOptions { surface: true, ..EmitOptions::default() };
        let generated = codegen::generate(spec, &options).map_err(|e| e.to_string())?;
        let file = |name: &str| generated.files.get(name).ok_or_else(|| format!("no {name} generated"));
        let ops = file("api.md")?.lines().filter_map(parse_ours_line).collect();
        let surface = Surface::from_json(file("api.json")?)?;
        let schemes = surface
            .operations
            .into_iter()
            .filter_map(|(endpoint, op)| Some((endpoint, op.paging?.split(' ').next()?.to_string())))
            .collect();
        Ok(Measured { ops, schemes })
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(generate))
        .unwrap_or_else(|_| Err("the generator panicked".to_string()))
}

fn is_ours_page(op: &Op) -> bool {
    op.result.starts_with("Page<")
}

/// Prints the answer-key table; returns (key pages that are pages here, key pages in both, false pages).
fn key_table(
    keys: &BTreeMap<String, PathBuf>,
    measured: &BTreeMap<String, Result<Measured, String>>,
    list: bool,
) -> Result<(usize, usize, usize), String> {
    println!("| API | key pages | in both | pages here | missed | extra pages | of which one object |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let (mut all_both, mut all_caught, mut all_false) = (0, 0, 0);
    for (api, key) in keys {
        let text = std::fs::read_to_string(key).map_err(|e| format!("{}: {e}", key.display()))?;
        let theirs: Vec<Op> = text.lines().filter_map(parse_stainless_line).collect();
        let key_pages = theirs.iter().filter(|op| KEY_PAGE.is_match(&op.result)).count();
        let ours = match measured.get(api) {
            Some(Ok(measured)) => &measured.ops,
            Some(Err(error)) => {
                println!("| {api} | {key_pages} | failed: {} | | | | |", cell(error));
                continue;
            }
            None => continue,
        };
        let by_key: BTreeMap<String, &Op> = ours.iter().map(|op| (endpoint_key(&op.verb, &op.path), op)).collect();
        let (mut both, mut caught, mut extra, mut single) = (0, 0, 0, 0);
        for their in &theirs {
            let Some(our) = by_key.get(&endpoint_key(&their.verb, &their.path)) else { continue };
            let (theirs_paged, ours_paged) = (KEY_PAGE.is_match(&their.result), is_ours_page(our));
            if theirs_paged {
                both += 1;
                caught += usize::from(ours_paged);
                if list && !ours_paged {
                    eprintln!("  missed: {api} {} {} → {}", our.verb, our.path, our.result);
                }
            } else if ours_paged {
                extra += 1;
                // A key result naming a list (`AssetListResponse`, `List[…]`) is a list all the same.
                let one_object = !their.result.contains("List");
                single += usize::from(one_object);
                if list {
                    eprintln!("  extra: {api} {} {} → key {}", our.verb, our.path, their.result);
                }
            }
        }
        println!("| {api} | {key_pages} | {both} | {caught} | {} | {extra} | {single} |", both - caught);
        all_both += both;
        all_caught += caught;
        all_false += single;
    }
    println!(
        "| all | | {all_both} | {all_caught} ({:.0} %) | {} | | {all_false} |",
        percent(all_caught, all_both),
        all_both - all_caught
    );
    Ok((all_caught, all_both, all_false))
}

fn corpus_table(measured: &BTreeMap<String, Result<Measured, String>>) {
    let mut kinds: Vec<&str> = measured
        .values()
        .filter_map(|m| m.as_ref().ok())
        .flat_map(|m| m.schemes.values().map(String::as_str))
        .collect();
    kinds.sort();
    kinds.dedup();
    println!("| spec | operations | pages | {} |", kinds.join(" | "));
    println!("|---|---:|---:|{}", "---:|".repeat(kinds.len()));
    let (mut operations, mut pages) = (0, 0);
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (api, result) in measured {
        let Ok(m) = result else {
            println!("| {api} | failed: {} | |", cell(result.as_ref().err().map_or("", String::as_str)));
            continue;
        };
        let paged = m.ops.iter().filter(|op| is_ours_page(op)).count();
        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        for kind in m.schemes.values() {
            *by_kind.entry(kind).or_default() += 1;
            *totals.entry(kind).or_default() += 1;
        }
        let cells: Vec<String> =
            kinds.iter().map(|k| by_kind.get(k).map(usize::to_string).unwrap_or_default()).collect();
        println!("| {api} | {} | {paged} | {} |", m.ops.len(), cells.join(" | "));
        operations += m.ops.len();
        pages += paged;
    }
    let cells: Vec<String> = kinds.iter().map(|k| totals.get(k).copied().unwrap_or(0).to_string()).collect();
    println!("| all | {operations} | {pages} | {} |", cells.join(" | "));
}
