//! `cargo xtask naming <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-bad PCT] [--list]`: how
//! well the generated method names match what a human curator chose, as two markdown tables.
//! A port of the issue-26 study's `baseline.py` and `badnames.py` (with `common.py`'s
//! parsing), read from each spec's `api.md` generated in process (no crate is written).
//!
//! - **Answer keys**: for each `STAINLESS_DIR/<api>.api.md` (Stainless's api.md of the API
//!   whose spec is `WILD_DIR/<api>.json|yaml`), our operations, theirs, the endpoints in both
//!   ([`endpoint_key`]: verb and path, parameter names erased) and how many of those get the
//!   same call chain as one of theirs, after [`norm`].
//! - **Bad names**: for each spec of WILD_DIR, the methods in a class of names no curator
//!   would pick ([`classify`]). The study read operationIds and response schemas from the
//!   spec; here the operationIds come from the loaded spec and a result's shape from the
//!   generated `api.json` (see [`is_one_object`]).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use codegen::EmitOptions;
use codegen::ident::field_ident;
use codegen::load::Documents;
use codegen::surface::{FieldApi, Surface, TypeApi};
use regex::Regex;
use serde_json::Value;

use crate::audit::{METHODS, deref};

const USAGE: &str = "usage: cargo xtask naming <WILD_DIR> <STAINLESS_DIR> [--min-match PCT] [--max-bad PCT] [--list]";

pub fn naming(args: &[String]) -> Result<(), String> {
    let Args { wild, stainless, min_match, max_bad, list } = Args::parse(args)?;
    let mut measured = BTreeMap::new();
    for spec in crate::specs_in(&wild)? {
        let api = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        eprintln!("naming: {api}");
        measured.insert(api, measure(&spec, list));
    }
    let keys = answer_keys(&stainless)?;

    println!("## Method names against the answer keys\n");
    let matches = answer_table(&keys, &wild, &measured, list)?;
    println!("\n## Bad-name classes\n");
    let (bad, methods) = bad_table(&measured);

    let mut failures = Vec::new();
    if let Some(min) = min_match {
        let below: Vec<String> = matches
            .iter()
            .filter(|(_, pct)| pct.is_none_or(|p| p < min))
            .map(|(api, pct)| show_pct(api, *pct))
            .collect();
        if !below.is_empty() {
            failures.push(format!("below --min-match {min} %: {}", below.join(", ")));
        }
    }
    if let Some(max) = max_bad {
        let share = percent(bad, methods);
        if share > max {
            failures.push(format!("{share:.1} % of methods in a bad class, above --max-bad {max} %"));
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("\n")) }
}

struct Args {
    wild: PathBuf,
    stainless: PathBuf,
    min_match: Option<f64>,
    max_bad: Option<f64>,
    /// Print each method in a bad class (to stderr).
    list: bool,
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut dirs = Vec::new();
        let (mut min_match, mut max_bad, mut list) = (None, None, false);
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let threshold = match arg.as_str() {
                "--min-match" => &mut min_match,
                "--max-bad" => &mut max_bad,
                "--list" => {
                    list = true;
                    continue;
                }
                other if !other.starts_with("--") => {
                    dirs.push(PathBuf::from(other));
                    continue;
                }
                other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
            };
            let value = iter.next().ok_or_else(|| format!("{arg} needs a percentage\n{USAGE}"))?;
            let pct = value.trim_end_matches('%').trim().parse::<f64>();
            *threshold = Some(pct.map_err(|_| format!("{arg} {value}: not a percentage\n{USAGE}"))?);
        }
        match <[PathBuf; 2]>::try_from(dirs) {
            Ok([wild, stainless]) => Ok(Args { wild, stainless, min_match, max_bad, list }),
            Err(_) => Err(USAGE.to_string()),
        }
    }
}

/// One spec's generated operations and how many of them fall in each class.
struct Measured {
    ops: Vec<Op>,
    classes: BTreeMap<Class, usize>,
}

