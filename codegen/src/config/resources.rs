//! The `resources:` section, in Stainless's `stainless.yml` format as it is:
//! resources with `methods:` (`name: verb /path`, or `{ endpoint: verb /path }`),
//! `models:` (`name: '#/components/schemas/x'`) and nested `subresources:`.
//! Stainless's other keys (`only`, `skip`, per-language options…) are accepted
//! and ignored.

use super::{Config, ConfigError, Paginated, Spot, component_key, entries, join, string, unknown_key};
use crate::yaml::{Node, Value};

/// One method of the map: the resource it hangs off, its name and its endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedMethod {
    /// Resource keys from the top: `["accounts", "tokens"]`.
    pub resource: Vec<String>,
    pub name: String,
    /// Lowercase HTTP verb.
    pub verb: String,
    pub path: String,
    /// `paginated: false` or a scheme's name.
    pub paginated: Option<Paginated>,
    pub at: Spot,
}

impl MappedMethod {
    /// The endpoint this method maps, as [`endpoint_key`] writes it.
    pub fn endpoint_key(&self) -> String {
        endpoint_key(&self.verb, &self.path)
    }
}

/// `verb path` with the parameter names blanked, lowercase verb: what an
/// endpoint of the map and an operation of the spec are matched by
/// (`/tokens/{id}` and `/tokens/{token_id}` are one endpoint).
pub fn endpoint_key(verb: &str, path: &str) -> String {
    format!("{} {}", verb.to_ascii_lowercase(), path_shape(path))
}

/// A named component: `token: '#/components/schemas/iam_token'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelName {
    pub resource: Vec<String>,
    pub name: String,
    /// The component's key (`iam_token`).
    pub component: String,
    pub at: Spot,
}

/// Stainless's `type: webhook_unwrap` method: where the client's webhook methods go, and the
/// property telling the events apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUnwrap {
    pub resource: Vec<String>,
    pub name: String,
    pub discriminator: Option<String>,
    pub at: Spot,
}

/// Keys a Stainless resource may have that this generator does not use.
const IGNORED_RESOURCE_KEYS: &[&str] = &[
    "only",
    "skip",
    "description",
    "standalone_api",
    "deprecated",
    "config",
    "go",
    "python",
    "node",
    "typescript",
    "java",
    "kotlin",
    "ruby",
    "terraform",
    "cli",
    "csharp",
    "php",
    "openapi",
];
/// The map's methods, in file order. One endpoint under two names gives the operation
/// a second method, an alias: real maps keep a deprecated name so.
pub(super) fn read(node: &Node, config: &mut Config) -> Result<(), ConfigError> {
    for (key, resource) in entries(node, "resources")? {
        read_resource(std::slice::from_ref(&key.text), resource, &join("resources", &key.text), config)?;
    }
    Ok(())
}

