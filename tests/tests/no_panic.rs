//! The generator never panics on input: the specs in `specs/` are mutated at
//! random (keys dropped, values duplicated elsewhere, values retyped, `$ref`s
//! broken, `type`s swapped) and every run must return `Ok` or an `Err`, and
//! every `Ok` output must parse as Rust. A share of the cases mutate a config
//! instead (`specs/codegen.yaml` and the focused specs' `configs/`: its tree as
//! above, odd strings where names and paths go, or its text), a share mutate
//! one of the focused specs for what the Cloudflare spec lacks: Swagger 2.0
//! (`swagger2_*`, and the files they refer to), so the 2.0 conversion is fuzzed
//! too, and pagination extensions and schemes (`pagination_*`); and a share
//! generate the operation tests too (`EmitOptions::operation_tests`, now and
//! then with a crate name that is no identifier). 1,000 cases here; `cargo
//! xtask fuzz` runs more (`FUZZ_CASES`) and has a sample of the outputs
//! compiled (`FUZZ_SAVE_DIR`, `FUZZ_SAVE_EVERY`: the inputs of every Nth
//! successful case of each kind are written there for it). A failure prints
//! the seed that reproduces it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use codegen::config::FormatType;
use codegen::{Config, EmitOptions};
use serde_json::{Map, Value, json};

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// A spec to mutate: its files (name relative to the case's folder, parsed) and which is the root.
#[derive(Clone)]
struct Seed {
    root: String,
    files: Vec<(String, Value)>,
}

/// What the cases mutate.
struct Pristine {
    /// `specs/`, whose root is `cloudflare.yaml`.
    spec: Seed,
    /// Focused specs of what `spec` lacks (Swagger 2.0, pagination).
    focused: Vec<Seed>,
    configs: Vec<ConfigCase>,
}

/// The focused Swagger 2.0 and pagination specs, each with the files its `$ref`s name.
fn focused_seeds() -> Vec<Seed> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let read = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).expect("readable focused spec");
        (name.to_string(), serde_yaml::from_str(&text).expect("focused specs parse"))
    };
    let mut roots: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/specs exists")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| (name.starts_with("swagger2_") || name.starts_with("pagination_")) && name.ends_with(".yaml"))
        .collect();
    roots.sort();
    let shared = ["shared/swagger2_models.yaml", "shared/swagger2_paths.yaml"];
    roots
        .into_iter()
        .map(|root| {
            let mut files = vec![read(&root)];
            if root == "swagger2_schemas.yaml" {
                files.extend(shared.iter().map(|name| read(name)));
            }
            Seed { root, files }
        })
        .collect()
}

fn spec_files() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut files: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("specs/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let text = std::fs::read_to_string(&p).expect("readable spec");
            (name, serde_yaml::from_str(&text).expect("specs/ parse"))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Every JSON pointer in `value`, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(child, format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn retyped(value: &Value, choice: usize) -> Value {
    let options = [
        json!(null),
        json!(true),
        json!(7),
        json!(-1.5),
        json!("text"),
        json!([]),
        json!({}),
        json!([{"type": "string"}]),
    ];
    let mut pick = options[choice % options.len()].clone();
    if pick == *value {
        pick = json!({"unexpected": value.clone()});
    }
    pick
}

fn mutate(files: &mut [(String, Value)], rng: &mut Rng) {
    let file = rng.below(files.len());
    let mut all = Vec::new();
    pointers(&files[file].1, String::new(), &mut all);
    let target = all[rng.below(all.len())].clone();
    let donor_pointer = all[rng.below(all.len())].clone();
    let donor = files[file].1.pointer(&donor_pointer).cloned().unwrap_or(Value::Null);
    let choice = rng.below(1000);
    let Some(node) = files[file].1.pointer_mut(&target) else { return };
    match rng.below(6) {
        // Drop a key.
        0 => {
            if let Value::Object(map) = node
                && let Some(key) = map.keys().nth(choice % map.len().max(1)).cloned()
            {
                map.remove(&key);
            }
        }
        // Duplicate a subtree under this node (or in place of it).
        1 => match node {
            Value::Object(map) => {
                map.insert(format!("copy{choice}"), donor);
            }
            other => *other = donor,
        },
        // Change the value's JSON type.
        2 => *node = retyped(node, choice),
        // Break or redirect a `$ref`.
        3 => {
            let broken = [
                "#/components/schemas/Missing",
                "missing.yaml#/x",
                "#",
                "common.yaml#/components",
                "#/paths",
                "http://example.com/x.json",
            ];
            match node {
                Value::Object(map) => {
                    map.insert("$ref".into(), json!(broken[choice % broken.len()]));
                }
                other => *other = json!({"$ref": broken[choice % broken.len()]}),
            }
        }
        // Swap a schema's `type`.
        4 => {
            let types = [
                json!("object"),
                json!("array"),
                json!("string"),
                json!("integer"),
                json!(["string", "null"]),
                json!("null"),
                json!(42),
            ];
            if let Value::Object(map) = node {
                map.insert("type".into(), types[choice % types.len()].clone());
            }
        }
        // Wrap in a combinator (unions and merges of odd shapes).
        _ => {
            let inner = node.clone();
            let keyword = ["allOf", "anyOf", "oneOf"][choice % 3];
            let mut map = Map::new();
            map.insert(keyword.into(), json!([inner, donor]));
            *node = Value::Object(map);
        }
    }
}

fn write_files(dir: &Path, files: &[(String, Value)]) {
    for (name, value) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("case dir");
        }
        std::fs::write(path, serde_json::to_string(value).expect("JSON")).expect("write spec");
    }
}