/// Generates `spec` in process and classifies its methods; an error (or a generator panic)
/// is the message the table shows.
fn measure(spec: &Path, list: bool) -> Result<Measured, String> {
    let generate = || -> Result<Measured, String> {
        let options = EmitOptions { surface: true, ..EmitOptions::default() };
        let generated = codegen::generate(spec, &options).map_err(|e| e.to_string())?;
        let file = |name: &str| generated.files.get(name).ok_or_else(|| format!("no {name} generated"));
        let api_md = file("api.md")?;
        let surface = Surface::from_json(file("api.json")?)?;
        let docs = codegen::load::from_path(spec).map_err(|e| e.to_string())?;
        let operation_ids = operation_ids(&docs);

        let ops: Vec<Op> = api_md.lines().filter_map(parse_ours_line).collect();
        let listed = api_md.lines().filter(|line| line.starts_with("- ")).count();
        if ops.len() != listed {
            eprintln!("naming: {}: {} api.md lines not understood", spec.display(), listed - ops.len());
        }
        let context = Context::new(&ops);
        let mut classes = BTreeMap::new();
        for op in &ops {
            let id = operation_ids.get(&format!("{} {}", op.verb, op.path)).map(String::as_str);
            if let Some(class) = classify(op, id, is_one_object(op, &surface.types), &context) {
                if list && class.is_bad() {
                    eprintln!("  {}: {} {} → {}", class.name(), op.verb, op.path, op.chain.join("."));
                }
                *classes.entry(class).or_default() += 1;
            }
        }
        Ok(Measured { ops, classes })
    };
    catch_unwind(AssertUnwindSafe(generate)).unwrap_or_else(|_| Err("the generator panicked".to_string()))
}

/// `GET /path` → the operation's `operationId`, from the spec as loaded.
fn operation_ids(docs: &Documents) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let Some(paths) = docs.root().value.get("paths").and_then(Value::as_object) else {
        return ids;
    };
    for (template, item) in paths {
        let Some((item_file, item)) = deref(docs, Documents::ROOT, item) else { continue };
        for (key, method) in METHODS {
            let Some((_, op)) = item.get(key).and_then(|op| deref(docs, item_file, op)) else { continue };
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                ids.insert(format!("{method} {template}"), id.to_string());
            }
        }
    }
    ids
}

/// API name → its Stainless `api.md`, sorted.
pub(crate) fn answer_keys(dir: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let api = path.file_name()?.to_str()?.strip_suffix(".api.md")?.to_string();
            Some((api, path))
        })
        .collect())
}

/// Prints table 1; returns each answer-key API's match percentage (`None`: not generated).
fn answer_table(
    keys: &BTreeMap<String, PathBuf>,
    wild: &Path,
    measured: &BTreeMap<String, Result<Measured, String>>,
    list: bool,
) -> Result<Vec<(String, Option<f64>)>, String> {
    println!("| API | ours | theirs | in both | same call | % |\n|---|---|---|---|---|---|");
    let mut matches = Vec::new();
    let (mut both, mut same) = (0, 0);
    for (api, key) in keys {
        let text = std::fs::read_to_string(key).map_err(|e| format!("{}: {e}", key.display()))?;
        let theirs: Vec<Op> = text.lines().filter_map(parse_stainless_line).collect();
        let ours = match measured.get(api) {
            Some(Ok(measured)) => &measured.ops,
            Some(Err(error)) => {
                println!("| {api} | failed: {} | {} | | | |", cell(error), theirs.len());
                matches.push((api.clone(), None));
                continue;
            }
            None => {
                println!("| {api} | no spec in {} | {} | | | |", wild.display(), theirs.len());
                matches.push((api.clone(), None));
                continue;
            }
        };
        let m = compare(ours, &theirs);
        if list {
            for miss in &m.misses {
                eprintln!("  {api} miss: {miss}");
            }
        }
        let pct = percent(m.same, m.both);
        println!("| {api} | {} | {} | {} | {} | {pct:.0} % |", ours.len(), theirs.len(), m.both, m.same);
        both += m.both;
        same += m.same;
        matches.push((api.clone(), Some(pct)));
    }
    println!("| all | | | {both} | {same} | {:.0} % |", percent(same, both));
    Ok(matches)
}

/// Prints table 2 and the total line; returns (bad methods, methods).
fn bad_table(measured: &BTreeMap<String, Result<Measured, String>>) -> (usize, usize) {
    println!("| spec | methods | bad | classes |\n|---|---|---|---|");
    let mut total: BTreeMap<Class, usize> = BTreeMap::new();
    let (mut methods, mut failed) = (0, 0);
    for (api, result) in measured {
        let Measured { ops, classes } = match result {
            Ok(measured) => measured,
            Err(error) => {
                println!("| {api} | failed: {} | | |", cell(error));
                failed += 1;
                continue;
            }
        };
        let bad = bad_count(classes);
        println!("| {api} | {} | {bad} ({:.0} %) | {} |", ops.len(), percent(bad, ops.len()), show_classes(classes));
        methods += ops.len();
        for (class, n) in classes {
            *total.entry(*class).or_default() += n;
        }
    }
    let bad = bad_count(&total);
    let failed = if failed > 0 { format!("; {failed} specs failed to generate") } else { String::new() };
    println!(
        "\n{bad} of {methods} methods ({:.1} %) in a bad class; {}{failed}",
        percent(bad, methods),
        show_classes(&total)
    );
    (bad, methods)
}

