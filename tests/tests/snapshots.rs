//! insta snapshots of generated code: one small spec per construct
//! (`tests/specs/*.yaml`) plus the whole client generated from `specs/`.
//! The same code is compiled with warnings denied by this crate's `build.rs`.
//! Review changes with `cargo insta review`.

use std::path::{Path, PathBuf};

use codegen::{EmitOptions, Generated};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// A focused spec as `build.rs` generates it, with its config (`specs/configs/`) when it has one.
fn generate(path: &Path) -> Generated {
    // `sample_*` specs are about the operation tests' arguments: those are generated too.
    let operation_tests =
        path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.starts_with("sample_")).then(|| "api".to_string());
    let options =
        EmitOptions { runtime_path: tests::support::RUNTIME_PATH.to_string(), operation_tests, ..Default::default() };
    let config = tests::support::config_for(path).unwrap_or_else(|e| panic!("{e}"));
    codegen::generate_with_config(path, &config, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// api.md, then any warnings, then the Rust code: everything a reviewer needs in one file.
fn render(generated: &Generated, files: &[&str]) -> String {
    let mut out = String::new();
    if !generated.warnings.is_empty() {
        out.push_str("# warnings\n");
        for warning in &generated.warnings {
            out.push_str(&format!("{warning}\n"));
        }
        out.push('\n');
    }
    for file in files {
        out.push_str(&format!("# {file}\n{}\n", generated.files[*file]));
    }
    out
}

macro_rules! focused {
    ($($name:ident),* $(,)?) => {
        const FOCUSED: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                let generated = generate(&specs_dir().join(concat!(stringify!($name), ".yaml")));
                // The client's entry points only where a config sets them.
                let files: &[&str] = match stringify!($name) {
                    "config_client" | "config_client_options" | "config_environments" => &["api.md", "client.rs"],
                    "client_headers" => &["api.md", "client.rs", "resources.rs"],
                    "webhooks" => &["api.md", "types.rs", "resources.rs", "client.rs"],
                    "server_variables" => &["api.md", "client.rs", "resources.rs"],
                    // What a 2.0 spec's servers and security definitions became.
                    "swagger2_security" | "swagger2_servers" => &["api.md", "types.rs", "resources.rs", "client.rs"],
                    name if name.starts_with("sample_") => &["types.rs", "operation_tests.rs"],
                    // Examples are labelled by file and parameter name: operations in two files
                    // have parameters at the same pointer.
                    "operation_ref" => &["api.md", "types.rs", "resources.rs", "examples.rs"],
                    _ => &["api.md", "types.rs", "resources.rs"],
                };
                insta::assert_snapshot!(render(&generated, files));
            }
        )*
    };
}

focused!(
    additional_properties,
    all_of_merge,
    any_of,
    big_numbers,
    bodies,
    body_media,
    carriage_returns,
    client_headers,
    config_client,
    config_client_options,
    config_dates,
    config_derives,
    config_environments,
    config_method_words,
    config_pagination,
    config_patches,
    config_resource_map,
    config_scoped_models,
    config_select,
    config_transforms,
    config_types,
    cookies,
    cross_file_ref,
    dates,
    deep_maps,
    definitions_refs,
    discriminated_one_of,
    extension_refs,
    keyword_names,
    media_type_parameters,
    name_collision,
    names_actions,
    names_base_path,
    names_extensions,
    names_file_suffix,
    names_fragment_query,
    names_opid_fallbacks,
    names_rpc,
    names_singletons,
    names_verb_first,
    names_versions,
    nested_all_of_envelope,
    nested_defs,
    null_type_3_1,
    nullable_3_0,
    odd_property_names,
    operation_ref,
    operation_servers,
    pagination_cursors,
    pagination_declared,
    pagination_links,
    pagination_negatives,
    pagination_numbers,
    path_parameter_not_in_path,
    query_styles,
    read_only_write_only,
    recursion,
    required_added,
    reserved_resource_names,
    sample_limits,
    server_variables,
    several_responses,
    shared_shapes,
    single_variant_one_of,
    streams,
    string_enum,
    swagger2_bodies,
    swagger2_params,
    swagger2_responses,
    swagger2_schemas,
    swagger2_security,
    swagger2_servers,
    undeclared_path_parameters,
    uploads,
    webhooks,
);

#[test]
fn every_focused_spec_has_a_snapshot_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(specs_dir())
        .expect("tests/specs exists")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, FOCUSED, "add new specs to the focused! list");
}

fn client_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/cloudflare.yaml")
}

/// The committed client's config, `specs/codegen.yaml`.
fn client_config() -> codegen::Config {
    codegen::Config::from_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/codegen.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn whole_client() {
    let generated = codegen::generate_with_config(&client_spec(), &client_config(), &EmitOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(render(&generated, &["api.md", "mod.rs", "client.rs", "resources.rs", "types.rs"]));
}

#[test]
fn output_is_byte_identical_across_runs() {
    let mut specs: Vec<PathBuf> = FOCUSED.iter().map(|name| specs_dir().join(format!("{name}.yaml"))).collect();
    specs.push(client_spec());
    for spec in specs {
        let first = generate(&spec);
        let second = generate(&spec);
        assert_eq!(first.files, second.files, "{}", spec.display());
        assert_eq!(first.warnings, second.warnings, "{}", spec.display());
    }
}

/// Every file of every focused spec, the client and the operation tests included
/// (`build.rs` compiles only the models and resources), is Rust that rustc's
/// lexer takes: no bare carriage return in a doc comment, for one.
#[test]
fn focused_specs_parse_as_rust() {
    for name in FOCUSED {
        let path = specs_dir().join(format!("{name}.yaml"));
        let config = tests::support::config_for(&path).unwrap_or_else(|e| panic!("{e}"));
        let options = EmitOptions {
            runtime_path: tests::support::RUNTIME_PATH.to_string(),
            operation_tests: Some("api".to_string()),
            ..Default::default()
        };
        let generated = codegen::generate_with_config(&path, &config, &options).unwrap_or_else(|e| panic!("{e}"));
        for (file, text) in &generated.files {
            if file.ends_with(".rs") {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
            }
        }
    }
}

#[test]
fn generated_files_parse_as_rust() {
    let generated = generate(&client_spec());
    for (name, text) in &generated.files {
        if name.ends_with(".rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

/// The README `cargo xtask generate` writes for a few focused specs: streams, uploads and pages,
/// and a client configured with options. `cargo xtask focused` compiles its examples (doctests).
#[test]
fn focused_readmes() {
    for name in ["streams", "uploads", "pagination_cursors", "config_client_options"] {
        let path = specs_dir().join(format!("{name}.yaml"));
        let config = tests::support::config_for(&path).unwrap_or_else(|e| panic!("{e}"));
        let readme = codegen::emit::Readme::new(&format!("focused-{}", name.replace('_', "-")), &config);
        let options = EmitOptions { resource_features: true, readme: Some(readme), ..Default::default() };
        let generated = codegen::generate_with_config(&path, &config, &options).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(format!("readme_{name}"), generated.files["README.md"]);
    }
}