/// What a case fuzzes; the seed decides.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Mutated specs, no config.
    Spec,
    /// Mutated specs, with the operation tests.
    OperationTests,
    /// A mutated config, with the spec it was written for.
    Config,
    /// A mutated focused spec (Swagger 2.0, pagination), now and then with the operation tests.
    Focused,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Spec, Kind::OperationTests, Kind::Config, Kind::Focused];

    /// Of ten cases, five mutate specs alone, two add operation tests, two mutate a config and one a focused spec.
    fn of(seed: u64) -> Kind {
        match seed % 10 {
            3 | 8 => Kind::OperationTests,
            4 | 9 => Kind::Config,
            2 => Kind::Focused,
            _ => Kind::Spec,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Spec => "spec",
            Kind::OperationTests => "operation-tests",
            Kind::Config => "config",
            Kind::Focused => "focused",
        }
    }
}

/// A config and the spec it was written for.
struct ConfigCase {
    spec: PathBuf,
    text: String,
}

/// `specs/codegen.yaml` with `specs/cloudflare.yaml`, and each focused spec's config with it.
fn config_cases() -> Vec<ConfigCase> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cases = vec![ConfigCase {
        spec: root.join("specs/cloudflare.yaml"),
        text: std::fs::read_to_string(root.join("specs/codegen.yaml")).expect("specs/codegen.yaml"),
    }];
    let configs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/configs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&configs)
        .expect("tests/specs/configs/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let spec = configs.join("..").join(path.file_name().expect("a file name"));
        cases.push(ConfigCase { spec, text: std::fs::read_to_string(&path).expect("readable config") });
    }
    cases
}

/// Strings that test a config reader where it takes names, paths, globs and Rust types.
const ODD_STRINGS: &[&str] = &[
    "a²::B",
    "é::Id",
    "fn",
    "crate",
    "crate::",
    "::",
    "",
    "r#type",
    "Self",
    "super::super::X",
    "a b",
    "1dup",
    "String",
    "Copy",
    "uuid::Uuid",
    "#/components/schemas/Missing",
    "#/components/schemas/",
    "#",
    "get /nowhere/{id}",
    "GET",
    "fetch /a",
    "/**",
    "**",
    "*",
    "/a/*/b*",
    "x.y.z",
    "..",
    "/",
    "~1",
    "true",
    "-1",
    "99999999999999999999",
    "\u{0}",
    "{",
    "[",
    "*a",
    "&a",
    "PartialEq",
    "date-time",
    "runtime",
];