fn bad_count(classes: &BTreeMap<Class, usize>) -> usize {
    classes.iter().filter(|(class, _)| class.is_bad()).map(|(_, n)| n).sum()
}

/// `version 19, list-one 2`: most frequent first, then in class order.
fn show_classes(classes: &BTreeMap<Class, usize>) -> String {
    let mut sorted: Vec<(&Class, &usize)> = classes.iter().collect();
    sorted.sort_by_key(|(class, n)| (std::cmp::Reverse(**n), **class));
    sorted.iter().map(|(class, n)| format!("{} {n}", class.name())).collect::<Vec<_>>().join(", ")
}

fn show_pct(api: &str, pct: Option<f64>) -> String {
    match pct {
        Some(pct) => format!("{api} {pct:.0} %"),
        None => format!("{api} (not generated)"),
    }
}

/// An error's first line, safe in a table cell.
pub(crate) fn cell(text: &str) -> String {
    text.lines().next().unwrap_or_default().replace('|', "\\|")
}

pub(crate) fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

// ---------------------------------------------------------------- api.md lines

/// One operation as an api.md lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Op {
    /// `GET`.
    pub verb: String,
    pub path: String,
    /// Accessors, then the method: `["openai", "v1", "files", "get"]`.
    pub chain: Vec<String>,
    /// The result as written (`File`, `Vec<Batch>`).
    pub result: String,
}

/// `- GET /openai/v1/files/{file_id} → client.openai().v1().files().get(file_id) → File`
/// (and what follows the result after ` · `: a server, unsent media, a test).
pub(crate) fn parse_ours_line(line: &str) -> Option<Op> {
    let mut parts = line.strip_prefix("- ")?.splitn(3, " → ");
    let (endpoint, call, result) = (parts.next()?, parts.next()?, parts.next()?);
    let (verb, path) = endpoint.split_once(' ')?;
    let chain = parse_call(call.strip_prefix("client.")?)?;
    let result = result.split(" · ").next().unwrap_or_default();
    Some(Op { verb: verb.to_ascii_uppercase(), path: path.to_string(), chain, result: result.to_string() })
}

static STAINLESS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<code title="(\w+) ([^"]+)">client\.(.*?)</code>"#).expect("a valid regex"));
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<a href="[^"]*">"#).expect("a valid regex"));

/// `- <code title="post /x">client.chat.<a href="…">create</a>(\*\*<a …>params</a>) -> <a …>T</a></code>`.
/// The call's name part is markdown: `\_` is `_`, and `phone*number.import*` (an emphasis
/// the escapes left) is `phone_number.import_`.
pub(crate) fn parse_stainless_line(line: &str) -> Option<Op> {
    let caps = STAINLESS_LINE.captures(line)?;
    let call = LINK.replace_all(&caps[3], "").replace("</a>", "");
    let (head, args) = call.split_once('(').map_or((call.as_str(), None), |(head, args)| (head, Some(args)));
    let head = head.replace("\\_", "_").replace('*', "_");
    let call = match args {
        Some(args) => format!("{head}({args}"),
        None => head,
    };
    Some(Op {
        verb: caps[1].to_ascii_uppercase(),
        path: caps[2].to_string(),
        chain: parse_call(&call)?,
        result: call.split_once(" -> ").map(|(_, result)| result.to_string()).unwrap_or_default(),
    })
}

static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:[\w#]+(?:\(\))?\.)*)([\w#]+)\(").expect("a valid regex"));

/// `a().b().list(x, y)` or `a.b.list(**params)` → `["a", "b", "list"]`.
fn parse_call(call: &str) -> Option<Vec<String>> {
    let caps = CALL.captures(call)?;
    let accessors = caps[1].split('.').filter(|a| !a.is_empty()).map(|a| a.trim_end_matches("()").to_string());
    Some(accessors.chain([caps[2].to_string()]).collect())
}

static PARAMETER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{[^}]*\}").expect("a valid regex"));

/// `GET /files/{}`: the verb and the path with its parameters' names erased.
pub(crate) fn endpoint_key(verb: &str, path: &str) -> String {
    format!("{} {}", verb.to_ascii_uppercase(), PARAMETER.replace_all(path, "{}"))
}

