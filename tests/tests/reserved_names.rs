//! The names the generator keeps away from, tied to what they protect. `name/`
//! holds hand-copied lists of the runtime's methods, the crates' features and
//! the type names generated code uses unqualified; these tests read the
//! runtime's source (`generated-client/src/runtime/`), the manifests and the
//! generated code, and fail, naming what to add or remove, when a list drifts.
//!
//! - `CLIENT_METHODS`, `BUILDER_METHODS`: exactly every method a `Client` /
//!   `ClientBuilder` answers to: the runtime's inherent methods of any
//!   visibility (the generated impls live in the same crate, where two inherent
//!   methods of one name clash whatever their visibility), the methods of the
//!   traits the runtime implements or derives for it (a generated inherent
//!   method would win over them, in the runtime's own `client.clone()` too),
//!   and the methods every generated `client.rs` adds (`builder`, `from_env`).
//! - `CRATE_FEATURES`: exactly the features of generated-client's manifest, of
//!   the standalone crate's (`xtask/src/standalone.rs`) other than the resource
//!   features, and `unreferenced-models`.
//! - `RESERVED_TYPE_NAMES`: at least every capitalised name that generated code,
//!   or a runtime macro it invokes, uses unqualified, since a generated type of
//!   that name would shadow it. Only at least: a name that is no longer used
//!   stays, as dropping it would rename the types of existing specs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::EmitOptions;
use codegen::name::{BUILDER_METHODS, CLIENT_METHODS, CRATE_FEATURES, RESERVED_TYPE_NAMES, UNREFERENCED_FEATURE};
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The runtime's source files (`runtime/client.rs`, …), parsed, in name order.
fn runtime() -> Vec<(String, syn::File)> {
    let dir = root().join("generated-client/src/runtime");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the runtime's directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = format!("runtime/{}", path.file_name().unwrap_or_default().to_string_lossy());
            let file = syn::parse_file(&read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect()
}

/// The items of a file, those of its inline modules included, but not its tests.
fn items(items: &[syn::Item]) -> Vec<&syn::Item> {
    let mut out = Vec::new();
    for item in items {
        if let syn::Item::Mod(module) = item {
            let test = |a: &syn::Attribute| {
                a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
            };
            if module.attrs.iter().any(test) {
                continue;
            }
            if let Some((_, inner)) = &module.content {
                out.extend(self::items(inner));
            }
        }
        out.push(item);
    }
    out
}

/// `Client` for `Client`, `rt::Client` and `crate::runtime::Client`.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The methods a derived trait gives a type.
fn derived_methods(derive: &str) -> &'static [&'static str] {
    match derive {
        "Clone" => &["clone", "clone_from"],
        "Debug" => &["fmt"],
        "Default" => &["default"],
        "PartialEq" => &["eq", "ne"],
        "Eq" | "Copy" => &[],
        "Hash" => &["hash", "hash_slice"],
        other => panic!("a runtime type derives `{other}`: add its methods to `derived_methods` in this test"),
    }
}