/// A config mutated as a tree (an entry dropped, a value put where another
/// was, an odd string for a value or a key, or any mutation of a spec), or as
/// text (a line dropped or doubled, an anchor or alias added, the text cut short).
fn mutate_config(text: &str, rng: &mut Rng) -> String {
    let mut files = vec![("codegen.yaml".to_string(), serde_yaml::from_str(text).unwrap_or(Value::Null))];
    for _ in 0..=rng.below(2) {
        let mut all = Vec::new();
        pointers(&files[0].1, String::new(), &mut all);
        let value = |pointer: &String| files[0].1.pointer(pointer).cloned().unwrap_or(Value::Null);
        let scalars: Vec<String> =
            all.iter().filter(|p| !matches!(value(p), Value::Object(_) | Value::Array(_))).cloned().collect();
        let target = scalars.get(rng.below(scalars.len())).cloned().unwrap_or_default();
        let donor = scalars.get(rng.below(scalars.len())).map(value).unwrap_or(Value::Null);
        let container = all[rng.below(all.len())].clone();
        let odd = ODD_STRINGS[rng.below(ODD_STRINGS.len())];
        let choice = rng.below(8);
        let root = &mut files[0].1;
        match choice {
            0 => mutate(&mut files, rng),
            1 | 2 => match root.pointer_mut(&container) {
                Some(Value::Object(map)) if !map.is_empty() => {
                    let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
                    map.remove(&key);
                }
                Some(Value::Array(items)) if !items.is_empty() => {
                    items.remove(rng.below(items.len()));
                }
                _ => {}
            },
            3 | 4 => {
                if let Some(node) = root.pointer_mut(&target) {
                    *node = donor;
                }
            }
            // A key, then.
            5 => {
                if let Some(Value::Object(map)) = root.pointer_mut(&container)
                    && let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned()
                    && let Some(value) = map.remove(&key)
                {
                    map.insert(odd.to_string(), value);
                }
            }
            _ => {
                if let Some(node) = root.pointer_mut(&target) {
                    *node = json!(odd);
                }
            }
        }
    }
    let text = serde_yaml::to_string(&files[0].1).unwrap_or_default();
    if rng.below(4) > 0 {
        return text;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = rng.below(lines.len());
    match rng.below(4) {
        0 if at < lines.len() => {
            lines.remove(at);
        }
        1 => lines.insert(at, lines.get(at).cloned().unwrap_or_default()),
        2 => {
            if let Some(line) = lines.get_mut(at) {
                let mark = [" &a", " *a", " &a [x, *a]", ": *missing", " !!str"][rng.below(5)];
                line.push_str(mark);
            }
        }
        _ => lines.truncate(at),
    }
    lines.join("\n")
}

/// Whether a config maps something to a Rust type of the user's: such output
/// cannot compile on its own (it needs `crate::custom_types`, or a crate
/// fetched for the dependency line), so it is not handed to the compile check.
fn brings_rust_types(config: &Config) -> bool {
    config.types.iter().any(|rule| rule.replace.is_some())
        || config.formats.iter().any(|rule| matches!(rule.ty, FormatType::Rust(_)))
}

/// What the compile check of `cargo xtask fuzz` needs to make the case's crate again.
struct Saved {
    /// The root spec and the files beside it, as the case read them.
    files: Vec<(String, String)>,
    /// Which of `files` is the root.
    root: String,
    /// Where the case read its spec, when it is not in `files`.
    spec: Option<PathBuf>,
    config: Option<String>,
    operation_tests: Option<String>,
}

/// `Ok(Some)` for a case that generated code, with what it needs to be made again.
fn run_case(seed: u64, pristine: &Pristine, dir: &Path) -> Result<Option<Saved>, String> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let kind = Kind::of(seed);
    let mut saved = Saved { files: Vec::new(), root: String::new(), spec: None, config: None, operation_tests: None };
    let mut options = EmitOptions::default();
    let outcome = if kind == Kind::Config {
        let configs = &pristine.configs;
        let case = &configs[rng.below(configs.len())];
        let text = mutate_config(&case.text, &mut rng);
        saved.spec = Some(case.spec.clone());
        saved.config = Some(text.clone());
        catch_unwind(AssertUnwindSafe(|| {
            // Overlays a focused config lists are read from its folder.
            let folder = case.spec.parent().map(|specs| specs.join("configs")).unwrap_or_default();
            let config = Config::from_str_in("codegen.yaml", &text, &folder)?;
            if brings_rust_types(&config) {
                saved.config = None;
            }
            codegen::generate_with_config(&case.spec, &config, &options)
        }))
    } else {
        let (spec, dir) = match kind {
            // In a folder of their own: a `$ref` broken into `common.yaml` must not find cloudflare's.
            Kind::Focused => (&pristine.focused[rng.below(pristine.focused.len())], dir.join("focused")),
            _ => (&pristine.spec, dir.to_path_buf()),
        };
        let mut files = spec.files.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut files, &mut rng);
        }
        if kind == Kind::OperationTests || (kind == Kind::Focused && rng.below(2) == 0) {
            // Now and then a name the generator must refuse.
            let odd = ["fuzz_api", "api", "1dup", "fn", "-", "é", ""];
            let name = if rng.below(4) == 0 { odd[rng.below(odd.len())] } else { "fuzz-api" };
            options.operation_tests = Some(name.to_string());
            saved.operation_tests = Some(name.to_string());
        }
        // The README is generated too: its examples come from the (mutated) spec.
        options.readme = Some(codegen::emit::Readme::new("fuzz-api", &codegen::Config::default()));
        write_files(&dir, &files);
        saved.files =
            files.iter().map(|(name, value)| (name.clone(), serde_json::to_string(value).expect("JSON"))).collect();
        saved.root = spec.root.clone();
        let root = dir.join(&spec.root);
        catch_unwind(AssertUnwindSafe(|| codegen::generate(&root, &options)))
    };
    let kind = kind.name();
    match outcome {
        Err(_) => Err(format!("seed {seed} ({kind}): the generator panicked")),
        Ok(Err(_)) => Ok(None),
        Ok(Ok(generated)) => {
            for (name, text) in &generated.files {
                if name.ends_with(".rs") {
                    syn::parse_file(text)
                        .map_err(|e| format!("seed {seed} ({kind}): {name} is not valid Rust: {e}"))?;
                }
            }
            Ok(Some(saved))
        }
    }
}