/// A chain with the two projects' word choices unified: keyword escapes (`r#type`, `type_`,
/// `import_`) and a `_resource` suffix dropped, and a last word `retrieve` is `get`, `edit`
/// is `update`, `del` is `delete`.
fn norm(chain: &[String]) -> Vec<String> {
    let mut words: Vec<String> = chain
        .iter()
        .map(|word| {
            let word = word.strip_prefix("r#").unwrap_or(word);
            let word = word.strip_suffix("_resource").unwrap_or(word);
            word.trim_end_matches('_').to_string()
        })
        .collect();
    if let Some(last) = words.last_mut() {
        let same = match last.as_str() {
            "retrieve" => "get",
            "edit" => "update",
            "del" => "delete",
            _ => return words,
        };
        *last = same.to_string();
    }
    words
}

/// How our chains compare with theirs.
#[derive(Debug, PartialEq)]
struct Match {
    /// Our endpoints that they have too.
    both: usize,
    /// Of those, the ones whose chain is one of theirs for the endpoint.
    same: usize,
    /// The others: `VERB /path: ours ≠ theirs`.
    misses: Vec<String>,
}

fn compare(ours: &[Op], theirs: &[Op]) -> Match {
    let mut their_chains: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for op in theirs {
        their_chains.entry(endpoint_key(&op.verb, &op.path)).or_default().push(norm(&op.chain));
    }
    let mut m = Match { both: 0, same: 0, misses: Vec::new() };
    for op in ours {
        if let Some(chains) = their_chains.get(&endpoint_key(&op.verb, &op.path)) {
            m.both += 1;
            if chains.contains(&norm(&op.chain)) {
                m.same += 1;
            } else {
                let theirs: Vec<String> = chains.iter().map(|chain| chain.join(".")).collect();
                m.misses.push(format!("{} {}: {} ≠ {}", op.verb, op.path, op.chain.join("."), theirs.join(" | ")));
            }
        }
    }
    m
}

// ---------------------------------------------------------------- classes

/// A class of names no curator would pick (but [`Class::VersionKept`]), in the order they are
/// tried: an operation counts once, in the first that fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// An accessor that is a version segment (`v1`, `v2beta`, `_2010_04_01`, `unstable`, `_1_0`).
    Version,
    /// The same, where the spec has the endpoint in another version too: not bad.
    VersionKept,
    /// The first accessor is a literal prefix of nearly every path (`api`, `rest`).
    Base,
    /// A `json`/`xml` word from a path's file suffix (`.json`).
    Suffix,
    /// The method is a whole operationId of 4 or more words, the one made from verb and path,
    /// an `…_api_…_get`-like id, or ends in `_op`.
    Fallback,
    /// The method is longer than 25 characters.
    Long,
    /// A one-letter word in an identifier (`caa_s_auth`), but `x`, `y`, `z`.
    Acronym,
    /// `list` on a singular resource that returns one object.
    ListOne,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Version => "version",
            Class::VersionKept => "version-kept",
            Class::Base => "base",
            Class::Suffix => "suffix",
            Class::Fallback => "fallback",
            Class::Long => "long",
            Class::Acronym => "acronym",
            Class::ListOne => "list-one",
        }
    }

    fn is_bad(self) -> bool {
        self != Class::VersionKept
    }
}

/// What classifying one operation needs to know of its whole spec.
struct Context {
    /// Literal segments (as identifiers) that, followed by another literal, start at least
    /// 90 % of the paths, in a spec of 5 operations or more (`badnames.py`'s `base_words`).
    base_words: BTreeSet<String>,
    /// Endpoint keys without their version segments that more than one endpoint has
    /// (`GET /users` of `GET /v1/users` and `GET /v2/users`).
    versioned: BTreeSet<String>,
}

impl Context {
    fn new(ops: &[Op]) -> Context {
        let mut starts: BTreeMap<String, usize> = BTreeMap::new();
        let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for op in ops {
            let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).take(3).collect();
            for pair in segments.windows(2).take(2) {
                if !is_parameter(pair[0]) && !is_parameter(pair[1]) {
                    *starts.entry(word_of(pair[0])).or_default() += 1;
                }
            }
            versions.entry(unversioned_key(op)).or_default().insert(endpoint_key(&op.verb, &op.path));
        }
        let n = ops.len();
        Context {
            base_words: starts.into_iter().filter(|&(_, c)| n >= 5 && c * 10 >= n * 9).map(|(w, _)| w).collect(),
            versioned: versions.into_iter().filter(|(_, keys)| keys.len() > 1).map(|(key, _)| key).collect(),
        }
    }
}

