use super::*;

fn parse(text: &str) -> Config {
    Config::from_str("codegen.yaml", text).unwrap_or_else(|e| panic!("{e}"))
}

fn error(text: &str) -> String {
    Config::from_str("codegen.yaml", text).expect_err("the config is wrong").to_string()
}

#[test]
fn a_stainless_resource_map_is_read_as_it_is() {
    let config = parse(
        r#"organization:
  name: acme
resources:
  accounts:
    methods:
      list: get /accounts
      get: get /accounts/{account_id}
    subresources:
      tokens:
        models:
          token: '#/components/schemas/iam_token'
        methods:
          create: post /accounts/{account_id}/tokens
          update:
            endpoint: put /accounts/{account_id}/tokens/{token_id}
            positional_params: [token_id]
        only: [python]
"#,
    );
    let names: Vec<(String, &str, &str)> =
        config.methods.iter().map(|m| (m.resource.join("."), m.name.as_str(), m.verb.as_str())).collect();
    assert_eq!(
        names,
        [
            ("accounts".into(), "list", "get"),
            ("accounts".into(), "get", "get"),
            ("accounts.tokens".into(), "create", "post"),
            ("accounts.tokens".into(), "update", "put")
        ]
    );
    assert_eq!(
        config.methods[3].at,
        Spot { line: 15, key: "resources.accounts.subresources.tokens.methods.update".into() }
    );
    assert_eq!(config.methods[3].endpoint_key(), endpoint_key("PUT", "/accounts/{id}/tokens/{id2}"));
    assert_ne!(config.methods[3].endpoint_key(), endpoint_key("put", "/accounts/{id}/tokens"));
    assert_eq!(
        config.models,
        [ModelName {
            resource: vec!["accounts".into(), "tokens".into()],
            name: "token".into(),
            component: "iam_token".into(),
            at: Spot { line: 11, key: "resources.accounts.subresources.tokens.models.token".into() }
        }]
    );
    let ignored: Vec<String> = config.ignored_warnings().iter().map(ToString::to_string).collect();
    assert_eq!(ignored.len(), 3, "{ignored:?}");
    assert!(ignored[0].starts_with("warning: codegen.yaml:1#/organization: `organization` is not used"), "{ignored:?}");
}

