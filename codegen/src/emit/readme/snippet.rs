//! The examples' code: a call's arguments as Rust expressions, and the doctest around them.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::super::operation_tests::ArgumentValue;
use super::{Chosen, Section, Writer};
use crate::model::{Media, OperationId, Scalar, TypeKind, TypeRef};
use crate::name::{ArgumentKind, Returns, Signature};
use crate::surface::RustType;

impl Writer<'_> {
    /// Binds the arguments of `chosen`'s call in `snippet` and returns the variable its result
    /// goes in and the call, not awaited: `("response", "client.things().create(&body)")`.
    pub(super) fn call(&self, chosen: &Chosen<'_>, snippet: &mut Snippet) -> (&'static str, String) {
        let given = |name: &str| chosen.params.and_then(|params| params.get(name));
        let mut consumed: BTreeSet<&str> = BTreeSet::new();
        let mut args = Vec::new();
        for (arg, value) in self.emitter.argument_values(chosen.id, chosen.signature) {
            let param = match &arg.kind {
                ArgumentKind::Path { param, .. } => Some(param.as_str()),
                _ => None,
            };
            let path_given = param.and_then(given).inspect(|_| consumed.extend(param));
            args.push(match value {
                ArgumentValue::PathText(text) => {
                    let text = match path_given {
                        Some(Value::String(text)) => text.clone(),
                        Some(Value::Number(n)) => n.to_string(),
                        _ => text,
                    };
                    format!("{text:?}")
                }
                ArgumentValue::PathOwned { scalar, json } => {
                    self.value(chosen.id, &TypeRef::Scalar(scalar), path_given.unwrap_or(&json), true, snippet)
                }
                ArgumentValue::PathEnum { ty, json } => {
                    let value = self.value(chosen.id, &TypeRef::Named(ty), path_given.unwrap_or(&json), true, snippet);
                    format!("&{value}")
                }
                ArgumentValue::Params { ty, required } => {
                    let mut arguments = Vec::new();
                    for (field, json) in &required {
                        consumed.insert(&field.name);
                        let json = given(&field.name).unwrap_or(json);
                        arguments.push(self.value(chosen.id, &field.ty, json, true, snippet));
                    }
                    let mut setters = Vec::new();
                    for (field, ident) in self.named.fields(ty).filter(|(field, _)| !field.required) {
                        let Some(json) = given(&field.name) else { continue };
                        consumed.insert(&field.name);
                        let value = self.value(chosen.id, &field.ty, json, false, snippet);
                        setters.push(format!(".{}({value})", ident.rust));
                    }
                    let ty = snippet.ty(self.emitter.rust_type_in(chosen.id, &TypeRef::Named(ty)));
                    let made = match arguments.is_empty() {
                        true => format!("{ty}::default()"),
                        false => format!("{ty}::new({})", arguments.join(", ")),
                    };
                    // A setter a line, when they do not fit on one.
                    let one_line = made.len() + setters.iter().map(String::len).sum::<usize>() <= 80;
                    let setters = setters.join(if one_line { "" } else { "\n    " });
                    let setters = if one_line || setters.is_empty() { setters } else { format!("\n    {setters}") };
                    snippet.line(format!("let params = {made}{setters};"));
                    "&params".to_string()
                }
                ArgumentValue::Structured { ty, sample, example } => {
                    let json = match chosen.params {
                        Some(params) => with_given(sample, params, &consumed),
                        None => example.cloned().unwrap_or(sample),
                    };
                    let ty = snippet.ty(self.emitter.rust_type_in(chosen.id, ty));
                    snippet.crate_used("serde_json");
                    let json = json_text(&json, 0);
                    let binding = format!("body: {ty} = serde_json::from_value(serde_json::json!({json}))?;");
                    // A file read from JSON is its text: a multipart body's file is set from a path.
                    match self.file_argument(chosen.signature) {
                        Some(FileArgument::Field(field, file)) => {
                            snippet.item("runtime::File");
                            snippet.line(format!("let mut {binding}"));
                            snippet.line(format!("body.{field} = {file};"));
                        }
                        _ => snippet.line(format!("let {binding}")),
                    }
                    "&body".to_string()
                }
                ArgumentValue::Text => "\"Hello, world!\"".to_string(),
                ArgumentValue::Binary => {
                    snippet.item("runtime::File");
                    format!("&{FILE}")
                }
            });
        }
        let var = match chosen.signature.returns {
            Returns::Page(_) => "page",
            Returns::Events(_) => "events",
            Returns::Text => "text",
            Returns::Bytes => "bytes",
            _ => "response",
        };
        (var, format!("{}({})", chosen.signature.call, args.join(", ")))
    }

    /// Awaits `call` and prints what it answers, as its kind of result is read.
    pub(super) fn show(&self, returns: &Returns, var: &str, call: &str, snippet: &mut Snippet) {
        match returns {
            Returns::Nothing | Returns::EnvelopeUnit => snippet.line(format!("{call}.await?;")),
            Returns::Page(_) => {
                snippet.line(format!("let {var} = {call}.await?;"));
                snippet.line(format!("for item in {var}.items() {{\n    println!(\"{{item:?}}\");\n}}"));
            }
            Returns::Events(_) => {
                snippet.uses("futures_util::TryStreamExt");
                snippet.crate_used("futures_util");
                snippet.line(format!("let mut {var} = {call}.await?;"));
                snippet.line(format!(
                    "while let Some(event) = {var}.try_next().await? {{\n    println!(\"{{:?}}\", event.data);\n}}"
                ));
            }
            Returns::Text => {
                snippet.line(format!("let {var} = {call}.await?;"));
                snippet.line(format!("println!(\"{{{var}}}\");"));
            }
            Returns::Bytes => {
                snippet.line(format!("let {var} = {call}.await?;"));
                snippet.line(format!("println!(\"{{}} bytes\", {var}.len());"));
            }
            _ => {
                snippet.line(format!("let {var} = {call}.await?;"));
                snippet.line(format!("println!(\"{{{var}:?}}\");"));
            }
        }
    }

    /// A value of `ty` for `json`: a literal or an enum variant where one says it, else the
    /// JSON read as the type. `exact`: the argument has that very type; else it takes
    /// `impl Into<ty>` (a parameter's setter), so a literal must not need inference.
    pub(super) fn value(
        &self,
        op: OperationId,
        ty: &TypeRef,
        json: &Value,
        exact: bool,
        snippet: &mut Snippet,
    ) -> String {
        if let Some(literal) = self.literal(op, ty, json, exact, snippet) {
            return literal;
        }
        let ty = snippet.ty(self.emitter.rust_type_in(op, ty));
        snippet.crate_used("serde_json");
        format!("serde_json::from_value::<{ty}>(serde_json::json!({}))?", json_text(json, 0))
    }

    pub(super) fn literal(
        &self,
        op: OperationId,
        ty: &TypeRef,
        json: &Value,
        exact: bool,
        snippet: &mut Snippet,
    ) -> Option<String> {
        match (ty, json) {
            (TypeRef::Scalar(Scalar::String), Value::String(text)) => {
                Some(if exact { format!("{text:?}.to_string()") } else { format!("{text:?}") })
            }
            (TypeRef::Scalar(Scalar::Bool), Value::Bool(value)) => Some(value.to_string()),
            (TypeRef::Scalar(scalar), Value::Number(number)) => number_literal(*scalar, number, exact),
            (TypeRef::Scalar(Scalar::DateTime | Scalar::Date), Value::String(text)) => {
                let ty = snippet.ty(self.emitter.rust_type_in(op, ty));
                Some(format!("{text:?}.parse::<{ty}>()?"))
            }
            (TypeRef::Named(id), _) => match &self.named.model.get(*id).kind {
                TypeKind::Alias(inner) => self.literal(op, inner, json, exact, snippet),
                TypeKind::Enum(_) => {
                    let value = self.named.values(*id).iter().find(|v| Some(v.json.as_str()) == json.as_str())?;
                    let ty = snippet.ty(self.emitter.rust_type_in(op, ty));
                    Some(format!("{ty}::{}", value.rust))
                }
                _ => None,
            },
            (TypeRef::Nullable(_), Value::Null) => Some("None".to_string()),
            (TypeRef::Nullable(inner), _) => {
                self.literal(op, inner, json, true, snippet).map(|value| format!("Some({value})"))
            }
            (TypeRef::List(inner), Value::Array(items)) => {
                let items: Option<Vec<String>> =
                    items.iter().map(|item| self.literal(op, inner, item, true, snippet)).collect();
                items.map(|items| format!("vec![{}]", items.join(", ")))
            }
            _ => None,
        }
    }

    /// The argument of `signature` that takes a file: a file body, or a multipart body's field.
    pub(super) fn file_argument(&self, signature: &Signature) -> Option<FileArgument> {
        signature.args.iter().find_map(|arg| match &arg.kind {
            ArgumentKind::Body { media: Media::Binary, .. } => Some(FileArgument::Body),
            // `Named::fields` of a struct: a union's members are its variants.
            ArgumentKind::Body { media: Media::Multipart, ty: TypeRef::Named(id), .. }
                if matches!(self.named.model.get(*id).kind, TypeKind::Struct(_)) =>
            {
                self.named.fields(*id).find_map(|(field, ident)| {
                    let file = match &field.ty {
                        TypeRef::Scalar(Scalar::File) => FILE.to_string(),
                        TypeRef::List(item) if **item == TypeRef::Scalar(Scalar::File) => format!("vec![{FILE}]"),
                        _ => return None,
                    };
                    let value = match (field.required, field.nullable) {
                        (true, false) => file,
                        (true, true) | (false, false) => format!("Some({file})"),
                        (false, true) => return None,
                    };
                    Some(FileArgument::Field(ident.rust.clone(), value))
                })
            }
            _ => None,
        })
    }
}