/// The operation's class, if any. `operation_id` is the spec's; `one_object` says the result
/// is a single object (see [`is_one_object`]).
fn classify(op: &Op, operation_id: Option<&str>, one_object: bool, context: &Context) -> Option<Class> {
    let (method, accessors) = op.chain.split_last()?;
    let all_words = || op.chain.iter().flat_map(|ident| words(ident));
    if accessors.iter().any(|a| is_version(a)) {
        return Some(if context.versioned.contains(&unversioned_key(op)) {
            Class::VersionKept
        } else {
            Class::Version
        });
    }
    if accessors.first().is_some_and(|a| context.base_words.contains(a.trim_end_matches('_'))) {
        return Some(Class::Base);
    }
    if all_words().any(|w| w == "json" || w == "xml") && (op.path.contains(".json") || op.path.contains(".xml")) {
        return Some(Class::Suffix);
    }
    if is_fallback(op, method, operation_id) {
        return Some(Class::Fallback);
    }
    if method.len() > 25 {
        return Some(Class::Long);
    }
    if all_words()
        .any(|w| w.len() == 1 && !matches!(w, "x" | "y" | "z") && !w.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Some(Class::Acronym);
    }
    let singular = accessors.last().is_some_and(|a| !looks_plural(a));
    if method == "list" && one_object && singular {
        return Some(Class::ListOne);
    }
    None
}

static HTTP_VERB_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"_(get|post|put|patch|delete)$").expect("a valid regex"));
static VERSION_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"_v\d").expect("a valid regex"));

/// A method named after the operation, not for it: its whole operationId when that has 4
/// words or more (a `_2` made unique aside), the name made from verb and path, a FastAPI-style
/// id (`read_items_api_v1_items_get`), or a name that had to take `_op` to be unique.
fn is_fallback(op: &Op, method: &str, operation_id: Option<&str>) -> bool {
    let unsuffixed = |name: &str| name.trim_end_matches(|c: char| c == '_' || c.is_ascii_digit()).to_string();
    let whole_id = operation_id.is_some_and(|id| {
        let id = field_ident(id);
        id.split('_').filter(|w| !w.is_empty()).count() >= 4 && unsuffixed(method) == unsuffixed(&id)
    });
    let synthesized = field_ident(&format!("{} {}", op.verb.to_ascii_lowercase(), op.path.replace(['{', '}'], "")));
    let fastapi = HTTP_VERB_ID.is_match(method) && (method.contains("api") || VERSION_WORD.is_match(method));
    whole_id || method == synthesized || fastapi || method.ends_with("_op")
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(v\d+(_\d+)*(_?(alpha|beta|rc|preview)_?\d*)?|\d+(_\d+)+|unstable)$").expect("a valid regex")
});

/// An identifier that is a version segment: `v1`, `v1_1`, `v2beta`, `v1alpha1`, `_2010_04_01`,
/// `_1_0`, `unstable`; not `_3` nor `v`.
fn is_version(ident: &str) -> bool {
    VERSION.is_match(&ident.trim_matches('_').to_ascii_lowercase())
}

/// The endpoint key without the path's version segments.
fn unversioned_key(op: &Op) -> String {
    let path: Vec<&str> = op.path.split('/').filter(|s| is_parameter(s) || !is_version(&field_ident(s))).collect();
    endpoint_key(&op.verb, &path.join("/"))
}

/// A path segment as the accessor it would be, keyword escape aside.
fn word_of(segment: &str) -> String {
    field_ident(segment).trim_end_matches('_').to_string()
}