#[test]
fn every_option_is_read() {
    let config = parse(
        r#"types:
  '#/components/schemas/iam_token':
    rename: ApiToken
    derives: [Ord]
  UserTokensListParams:
    rename: TokenFilter
  '#/components/schemas/uuid':
    replace:
      type: uuid::Uuid
      dependency: 'uuid = { version = "1", features = ["serde"] }'
formats:
  date-time: string
  date:
    type: jiff::civil::Date
derives: [PartialEq]
select:
  include:
    - path: /user/**
    - tag: Zones
  exclude:
    - resource: user.tokens
patches:
  - at: /components/schemas/x
    merge: {type: string, nullable: null}
  - at: /info/title
    set: Fixed
  - at: /paths/~1a
    remove: true
client:
  base_url: https://example.com/v1
  env_prefix: ACME
  credential_env:
    api_token: [ACME_TOKEN, TOKEN]
  timeout_seconds: 30
  max_retries: 5
  user_agent: acme/1.0
  strict_decoding: true
"#,
    );
    assert!(config.client.strict_decoding);
    assert_eq!(config.types[0].target, TypeTarget::Component("iam_token".into()));
    assert_eq!(config.types[0].derives, [Derive::PartialEq, Derive::Eq, Derive::PartialOrd, Derive::Ord]);
    assert_eq!(config.types[1].target, TypeTarget::Name("UserTokensListParams".into()));
    assert_eq!(config.dependencies(), ["uuid = { version = \"1\", features = [\"serde\"] }"]);
    assert_eq!(config.format_type("date-time"), FormatType::Plain);
    assert_eq!(
        config.format_type("date"),
        FormatType::Rust(RustType { path: "jiff::civil::Date".into(), dependency: None })
    );
    assert_eq!(config.format_type("uuid"), FormatType::Plain);
    assert_eq!(Config::default().format_type("date-time"), FormatType::Runtime);
    assert_eq!(config.derives, [Derive::PartialEq]);
    assert_eq!((config.select.include.len(), config.select.exclude.len()), (2, 1));
    assert!(matches!(&config.select.exclude[0].what, Select::Resource(words) if words == &["user", "tokens"]));
    assert!(
        matches!(&config.patches[0].action, PatchAction::Merge(v) if *v == serde_json::json!({"type": "string", "nullable": null}))
    );
    assert!(matches!(config.patches[2].action, PatchAction::Remove));
    assert_eq!(config.patches[1].at.line, 25);
    assert_eq!(config.client.credential_env[0].1, ["ACME_TOKEN", "TOKEN"]);
    assert_eq!((config.client.timeout_seconds, config.client.max_retries), (Some(30), Some(5)));
}

#[test]
fn models_may_be_bare_schema_names_and_methods_carry_any_stainless_key() {
    let config = parse(
        r#"resources:
  payments:
    models:
      transaction: TransactionModel
      card: {$ref: '#/components/schemas/Card'}
    methods:
      unwrap:
        type: webhook_unwrap
        discriminator: type
      charge:
        endpoint: post /payments/cards/charge
        skip_test_reason: flaky
"#,
    );
    let models: Vec<(&str, &str)> = config.models.iter().map(|m| (m.name.as_str(), m.component.as_str())).collect();
    assert_eq!(models, [("transaction", "TransactionModel"), ("card", "Card")]);
    assert_eq!(config.methods.len(), 1, "a webhook_unwrap method has no endpoint");
    let unwrap = config.webhook_unwrap.as_ref().expect("the webhook_unwrap method is read");
    assert_eq!((unwrap.resource.as_slice(), unwrap.name.as_str()), (&["payments".to_string()][..], "unwrap"));
    assert_eq!(unwrap.discriminator.as_deref(), Some("type"));
    let ignored: Vec<String> = config.ignored_warnings().iter().map(ToString::to_string).collect();
    assert!(ignored.iter().any(|w| w.contains("`skip_test_reason` is not used")), "{ignored:?}");
}

#[test]
fn environments_are_named_base_urls_in_order() {
    let config = parse(
        "environments:\n  production: https://api.x.com\n  sandbox: https://sandbox.x.com\nclient:\n  max_retries: 1\n",
    );
    let environments: Vec<(&str, &str)> =
        config.client.environments.iter().map(|(name, url)| (name.as_str(), url.as_str())).collect();
    assert_eq!(environments, [("production", "https://api.x.com"), ("sandbox", "https://sandbox.x.com")]);
    assert_eq!(config.client.max_retries, Some(1), "the `client:` section after it keeps them");
    assert!(config.ignored.is_empty());
}

#[test]
fn mistakes_name_the_file_line_and_key() {
    let cases = [
        ("colour: blue\n", "codegen.yaml:1: `colour`: unknown key `colour`"),
        (
            "client:\n  timeout_seconds: soon\n",
            "codegen.yaml:2: `client.timeout_seconds`: expected a whole number of seconds, found `soon`",
        ),
        ("derives: PartialEq\n", "codegen.yaml:1: `derives`: expected a list, found a scalar"),
        ("derives: [Copy]\n", "codegen.yaml:1: `derives`: cannot derive `Copy`"),
        (
            "resources:\n  a:\n    methods:\n      list: get /a\n      list: get /b\n",
            "codegen.yaml:5: `list`: `list` is given twice (first on line 4)",
        ),
        (
            "names:\n  patch: sometimes\n",
            "codegen.yaml:2: `names.patch`: expected `auto`, `update` or `edit`, found `sometimes`",
        ),
        (
            "resources:\n  a:\n    methods:\n      list: fetch /a\n",
            "codegen.yaml:4: `resources.a.methods.list`: expected `verb /path`, found `fetch /a`",
        ),
        (
            "resources:\n  a:\n    methods:\n      tokens: get /a\n    subresources:\n      tokens: {}\n",
            "codegen.yaml:4: `resources.a.methods.tokens`: `tokens` is both a method and a subresource of `a`",
        ),
        ("resources:\n  a:\n    colour: blue\n", "codegen.yaml:3: `resources.a.colour`: unknown key `colour`"),
        (
            "types:\n  Foo:\n    rename: foo bar\n",
            "codegen.yaml:3: `types.Foo.rename`: `foo bar` is not a usable type name",
        ),
        ("types:\n  Foo:\n    rename: String\n", "is not a usable type name"),
        ("types:\n  Foo:\n    replace: {type: a::B}\n", "codegen.yaml:3: `types.Foo.replace`: only a component"),
        (
            "formats:\n  uuid:\n    type: 'not a path'\n",
            "codegen.yaml:3: `formats.uuid.type`: `not a path` is not a Rust type path",
        ),
        (
            "types:\n  '#/components/schemas/x':\n    replace: {type: a²::B}\n",
            "codegen.yaml:3: `types.#/components/schemas/x.replace.type`: `a²::B` is not a Rust type path: `a²` is not an ASCII identifier",
        ),
        (
            "formats:\n  uuid:\n    type: é::Id\n",
            "codegen.yaml:3: `formats.uuid.type`: `é::Id` is not a Rust type path: `é` is not an ASCII identifier",
        ),
        ("formats:\n  uuid:\n    type: fn::Id\n", "`fn::Id` is not a Rust type path: `fn` is a keyword here"),
        ("formats:\n  uuid:\n    type: a::crate::Id\n", "`crate` is a keyword here"),
        ("formats:\n  uuid:\n    type: crate\n", "`crate` is a keyword here"),
        ("formats:\n  uuid:\n    type: 'a::::B'\n", "`a::::B` is not a Rust type path: an empty segment"),
        ("formats:\n  uuid:\n    type: '::'\n", "`::` is not a Rust type path: it names no type"),
        ("formats:\n  uuid:\n    type: 'r#type::B'\n", "`r#type` is not an ASCII identifier"),
        ("formats:\n  uuid:\n    type: 'a::super::X'\n", "`super` is a keyword here"),
        ("formats:\n  uuid:\n    type: 'Self::X'\n", "`Self` is a keyword here"),
        ("formats:\n  uuid:\n    type: '::crate::X'\n", "`crate` is a keyword here"),
        ("formats:\n  uuid: runtime\n", "the runtime has types for `date-time` and `date` only"),
        (
            "patches:\n  - at: components\n    set: 1\n",
            "codegen.yaml:2: `patches.0.at`: `components` is not a JSON pointer",
        ),
        ("patches:\n  - at: /a\n", "codegen.yaml:2: `patches.0`: a patch needs `merge`, `set` or `remove`"),
        ("select:\n  include:\n    - glob: /a\n", "codegen.yaml:3: `select.include.glob`: unknown key `glob`"),
        ("a: [1, 2\n", "codegen.yaml:2: ``:"),
    ];
    for (text, expected) in cases {
        let message = error(text);
        assert!(message.contains(expected), "{text:?}\n  gave  {message}\n  wants {expected}");
    }
}

#[test]
fn type_paths_are_identifiers_the_emitter_can_write() {
    for path in ["uuid::Uuid", "::uuid::Uuid", "crate::a::B", "self::B", "super::super::B", "self::super::B", "_x::Y"] {
        let config = parse(&format!("formats:\n  uuid:\n    type: '{path}'\n"));
        assert_eq!(config.format_type("uuid"), FormatType::Rust(RustType { path: path.into(), dependency: None }));
    }
}

#[test]
fn path_globs() {
    assert!(path_matches("/user/**", "/user/tokens/{id}"));
    assert!(path_matches("/user/**", "/user"));
    assert!(path_matches("/zones/*/dns_records", "/zones/{zone_id}/dns_records"));
    assert!(path_matches("/accounts/*/tokens*", "/accounts/{a}/tokens_verify"));
    assert!(!path_matches("/user/*", "/user/tokens/{id}"));
    assert!(!path_matches("/user", "/users"));
    assert!(path_matches("**/verify", "/user/tokens/verify"));
}

#[test]
fn stainless_transforms_are_patches_in_file_order() {
    let config = parse(
        r#"patches:
  - {at: /info, merge: {title: x}}
openapi:
  code_samples: mintlify
  transforms:
    - command: update
      reason: Account IDs are strings
      args:
        target: "$.paths..parameters[?(@.name == 'account_id')].schema.type"
        value: string
    - command: update
      args: {target: [$.info.title, $.info.summary], value: '{{value}}!', template: true}
    - command: append
      args: {target: $.components.schemas.User.required, value: [id]}
    - command: merge
      args: {target: $.info, value: {version: '2'}}
    - command: remove
      args: {target: $.paths./v1/legacy}
    - command: remove
      args: {target: '$..[?(@.type)]', keys: [default, example]}
    - command: copy
      args: {from: $.info.title, to: $.info.x-title}
    - command: move
      args: {from: $.info.title, to: $.info.x-title}
    - command: rename
      args: {target: $.components.schemas.User.properties, from: user_name, to: name}
  transformations:
    - command: remove
      args: {target: $.x}
"#,
    );
    let actions: Vec<String> = config
        .patches
        .iter()
        .map(|patch| {
            let target = match &patch.target {
                PatchTarget::Pointer(pointer) => pointer.clone(),
                PatchTarget::Paths(paths) => paths.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            };
            let action = match &patch.action {
                PatchAction::Merge(v) => format!("merge {v}"),
                PatchAction::Set(v) => format!("set {v}"),
                PatchAction::Template(t) => format!("template {t}"),
                PatchAction::Remove => "remove".to_string(),
                PatchAction::RemoveKeys(keys) => format!("remove keys {}", keys.join(" ")),
                PatchAction::Append(v) => format!("append {v}"),
                PatchAction::DeepMerge(v) => format!("deep merge {v}"),
                PatchAction::OverlayUpdate(v) => format!("overlay update {v}"),
                PatchAction::Copy { from, then_remove } => format!("copy {from} then remove: {then_remove}"),
                PatchAction::Rename { from, to } => format!("rename {from} {to}"),
            };
            format!("{}:{} {target}: {action}", patch.at.line, patch.at.key)
        })
        .collect();
    assert_eq!(
        actions,
        [
            "2:patches.0 /info: merge {\"title\":\"x\"}",
            "6:openapi.transforms.0 $.paths..parameters[?(@.name == 'account_id')].schema.type: set \"string\"",
            "11:openapi.transforms.1 $.info.title $.info.summary: template {{value}}!",
            "13:openapi.transforms.2 $.components.schemas.User.required: append [\"id\"]",
            "15:openapi.transforms.3 $.info: deep merge {\"version\":\"2\"}",
            "17:openapi.transforms.4 $.paths./v1/legacy: remove",
            "19:openapi.transforms.5 $..[?(@.type)]: remove keys default example",
            "21:openapi.transforms.6 $.info.x-title: copy $.info.title then remove: false",
            "23:openapi.transforms.7 $.info.x-title: copy $.info.title then remove: true",
            "25:openapi.transforms.8 $.components.schemas.User.properties: rename user_name name",
            "28:openapi.transformations.0 $.x: remove",
        ]
    );
    assert!(config.patches.iter().all(|patch| patch.overlay.is_none()));
    let ignored: Vec<String> = config.ignored_warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        ignored,
        ["warning: codegen.yaml:4#/openapi/code_samples: `code_samples` is not used by this generator; ignored"]
    );
}