/// The file the examples upload.
pub(super) const FILE: &str = "File::from_path(\"path/to/file.pdf\")";

pub(super) enum FileArgument {
    /// The body is the file.
    Body,
    /// The multipart body's field of this name takes files: the value to set.
    Field(String, String),
}

/// A doctest being written: what it imports, its lines, the crates it uses beside the client.
pub(super) struct Snippet {
    krate: String,
    /// Items of the client crate: `Client`, `types`, `runtime::File`.
    items: BTreeSet<String>,
    /// Other `use` paths: `std::time::Duration`.
    uses: BTreeSet<&'static str>,
    lines: Vec<String>,
    crates: BTreeSet<&'static str>,
}

impl Snippet {
    pub(super) fn new(krate: &str) -> Snippet {
        Snippet {
            krate: krate.to_string(),
            items: BTreeSet::new(),
            uses: BTreeSet::new(),
            lines: Vec::new(),
            crates: BTreeSet::new(),
        }
    }

    /// A statement (possibly of several lines).
    pub(super) fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    pub(super) fn item(&mut self, item: &str) {
        self.items.insert(item.to_string());
    }

    pub(super) fn uses(&mut self, path: &'static str) {
        self.uses.insert(path);
    }

    pub(super) fn crate_used(&mut self, name: &'static str) {
        self.crates.insert(name);
    }