/// Writes a case for the compile check: `case.json` (the spec to read, whether
/// there is a config, the operation tests' crate name) and its files.
fn save(root: &Path, seed: u64, kind: Kind, saved: &Saved) {
    let dir = root.join(format!("{}-{seed}", kind.name()));
    std::fs::create_dir_all(&dir).expect("case dir");
    for (name, text) in &saved.files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("case dir");
        }
        std::fs::write(path, text).expect("write spec");
    }
    if let Some(config) = &saved.config {
        std::fs::write(dir.join("codegen.yaml"), config).expect("write config");
    }
    let spec = saved.spec.clone().unwrap_or_else(|| dir.join(&saved.root));
    let case = json!({
        "seed": seed,
        "spec": spec.canonicalize().unwrap_or(spec),
        "config": saved.config.is_some(),
        "operation_tests": saved.operation_tests,
    });
    std::fs::write(dir.join("case.json"), case.to_string()).expect("write case");
}

#[test]
fn mutated_specs_never_panic_and_always_give_valid_rust() {
    let cases: u64 = std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let save_dir = std::env::var_os("FUZZ_SAVE_DIR").map(PathBuf::from);
    let save_every: usize = std::env::var("FUZZ_SAVE_EVERY").ok().and_then(|n| n.parse().ok()).unwrap_or(500).max(1);
    let pristine = Pristine {
        spec: Seed { root: "cloudflare.yaml".to_string(), files: spec_files() },
        focused: focused_seeds(),
        configs: config_cases(),
    };
    let dir: PathBuf = std::env::temp_dir().join(format!("codegen-no-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Panics are caught and reported with their seed; keep the default hook from flooding the output.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    // Per kind: cases run, cases that generated code, and the time they took.
    let mut counts = [(0usize, 0usize, std::time::Duration::ZERO); Kind::ALL.len()];
    for seed in 0..cases {
        let kind = Kind::of(seed);
        let count = &mut counts[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)];
        count.0 += 1;
        let started = std::time::Instant::now();
        let outcome = run_case(seed, &pristine, &dir);
        count.2 += started.elapsed();
        match outcome {
            Err(failure) => failures.push(failure),
            Ok(None) => {}
            Ok(Some(saved)) => {
                if let Some(save_dir) = &save_dir
                    && count.1 % save_every == 0
                    && (kind != Kind::Config || saved.config.is_some())
                {
                    save(save_dir, seed, kind, &saved);
                }
                count.1 += 1;
            }
        }
    }
    let _ = std::panic::take_hook();
    let _ = std::fs::remove_dir_all(&dir);
    for (kind, (run, generated, took)) in Kind::ALL.iter().zip(counts) {
        println!("{}: {run} cases, {generated} generated code, {:.1}s", kind.name(), took.as_secs_f64());
    }
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}
