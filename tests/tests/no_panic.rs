//! The generator never panics on input: the specs in `specs/` are mutated at
//! random (keys dropped, values duplicated elsewhere, values retyped, `$ref`s
//! broken, `type`s swapped) and every run must return `Ok` or an `Err`, and
//! every `Ok` output must parse as Rust. 1,000 cases here; `cargo xtask fuzz`
//! runs more (`FUZZ_CASES`). A failure prints the seed that reproduces it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use codegen::EmitOptions;
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
        std::fs::write(dir.join(name), serde_json::to_string(value).expect("JSON")).expect("write spec");
    }
}

fn run_case(seed: u64, pristine: &[(String, Value)], dir: &Path) -> Result<(), String> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut files = pristine.to_vec();
    for _ in 0..=rng.below(3) {
        mutate(&mut files, &mut rng);
    }
    write_files(dir, &files);
    let root = dir.join("cloudflare.yaml");
    let outcome = catch_unwind(AssertUnwindSafe(|| codegen::generate(&root, &EmitOptions::default())));
    match outcome {
        Err(_) => Err(format!("seed {seed}: the generator panicked")),
        Ok(Err(_)) => Ok(()),
        Ok(Ok(generated)) => {
            for (name, text) in &generated.files {
                if name.ends_with(".rs") {
                    syn::parse_file(text).map_err(|e| format!("seed {seed}: {name} is not valid Rust: {e}"))?;
                }
            }
            Ok(())
        }
    }
}

#[test]
fn mutated_specs_never_panic_and_always_give_valid_rust() {
    let cases: u64 = std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let pristine = spec_files();
    let dir: PathBuf = std::env::temp_dir().join(format!("codegen-no-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Panics are caught and reported with their seed; keep the default hook from flooding the output.
    std::panic::set_hook(Box::new(|_| {}));
    let failures: Vec<String> = (0..cases).filter_map(|seed| run_case(seed, &pristine, &dir).err()).collect();
    let _ = std::panic::take_hook();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}