    /// `ty` as the snippet writes it, its module imported; a type the config maps to the
    /// crate's own (`crate::money::Money`) by the crate's name, as a user's code names it.
    pub(super) fn ty(&mut self, ty: RustType) -> String {
        let ty = self.own(ty);
        ty.to_string()
    }

    pub(super) fn own(&mut self, ty: RustType) -> RustType {
        match ty {
            RustType::Path { mut segments, args } => {
                match segments.first().map(String::as_str) {
                    Some("types") => self.item("types"),
                    Some("runtime") => self.item("runtime"),
                    Some("crate") => segments[0] = self.krate.clone(),
                    _ => {}
                }
                let args = args.into_iter().map(|arg| self.own(arg)).collect();
                RustType::Path { segments, args }
            }
            RustType::Ref(inner) => RustType::Ref(Box::new(self.own(*inner))),
            RustType::Slice(inner) => RustType::Slice(Box::new(self.own(*inner))),
            RustType::Unit => RustType::Unit,
        }
    }

    /// The `use` lines.
    pub(super) fn imports(&self) -> String {
        let mut out = String::new();
        let items: Vec<&str> = self.items.iter().map(String::as_str).collect();
        // `runtime::File` imports `File`, and needs no `runtime` beside it.
        let mut names: Vec<&str> = items
            .iter()
            .copied()
            .filter(|item| !(*item == "runtime" && items.iter().any(|i| i.starts_with("runtime::"))))
            .collect();
        names.sort_by_key(|name| (name.starts_with(|c: char| c.is_ascii_lowercase()), *name));
        for path in &self.uses {
            out.push_str(&format!("use {path};\n"));
        }
        match names.as_slice() {
            [] => {}
            [one] => out.push_str(&format!("use {}::{one};\n", self.krate)),
            many => out.push_str(&format!("use {}::{{{}}};\n", self.krate, many.join(", "))),
        }
        out
    }