fn read_resource(path: &[String], node: &Node, key: &str, config: &mut Config) -> Result<(), ConfigError> {
    let mut method_names: Vec<(&str, usize)> = Vec::new();
    let mut subresource_names: Vec<(&str, usize)> = Vec::new();
    for (k, value) in entries(node, key)? {
        let here = join(key, &k.text);
        match k.text.as_str() {
            "methods" => {
                for (name, method) in entries(value, &here)? {
                    let method_key = join(&here, &name.text);
                    method_names.push((&name.text, name.line));
                    let (endpoint, paginated) = match &method.value {
                        Value::Scalar(..) => (Some((string(method, &method_key)?, method.line)), None),
                        _ => read_method_object(method, &method_key, config)?,
                    };
                    if let Some(unwrap) = config.webhook_unwrap.as_mut().filter(|unwrap| unwrap.at.key == method_key) {
                        unwrap.resource = path.to_vec();
                        unwrap.name = name.text.clone();
                    }
                    let Some((endpoint, line)) = endpoint else { continue };
                    let Some((verb, endpoint_path)) = endpoint.trim().split_once(' ') else {
                        return Err(ConfigError::at(
                            line,
                            &method_key,
                            format!("expected `verb /path`, found `{endpoint}`"),
                        ));
                    };
                    let verb = verb.to_ascii_lowercase();
                    if !matches!(
                        verb.as_str(),
                        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                    ) || !endpoint_path.trim().starts_with('/')
                    {
                        return Err(ConfigError::at(
                            line,
                            &method_key,
                            format!("expected `verb /path`, found `{endpoint}`"),
                        ));
                    }
                    config.methods.push(MappedMethod {
                        resource: path.to_vec(),
                        name: name.text.clone(),
                        verb,
                        path: endpoint_path.trim().to_string(),
                        paginated,
                        at: Spot { line, key: method_key },
                    });
                }
            }
            "models" => {
                for (name, target) in entries(value, &here)? {
                    let model_key = join(&here, &name.text);
                    let text = match &target.value {
                        // `{ type: '#/components/schemas/x' }` or `{ $ref: … }`, besides the plain string.
                        Value::Map(entries) => {
                            let reference = entries.iter().find(|(k, _)| k.text == "type" || k.text == "$ref");
                            let Some((k, reference)) = reference else {
                                return Err(ConfigError::at(
                                    target.line,
                                    &model_key,
                                    "expected a schema name or `#/components/schemas/NAME`",
                                ));
                            };
                            string(reference, &join(&model_key, &k.text))?
                        }
                        _ => string(target, &model_key)?,
                    };
                    // Stainless takes a bare schema name too (`TransactionModel`).
                    let component = component_key(&text).or_else(|| {
                        let bare = !text.is_empty() && !text.contains(['#', '/']);
                        bare.then(|| text.clone())
                    });
                    let Some(component) = component else {
                        return Err(ConfigError::at(
                            target.line,
                            &model_key,
                            format!("expected a schema name or `#/components/schemas/NAME`, found `{text}`"),
                        ));
                    };
                    config.models.push(ModelName {
                        resource: path.to_vec(),
                        name: name.text.clone(),
                        component,
                        at: Spot { line: name.line, key: model_key },
                    });
                }
            }
            "subresources" => {
                for (name, child) in entries(value, &here)? {
                    subresource_names.push((&name.text, name.line));
                    let mut child_path = path.to_vec();
                    child_path.push(name.text.clone());
                    read_resource(&child_path, child, &join(&here, &name.text), config)?;
                }
            }
            other if IGNORED_RESOURCE_KEYS.contains(&other) => config.ignored.push(Spot { line: k.line, key: here }),
            other => {
                let mut known = vec!["methods", "models", "subresources"];
                known.extend(IGNORED_RESOURCE_KEYS);
                return Err(unknown_key(k, key, other, &known));
            }
        }
    }
    // A method and a subresource of one name would both be `resource.name(..)`.
    if let Some((name, line)) =
        method_names.iter().find(|(name, _)| subresource_names.iter().any(|(sub, _)| sub == name))
    {
        return Err(ConfigError::at(
            *line,
            &join(key, &format!("methods.{name}")),
            format!("`{name}` is both a method and a subresource of `{}`", path.join(".")),
        ));
    }
    Ok(())
}

/// A method's endpoint (`verb /path`) with the line it is on; none for a Stainless-only kind.
type Endpoint = Option<(String, usize)>;

/// `{ endpoint: verb /path, paginated: …, ... }`.
fn read_method_object(
    node: &Node,
    key: &str,
    config: &mut Config,
) -> Result<(Endpoint, Option<Paginated>), ConfigError> {
    let (mut endpoint, mut paginated, mut kind, mut discriminator) = (None, None, None, None);
    for (k, value) in entries(node, key)? {
        match k.text.as_str() {
            "endpoint" => endpoint = Some((string(value, &join(key, "endpoint"))?, value.line)),
            "paginated" => paginated = Some(super::pagination::paginated(value, &join(key, "paginated"))?),
            "type" => kind = Some(string(value, &join(key, "type"))?),
            "discriminator" => discriminator = Some(string(value, &join(key, "discriminator"))?),
            // Stainless's method keys (`type`, `discriminator`, per-language options…) and any a
            // later edition adds: a method object is Stainless's, so none is an error.
            other => config.ignored.push(Spot { line: k.line, key: join(key, other) }),
        }
    }
    let at = Spot { line: node.line, key: key.to_string() };
    if kind.as_deref() == Some("webhook_unwrap") {
        // The resource and method name are filled in by the caller, which knows them.
        config.webhook_unwrap = Some(WebhookUnwrap { resource: Vec::new(), name: String::new(), discriminator, at });
        return Ok((None, paginated));
    }
    // Other kinds' keys (`type: http`) say nothing this generator uses.
    for (used, name) in [(kind.is_some(), "type"), (discriminator.is_some(), "discriminator")] {
        if used {
            config.ignored.push(Spot { line: node.line, key: join(key, name) });
        }
    }
    if endpoint.is_none() {
        config.skipped.push((at, "a method without `endpoint` (a Stainless-only kind); ignored".to_string()));
    }
    Ok((endpoint, paginated))
}

/// A path with its parameter names blanked: `/tokens/{id}` and `/tokens/{token_id}` are one endpoint.
fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push('{');
            }
            '}' => {
                in_param = false;
                shape.push('}');
            }
            _ if in_param => {}
            c => shape.push(c),
        }
    }
    shape
}