#[test]
fn transform_and_overlay_mistakes_name_the_file_line_and_key() {
    let transform = |args: &str| format!("openapi:\n  transforms:\n    - command: update\n      args: {args}\n");
    let cases = [
        (
            "openapi:\n  transforms:\n    - command: replace\n      args: {target: $.a}\n".to_string(),
            "codegen.yaml:3: `openapi.transforms.0.command`: unknown command `replace`; expected one of: update, append, merge, remove, copy, move, rename",
        ),
        (
            transform("{target: $.a, value: 1, colour: blue}"),
            "codegen.yaml:4: `openapi.transforms.0.args.colour`: unknown key `colour`; expected one of: target, value, template",
        ),
        (
            "openapi:\n  transforms:\n    - command: update\n      argz: {}\n".to_string(),
            "codegen.yaml:4: `openapi.transforms.0.argz`: unknown key `argz`; expected one of: command, reason, args",
        ),
        ("openapi:\n  transforms:\n    - args: {}\n".to_string(), "codegen.yaml:3: `openapi.transforms.0`: a transform needs a `command`"),
        (transform("{target: $.a}"), "codegen.yaml:4: `openapi.transforms.0.args`: `update` needs `args.value`"),
        (
            transform("{target: '$.a[', value: 1}"),
            "codegen.yaml:4: `openapi.transforms.0.args.target`: `$.a[` is not a JSONPath: expected a quoted name, an index, `*` or a filter `?(..)` at the end",
        ),
        (
            "openapi:\n  transforms:\n    - command: update\n      args:\n        target:\n          - matches_schema: $.components.schemas.E\n        value: 1\n".to_string(),
            "codegen.yaml:6: `openapi.transforms.0.args.target`: expected a JSONPath string, found a mapping (only JSONPath targets are supported, not `matches_schema`)",
        ),
        (
            transform("{target: $.a, value: 'no placeholder', template: true}"),
            "codegen.yaml:4: `openapi.transforms.0.args.value`: with `template: true` the value is a string with `{{value}}` in it",
        ),
        (
            transform("{target: $.a, value: x, template: maybe}"),
            "`openapi.transforms.0.args.template`: expected true or false, found `maybe`",
        ),
        ("openapi:\n  transforms: {}\n".to_string(), "codegen.yaml:2: `openapi.transforms`: expected a list"),
        (
            "openapi:\n  transforms:\n    - command: remove\n      args: {target: $.a, keys: []}\n".to_string(),
            "codegen.yaml:4: `openapi.transforms.0.args.keys`: `keys` lists no key",
        ),
        ("overlays: fix.yaml\n".to_string(), "codegen.yaml:1: `overlays`: expected a list, found a scalar"),
        (
            "overlays: [does-not-exist.yaml]\n".to_string(),
            "codegen.yaml:1: `overlays.0`: cannot read the overlay `does-not-exist.yaml`:",
        ),
    ];
    for (text, expected) in cases {
        let message = error(&text);
        assert!(message.contains(expected), "{text:?}\n  gave  {message}\n  wants {expected}");
    }
    let dir = std::env::temp_dir().join(format!("codegen-config-overlays-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overlays = [
        ("info: {title: t}\n", "configs/o.yaml:1: `overlay`: not an OpenAPI Overlay: `overlay: 1.0.0` is missing"),
        ("overlay: 2.0.0\nactions: []\n", "configs/o.yaml:1: `overlay`: Overlay `2.0.0` is not supported: only 1.x"),
        ("overlay: 1.0.0\n", "configs/o.yaml:1: `actions`: an overlay needs `actions`"),
        (
            "overlay: 1.0.0\nactions:\n  - target: $.info\n    updates: {}\n",
            "configs/o.yaml:4: `actions.0.updates`: unknown key `updates`; expected one of: target, description, update, remove",
        ),
        (
            "overlay: 1.0.0\nactions:\n  - {target: $.info, update: {}, remove: true}\n",
            "configs/o.yaml:3: `actions.0`: an action updates or removes, not both",
        ),
        (
            "overlay: 1.0.0\nactions:\n  - {target: $.info}\n",
            "configs/o.yaml:3: `actions.0`: an action needs `update` or `remove: true`",
        ),
        ("overlay: 1.0.0\nactions:\n  - {update: {}}\n", "configs/o.yaml:3: `actions.0`: an action needs a `target`"),
        (
            "overlay: 1.0.0\nactions:\n  - {target: 'info', remove: true}\n",
            "configs/o.yaml:3: `actions.0.target`: `info` is not a JSONPath",
        ),
        ("overlay: [1.0.0\n", "configs/o.yaml:2: ``:"),
    ];
    for (overlay, expected) in overlays {
        std::fs::write(dir.join("o.yaml"), overlay).unwrap();
        let message =
            Config::from_str_in("configs/codegen.yaml", "overlays: [o.yaml]\n", &dir).expect_err(overlay).to_string();
        assert!(message.starts_with(expected), "{overlay:?}\n  gave  {message}\n  wants {expected}");
    }
    std::fs::write(
        dir.join("o.yaml"),
        "overlay: 1.0.0\nx-tool: t\nactions:\n  - {target: $.info, remove: true, x-note: n}\n",
    )
    .unwrap();
    let config =
        Config::from_str_in("configs/codegen.yaml", "overlays: [o.yaml]\n", &dir).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let [patch] = config.patches.as_slice() else { panic!("one action: {:?}", config.patches) };
    assert_eq!(patch.overlay.as_deref(), Some("configs/o.yaml"));
    assert_eq!(patch.at, Spot { line: 4, key: "actions.0".into() });
    assert!(matches!(patch.action, PatchAction::Remove));
}