    pub(super) fn body(&self, indent: &str) -> String {
        let mut out = String::new();
        for statement in &self.lines {
            for line in statement.lines() {
                out.push_str(indent);
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// A whole program: `#[tokio::main] async fn main`, shown.
    pub(super) fn main(&self) -> String {
        format!(
            "```rust,no_run\n{}\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{}    Ok(())\n}}\n```\n",
            self.imports(),
            self.body("    ")
        )
    }

    /// The statements in a hidden async function taking `client: Client`.
    pub(super) fn with_client(&self) -> String {
        format!("```rust,no_run\n{}```\n", self.wrapped(Some("client")))
    }

    /// The statements in a hidden async function, taking the client as `parameter`.
    pub(super) fn wrapped(&self, parameter: Option<&str>) -> String {
        let parameter = parameter.map(|p| format!("{p}: {}::Client", self.krate)).unwrap_or_default();
        format!(
            "{}# async fn example({parameter}) -> Result<(), Box<dyn std::error::Error>> {{\n{}# Ok(())\n# }}\n",
            self.imports(),
            self.body("")
        )
    }

    /// The statements in a hidden synchronous function.
    pub(super) fn sync(&self) -> String {
        format!(
            "{}# fn example() -> Result<(), {}::Error> {{\n{}# let _ = client;\n# Ok(())\n# }}\n",
            self.imports(),
            self.krate,
            self.body("")
        )
    }

    pub(super) fn section(self, text: String) -> Section {
        Section { text, crates: self.crates }
    }
}

/// `sample` with the config's `params` (those no parameter took) in place of its properties.
pub(super) fn with_given(sample: Value, params: &Map<String, Value>, consumed: &BTreeSet<&str>) -> Value {
    match sample {
        Value::Object(mut object) => {
            for (key, value) in params.iter().filter(|(key, _)| !consumed.contains(key.as_str())) {
                object.insert(key.clone(), value.clone());
            }
            Value::Object(object)
        }
        other => other,
    }
}

/// A number as a literal of `scalar`; `exact`: where the type is known, else suffixed unless
/// Rust's default literal types (`i32`, `f64`) convert into it.
pub(super) fn number_literal(scalar: Scalar, number: &serde_json::Number, exact: bool) -> Option<String> {
    let integer = |fits: bool, suffix: &str| {
        let text = number.as_i64().map(|n| n.to_string()).or_else(|| number.as_u64().map(|n| n.to_string()))?;
        let plain = exact || matches!(scalar, Scalar::I32 | Scalar::I64);
        fits.then(|| if plain { text } else { format!("{text}_{suffix}") })
    };
    let in_range = |min: i128, max: i128| {
        let n = number.as_i64().map(i128::from).or_else(|| number.as_u64().map(i128::from));
        n.is_some_and(|n| (min..=max).contains(&n))
    };
    match scalar {
        Scalar::I8 => integer(in_range(i8::MIN.into(), i8::MAX.into()), "i8"),
        Scalar::I16 => integer(in_range(i16::MIN.into(), i16::MAX.into()), "i16"),
        Scalar::I32 => integer(in_range(i32::MIN.into(), i32::MAX.into()), "i32"),
        Scalar::I64 => integer(in_range(i64::MIN.into(), i64::MAX.into()), "i64"),
        Scalar::U8 => integer(in_range(0, u8::MAX.into()), "u8"),
        Scalar::U16 => integer(in_range(0, u16::MAX.into()), "u16"),
        Scalar::U32 => integer(in_range(0, u32::MAX.into()), "u32"),
        Scalar::U64 => integer(in_range(0, u64::MAX.into()), "u64"),
        Scalar::F32 | Scalar::F64 => {
            let value = number.as_f64()?;
            let mut text = number.to_string();
            if !text.contains(['.', 'e', 'E']) {
                text.push_str(".0");
            }
            let f32 = scalar == Scalar::F32;
            value.is_finite().then(|| if f32 && !exact { format!("{text}_f32") } else { text })
        }
        _ => None,
    }
}

/// `json` as `serde_json::json!` takes it, indented from `depth`: short arrays and objects on
/// one line, longer ones a line per item. Strings are Rust literals (`{:?}`), which escape
/// what a Rust string must.
pub(super) fn json_text(json: &Value, depth: usize) -> String {
    let compact = compact_json(json);
    if compact.len() <= 60 || !matches!(json, Value::Array(_) | Value::Object(_)) {
        return compact;
    }
    let indent = "    ".repeat(depth + 1);
    let close = "    ".repeat(depth);
    let items: Vec<String> = match json {
        Value::Array(items) => items.iter().map(|item| format!("{indent}{}", json_text(item, depth + 1))).collect(),
        Value::Object(object) => {
            object.iter().map(|(key, value)| format!("{indent}{key:?}: {}", json_text(value, depth + 1))).collect()
        }
        _ => Vec::new(),
    };
    let (open, end) = if json.is_array() { ('[', ']') } else { ('{', '}') };
    format!("{open}\n{}\n{close}{end}", items.join(",\n"))
}

pub(super) fn compact_json(json: &Value) -> String {
    match json {
        Value::Null => "null".to_string(),
        Value::Bool(value) => value.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("{text:?}"),
        Value::Array(items) => format!("[{}]", items.iter().map(compact_json).collect::<Vec<_>>().join(", ")),
        Value::Object(object) => {
            let entries: Vec<String> = object.iter().map(|(k, v)| format!("{k:?}: {}", compact_json(v))).collect();
            match entries.is_empty() {
                true => "{}".to_string(),
                false => format!("{{ {} }}", entries.join(", ")),
            }
        }
    }
}

/// The first sentence of a description's first paragraph of text, on one line. Not a heading,
/// markup, or a paragraph opening a code block or an HTML comment, which in the crate's
/// documentation would make a doctest of the rest or hide it.
pub(super) fn first_sentence(description: &str) -> Option<String> {
    let paragraph = description.split("\n\n").map(str::trim).find(|paragraph| {
        !paragraph.is_empty()
            && !paragraph.starts_with(['#', '<', '!', '|', '>', '-', '*'])
            && !paragraph.contains("```")
            && !paragraph.contains("~~~")
            && !paragraph.contains("<!--")
    })?;
    let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = words.find(". ").map_or(words.len(), |i| i + 1);
    Some(words[..end].to_string())
}