/// Every method of `ty` in `files`, with where it comes from.
fn methods(files: &[(String, syn::File)], ty: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, file) in files {
        for item in items(&file.items) {
            match item {
                syn::Item::Impl(block) if type_name(&block.self_ty).as_deref() == Some(ty) => {
                    let what = match &block.trait_ {
                        Some((path, _)) => format!("{name}: impl {} for {ty}", quote_path(path)),
                        None => format!("{name}: impl {ty}"),
                    };
                    for member in &block.items {
                        if let syn::ImplItem::Fn(function) = member {
                            out.entry(function.sig.ident.to_string()).or_insert_with(|| what.clone());
                        }
                    }
                }
                syn::Item::Struct(item) if item.ident == ty => {
                    for attr in item.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let derives = attr
                            .parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                            .unwrap_or_else(|e| panic!("{name}: the derives of {ty}: {e}"));
                        for derive in derives {
                            let derive = quote_path(&derive);
                            let trait_name = derive.rsplit("::").next().unwrap_or_default();
                            for method in derived_methods(trait_name) {
                                out.entry(method.to_string())
                                    .or_insert_with(|| format!("{name}: #[derive({derive})] on {ty}"));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn quote_path(path: &syn::Path) -> String {
    path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

/// The client code generated for a spec with no operations and no security
/// schemes: what every `client.rs` has, without accessors or scheme methods.
fn generated_client_rs() -> (String, syn::File) {
    let spec = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
    let generated = codegen::generate_from_value("spec.yaml", spec, Path::new("."), &EmitOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = &generated.files["client.rs"];
    ("generated client.rs".to_string(), syn::parse_file(text).unwrap_or_else(|e| panic!("client.rs: {e}")))
}

/// What `list` lacks of `expected`, as messages.
fn missing(list_name: &str, defined_in: &str, list: &[&str], expected: &BTreeMap<String, String>) -> Vec<String> {
    expected
        .iter()
        .filter(|(name, _)| !list.contains(&name.as_str()))
        .map(|(name, source)| format!("add `{name}` to {list_name} ({defined_in}): {source}"))
        .collect()
}

/// What `list` lacks of `expected` and has beyond it, as messages.
fn drift(list_name: &str, defined_in: &str, list: &[&str], expected: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = missing(list_name, defined_in, list, expected);
    for name in list {
        if !expected.contains_key(*name) {
            problems.push(format!("remove `{name}` from {list_name} ({defined_in}): nothing it mirrors has it (see tests/tests/reserved_names.rs)"));
        }
    }
    problems
}

fn assert_no_drift(problems: Vec<String>) {
    assert!(problems.is_empty(), "the reserved names have drifted from what they protect:\n{}", problems.join("\n"));
}

fn expected_methods(ty: &str) -> BTreeMap<String, String> {
    let mut expected = methods(&runtime(), ty);
    for (method, source) in methods(&[generated_client_rs()], ty) {
        expected.entry(method).or_insert(source);
    }
    expected
}

#[test]
fn client_methods_are_the_runtime_clients() {
    let expected = expected_methods("Client");
    assert!(expected.contains_key("with_options") && expected.contains_key("builder"), "{expected:?}");
    assert_no_drift(drift("CLIENT_METHODS", "codegen/src/name/operations.rs", CLIENT_METHODS, &expected));
}

#[test]
fn builder_methods_are_the_runtime_builders() {
    let expected = expected_methods("ClientBuilder");
    assert!(expected.contains_key("credential") && expected.contains_key("from_env"), "{expected:?}");
    assert_no_drift(drift("BUILDER_METHODS", "codegen/src/name/mod.rs", BUILDER_METHODS, &expected));
}

/// The keys of a manifest's `[features]` table, from `text` (a manifest or a
/// template of one): `name = [..]` lines up to the next table or template slot.
fn feature_keys(text: &str, source: &str) -> BTreeMap<String, String> {
    let start = text.find("\n[features]\n").unwrap_or_else(|| panic!("{source} has no [features] table"));
    let mut out = BTreeMap::new();
    for line in text[start + "\n[features]\n".len()..].lines() {
        let line = line.trim();
        if line.starts_with('[') || line.starts_with('{') {
            break;
        }
        let Some((key, _)) = line.split_once(" = ") else { continue };
        if !line.starts_with('#') && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            out.insert(key.to_string(), source.to_string());
        }
    }
    assert!(!out.is_empty(), "{source}: no features found");
    out
}

#[test]
fn crate_features_are_the_manifests() {
    let mut expected = feature_keys(
        &read(&root().join("xtask/src/standalone.rs")),
        "a feature of the standalone crate's Cargo.toml (xtask/src/standalone.rs)",
    );
    for (feature, source) in
        feature_keys(&read(&root().join("generated-client/Cargo.toml")), "a feature of generated-client/Cargo.toml")
    {
        expected.entry(feature).or_insert(source);
    }
    expected.insert(UNREFERENCED_FEATURE.to_string(), "the models no operation uses".to_string());
    assert!(expected.contains_key("all-resources") && expected.contains_key("extra-fields"), "{expected:?}");
    assert_no_drift(drift("CRATE_FEATURES", "codegen/src/name/mod.rs", CRATE_FEATURES, &expected));
}

/// Capitalised names some tokens use unqualified, and those they define.
#[derive(Default)]
struct Names {
    used: BTreeSet<String>,
    defined: BTreeSet<String>,
}

/// Scans tokens of Rust (or of a macro's body). A name is used when no path,
/// `.`, `$` or `'` comes before it (`Option<T>`, `Self::A`; not `rt::Call`,
/// `x.Y`, `$Name`); defined after `struct`, `type`, `const`, … or as a
/// generic parameter with bounds (`<S: Serializer>`). Attributes are skipped:
/// derives resolve in the macro namespace, which types do not share. So is
/// `query_styled(Style)` in a `params!` row: the macro writes `QueryStyle::$style`.
fn scan(stream: TokenStream, names: &mut Names) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let punct = |i: usize| match tokens.get(i) {
        Some(TokenTree::Punct(p)) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let skip = if punct(i + 1).is_some_and(|(c, _)| c == '!') { 2 } else { 1 };
                if matches!(tokens.get(i + skip), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket) {
                    i += skip;
                }
            }
            TokenTree::Group(group) => scan(group.stream(), names),
            TokenTree::Ident(ident) if ident == "query_styled" => {
                if matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis) {
                    i += 1;
                }
            }
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let after_path = i >= 2
                    && punct(i - 2) == Some((':', Spacing::Joint))
                    && punct(i - 1).is_some_and(|(c, _)| c == ':');
                let after_punct = i >= 1 && punct(i - 1).is_some_and(|(c, _)| matches!(c, '.' | '$' | '\''));
                let after_keyword = i >= 1
                    && matches!(&tokens[i - 1], TokenTree::Ident(k)
                        if ["struct", "enum", "union", "type", "const", "static", "fn", "trait", "mod"].iter().any(|w| k == w));
                let generic = i >= 1
                    && punct(i - 1).is_some_and(|(c, _)| c == '<' || c == ',')
                    && punct(i + 1) == Some((':', Spacing::Alone));
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    if after_keyword || generic {
                        names.defined.insert(name);
                    } else if !after_path && !after_punct {
                        names.used.insert(name);
                    }
                }
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        i += 1;
    }
}

/// The names a generated file defines: its items, variants and generic parameters.
fn defined(file: &syn::File) -> BTreeSet<String> {
    fn generics(generics: &syn::Generics, out: &mut BTreeSet<String>) {
        for param in &generics.params {
            if let syn::GenericParam::Type(param) = param {
                out.insert(param.ident.to_string());
            }
        }
    }
    let mut out = BTreeSet::new();
    for item in items(&file.items) {
        match item {
            syn::Item::Struct(item) => {
                out.insert(item.ident.to_string());
                generics(&item.generics, &mut out);
            }
            syn::Item::Enum(item) => {
                out.insert(item.ident.to_string());
                out.extend(item.variants.iter().map(|v| v.ident.to_string()));
                generics(&item.generics, &mut out);
            }
            syn::Item::Type(item) => {
                out.insert(item.ident.to_string());
            }
            syn::Item::Const(item) => {
                out.insert(item.ident.to_string());
            }
            syn::Item::Static(item) => {
                out.insert(item.ident.to_string());
            }
            syn::Item::Fn(item) => generics(&item.sig.generics, &mut out),
            syn::Item::Impl(block) => {
                generics(&block.generics, &mut out);
                for member in &block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        generics(&function.sig.generics, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `types.rs`, where the generated types are named, for every focused spec
/// (with its config) and the committed client's spec.
fn generated_types() -> Vec<(String, String)> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&specs)
        .expect("tests/specs")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let options = EmitOptions { runtime_path: tests::support::RUNTIME_PATH.to_string(), ..Default::default() };
    let mut runs = Vec::new();
    for path in paths {
        let config = tests::support::config_for(&path).unwrap_or_else(|e| panic!("{e}"));
        runs.push((path.clone(), codegen::generate_with_config(&path, &config, &options)));
    }
    let client = root().join("specs/cloudflare.yaml");
    let config = codegen::Config::from_path(&root().join("specs/codegen.yaml")).unwrap_or_else(|e| panic!("{e}"));
    runs.push((client.clone(), codegen::generate_with_config(&client, &config, &EmitOptions::default())));
    runs.into_iter()
        .map(|(path, generated)| {
            let mut generated = generated.unwrap_or_else(|e| panic!("{e}"));
            let spec = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            (format!("{spec}: types.rs"), generated.files.remove("types.rs").unwrap_or_default())
        })
        .collect()
}

#[test]
fn reserved_type_names_cover_every_name_used_unqualified() {
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    for (source, text) in generated_types() {
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        let mut names = Names::default();
        scan(text.parse().unwrap_or_else(|e| panic!("{source}: {e}")), &mut names);
        names.defined.extend(defined(&file));
        for name in names.used.difference(&names.defined) {
            used.entry(name.clone()).or_insert_with(|| format!("generated code uses it unqualified ({source})"));
        }
    }
    // The runtime's macros expand into `types.rs`, where their unqualified names would resolve.
    for (source, file) in runtime() {
        for item in items(&file.items) {
            let syn::Item::Macro(item) = item else { continue };
            if item.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                let mut names = Names::default();
                scan(item.mac.tokens.clone(), &mut names);
                for name in names.used.difference(&names.defined) {
                    used.entry(name.clone()).or_insert_with(|| format!("a macro of {source} uses it unqualified"));
                }
            }
        }
    }
    assert!(used.contains_key("Option") && used.contains_key("String"), "{used:?}");
    // Only what is missing: a name no longer used stays reserved (see the module's docs).
    assert_no_drift(missing("RESERVED_TYPE_NAMES", "codegen/src/ident.rs", RESERVED_TYPE_NAMES, &used));
}