fn words(ident: &str) -> impl Iterator<Item = &str> {
    ident.strip_prefix("r#").unwrap_or(ident).split('_').filter(|w| !w.is_empty())
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn looks_plural(word: &str) -> bool {
    let word = word.trim_end_matches('_');
    word.ends_with('s') && !word.ends_with("ss")
}

/// Whether `op`'s result is a single object: a struct (through aliases) that is not a page
/// of items. A page is the study's (`extract.py`'s `resp_kind`), judged by the JSON keys of
/// the struct's fields: one list field, named like a list (`data`, `items`, the path's last
/// word) or beside paging fields (`has_more`, `next_cursor`), with only scalars and paging
/// fields besides; or a list-named list field in a struct with paging fields, of two fields at
/// most, or of lists only. A map or a union, which the study could call an object too, is not
/// one here, nor is anything generic (`Vec<T>`, `Option<T>`), bytes or a scalar: `list-one`
/// errs towards not calling a name bad.
fn is_one_object(op: &Op, types: &BTreeMap<String, TypeApi>) -> bool {
    let mut name = op.result.clone();
    // An alias names a type, which may be an alias; a cycle is not possible, but bound it anyway.
    for _ in 0..8 {
        if name.contains(['<', '[', '(', '&']) {
            return false;
        }
        match types.get(last_segment(&name)) {
            Some(TypeApi::Struct { fields }) => return !is_page(op, fields.values(), types),
            Some(TypeApi::Alias { target }) => name = target.to_string(),
            _ => return false,
        }
    }
    false
}

/// JSON keys of a field holding a page's items.
const LIST_KEYS: &str = "data items results entries records list values objects elements nodes content";
/// JSON keys of a page's paging fields.
const PAGING_KEYS: &str = "next next_cursor cursor has_more hasMore next_page nextPage page total total_count totalCount \
    count offset limit pagination meta links _links next_page_token nextPageToken first_id last_id page_info pageInfo \
    after before continuation_token";

fn is_page<'a>(op: &Op, fields: impl Iterator<Item = &'a FieldApi>, types: &BTreeMap<String, TypeApi>) -> bool {
    // The study read the schema's properties, not `additionalProperties` (a field without a key).
    let fields: Vec<&FieldApi> = fields.filter(|f| !f.json.is_empty()).collect();
    let lists: Vec<&str> =
        fields.iter().filter(|f| f.ty.to_string().contains("Vec<")).map(|f| f.json.as_str()).collect();
    let squash = |word: &str| word.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let last_word = op.path.split('/').rfind(|s| !s.is_empty() && !s.starts_with('{')).map(squash);
    let list_named = |key: &str| LIST_KEYS.split_whitespace().any(|k| k == key) || Some(squash(key)) == last_word;
    let paging = |key: &str| PAGING_KEYS.split_whitespace().any(|k| k == key);
    if let [list] = lists[..] {
        let beside_paging = fields.iter().any(|f| f.json != list && paging(&f.json));
        let rest_plain =
            fields.iter().all(|f| f.json == list || paging(&f.json) || is_scalar(&f.ty.to_string(), types));
        if (list_named(list) || beside_paging) && rest_plain {
            return true;
        }
    }
    let pagey = fields.iter().any(|f| paging(&f.json)) || fields.len() <= 2;
    lists.iter().any(|key| list_named(key)) && (pagey || lists.len() == fields.len())
}

/// A string, number, boolean (or a string enum, a date), optional or not.
fn is_scalar(ty: &str, types: &BTreeMap<String, TypeApi>) -> bool {
    if ty.contains("Vec<") || ty.contains("Map<") {
        return false;
    }
    let inner = last_segment(ty.trim_end_matches('>'));
    let scalars = ["String", "bool", "i32", "i64", "u32", "u64", "f32", "f64", "DateTime", "Date"];
    scalars.contains(&inner) || matches!(types.get(inner), Some(TypeApi::Enum { .. }))
}

/// `Option<crate::types::Foo` → `Foo`.
fn last_segment(path: &str) -> &str {
    path.rsplit([':', '<']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn op(verb: &str, path: &str, call: &[&str]) -> Op {
        Op { verb: verb.to_string(), path: path.to_string(), chain: chain(call), result: "Thing".to_string() }
    }

    #[test]
    fn parses_our_line() {
        let line = "- GET /openai/v1/files/{file_id} → client.openai().v1().files().get(file_id) → File";
        let op = parse_ours_line(line).unwrap();
        assert_eq!(op.verb, "GET");
        assert_eq!(op.path, "/openai/v1/files/{file_id}");
        assert_eq!(op.chain, chain(&["openai", "v1", "files", "get"]));
        assert_eq!(op.result, "File");
        // A method without arguments, and what follows the result.
        let line = "- GET /files → client.files().list() → Vec<File> · server `https://up.example.com`";
        let op = parse_ours_line(line).unwrap();
        assert_eq!((op.chain, op.result.as_str()), (chain(&["files", "list"]), "Vec<File>"));
        assert_eq!(parse_ours_line("Every operation: `METHOD path → Rust call → result`."), None);
    }

    #[test]
    fn parses_stainless_line() {
        let line = r#"- <code title="post /openai/v1/chat/completions">client.chat.completions.<a href="./src/groq/resources/chat/completions.py">create</a>(\*\*<a href="src/groq/types/chat/completion_create_params.py">params</a>) -> <a href="./src/groq/types/chat/chat_completion.py">ChatCompletion</a></code>"#;
        let op = parse_stainless_line(line).unwrap();
        assert_eq!(op.verb, "POST");
        assert_eq!(op.path, "/openai/v1/chat/completions");
        assert_eq!(op.chain, chain(&["chat", "completions", "create"]));
        assert_eq!(op.result, "ChatCompletion");
        assert_eq!(parse_stainless_line("from groq.types import ErrorObject"), None);
    }

    #[test]
    fn unescapes_stainless_names() {
        let escaped = r#"- <code title="post /import-phone-number">client.phone\_number.<a href="x.py">import\_</a>(\*\*<a href="y.py">params</a>) -> <a href="z.py">PhoneNumberResponse</a></code>"#;
        let emphasised = r#"- <code title="post /import-phone-number">client.phone*number.<a href="x.py">import*</a>(\*\*<a href="y.py">params</a>) -> <a href="z.py">PhoneNumberResponse</a></code>"#;
        for line in [escaped, emphasised] {
            let op = parse_stainless_line(line).unwrap();
            assert_eq!(op.chain, chain(&["phone_number", "import_"]), "{line}");
            assert_eq!(norm(&op.chain), chain(&["phone_number", "import"]));
        }
    }

    #[test]
    fn norm_unifies_word_choices() {
        assert_eq!(norm(&chain(&["accounts", "retrieve"])), chain(&["accounts", "get"]));
        assert_eq!(norm(&chain(&["r#type", "files_resource", "edit"])), chain(&["type", "files", "update"]));
        assert_eq!(norm(&chain(&["type_", "del"])), chain(&["type", "delete"]));
        // Only the method is a word choice.
        assert_eq!(norm(&chain(&["retrieve", "list"])), chain(&["retrieve", "list"]));
    }

    #[test]
    fn endpoint_key_erases_parameter_names() {
        assert_eq!(endpoint_key("get", "/a/{id}/b/{other_id}"), "GET /a/{}/b/{}");
        assert_eq!(endpoint_key("POST", "/a"), "POST /a");
    }

    #[test]
    fn compare_counts_endpoints_in_both_and_same_chains() {
        let ours = [
            op("GET", "/files/{file_id}", &["files", "get"]),
            op("DELETE", "/files/{file_id}", &["files", "remove"]),
            op("GET", "/only-ours", &["only_ours", "list"]),
        ];
        let theirs = [
            op("GET", "/files/{id}", &["files", "retrieve"]),
            op("DELETE", "/files/{id}", &["files", "delete"]),
            op("DELETE", "/files/{id}", &["files", "remove"]),
        ];
        assert_eq!(compare(&ours, &theirs), Match { both: 2, same: 2, misses: Vec::new() });
        assert_eq!(compare(&ours[..1], &theirs[1..]), Match { both: 0, same: 0, misses: Vec::new() });
    }

    #[test]
    fn version_words() {
        for yes in ["v1", "v2beta", "v1alpha1", "v1_1", "_2010_04_01", "_1_0", "unstable"] {
            assert!(is_version(yes), "{yes}");
        }
        for no in ["v", "version", "_3", "values", "v1s"] {
            assert!(!is_version(no), "{no}");
        }
        // A path segment as the generator makes it an accessor.
        for segment in ["v2beta", "2010-04-01", "v1.1", "V2"] {
            assert!(is_version(&field_ident(segment)), "{segment}");
        }
    }

    fn classify_in(ops: &[Op], i: usize) -> Option<Class> {
        classify(&ops[i], None, false, &Context::new(ops))
    }

    #[test]
    fn classifies_a_version_accessor() {
        let ops = [op("GET", "/v1/files", &["v1", "files", "list"]), op("GET", "/users", &["users", "list"])];
        assert_eq!(classify_in(&ops, 0), Some(Class::Version));
        assert_eq!(classify_in(&ops, 1), None);
        // Kept: the endpoint is in another version too.
        let ops = [op("GET", "/v1/files", &["v1", "files", "list"]), op("GET", "/v2/files", &["v2", "files", "list"])];
        assert_eq!(classify_in(&ops, 0), Some(Class::VersionKept));
        assert!(!Class::VersionKept.is_bad());
    }

    #[test]
    fn classifies_a_base_accessor() {
        let mut ops: Vec<Op> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|w| op("GET", &format!("/api/{w}s"), &["api", &format!("{w}s"), "list"]))
            .collect();
        assert_eq!(classify_in(&ops, 0), Some(Class::Base));
        // Fewer than 90 % of the paths start with it.
        ops.push(op("GET", "/other/things", &["other", "things", "list"]));
        assert_eq!(classify_in(&ops, 0), None);
        // A collection with items is not a base.
        let ops: Vec<Op> = (0..5).map(|i| op("GET", &format!("/accounts/{{id}}/x{i}"), &["accounts", "get"])).collect();
        assert!(Context::new(&ops).base_words.is_empty());
    }

    #[test]
    fn classifies_suffix_fallback_long_acronym() {
        let ops = [
            op("GET", "/users.json", &["users_json", "list"]),
            op("GET", "/users/{id}/keys", &["users", "get_users_id_keys"]),
            op("POST", "/things", &["things", "create_op"]),
            op("GET", "/api/v1/items", &["items", "read_items_api_v1_items_get"]),
            op("GET", "/things", &["things", "list_things_for_the_current_user"]),
            op("GET", "/caa", &["caa_s_auth", "list"]),
            op("GET", "/points/{x}", &["points", "by_x"]),
        ];
        let context = Context::new(&ops);
        let classes: Vec<Option<Class>> = ops.iter().map(|op| classify(op, None, false, &context)).collect();
        let expected = [
            Some(Class::Suffix),
            Some(Class::Fallback),
            Some(Class::Fallback),
            Some(Class::Fallback),
            Some(Class::Long),
            Some(Class::Acronym),
            None,
        ];
        assert_eq!(classes, expected);
        // The whole operationId, of 4 words or more, made unique with `_2`.
        let by_id = op("GET", "/things", &["things", "list_all_the_things_2"]);
        assert_eq!(classify(&by_id, Some("listAllTheThings"), false, &context), Some(Class::Fallback));
        assert_eq!(classify(&by_id, Some("listThings"), false, &context), None);
    }

    #[test]
    fn classifies_list_on_one_object() {
        let ops = [op("GET", "/me", &["me", "list"]), op("GET", "/users", &["users", "list"])];
        let context = Context::new(&ops);
        assert_eq!(classify(&ops[0], None, true, &context), Some(Class::ListOne));
        assert_eq!(classify(&ops[0], None, false, &context), None);
        assert_eq!(classify(&ops[1], None, true, &context), None);
    }

    #[test]
    fn one_object_results() {
        let surface = Surface::from_json(
            r#"{"operations": {}, "types": {
                "Me": {"kind": "struct", "fields": {
                    "name": {"json": "name", "ty": "Option<String>"},
                    "tags": {"json": "tags", "ty": "Option<Vec<String>>"}
                }},
                "MeListResponse": {"kind": "alias", "target": "Me"},
                "Page": {"kind": "struct", "fields": {
                    "data": {"json": "data", "ty": "Option<Vec<Me>>"},
                    "has_more": {"json": "has_more", "ty": "bool"},
                    "kind": {"json": "kind", "ty": "Option<Kind>"}
                }},
                "Named": {"kind": "struct", "fields": {
                    "widgets": {"json": "widgets", "ty": "Vec<Me>"},
                    "extra": {"json": "", "ty": "std::collections::BTreeMap<String, serde_json::Value>"}
                }},
                "Kind": {"kind": "enum", "values": {"a": "A"}}
            }}"#,
        )
        .unwrap();
        let one = |result: &str| {
            let op = Op { result: result.to_string(), ..op("GET", "/v1/widgets", &["widgets", "list"]) };
            is_one_object(&op, &surface.types)
        };
        // A list field not named like one, beside a scalar: an object.
        assert!(one("Me"));
        assert!(one("MeListResponse"));
        assert!(one("crate::Me"));
        // `data` beside a paging field and an enum; a list named after the path.
        assert!(!one("Page"));
        assert!(!one("Named"));
        assert!(!one("Vec<Me>"));
        assert!(!one("Kind"));
        assert!(!one("Bytes"));
        assert!(!one("()"));
    }

    #[test]
    fn parses_arguments() {
        let args: Vec<String> =
            ["w", "s", "--min-match", "50", "--max-bad", "40.5%", "--list"].map(String::from).to_vec();
        let Args { wild, stainless, min_match, max_bad, list } = Args::parse(&args).unwrap();
        assert_eq!((wild, stainless), (PathBuf::from("w"), PathBuf::from("s")));
        assert_eq!((min_match, max_bad, list), (Some(50.0), Some(40.5), true));
        assert!(Args::parse(&args[..1]).is_err());
        assert!(Args::parse(&["w", "s", "--max-bad"].map(String::from)).is_err());
    }
}
