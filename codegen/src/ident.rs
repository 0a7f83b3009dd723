//! Identifier rules, a leaf module: any JSON name → a valid, idiomatic Rust
//! identifier (`name/` makes them unique; `config` checks a user's names
//! against the same rules). Whether a `#[serde(rename)]` is needed follows
//! from comparing the two.

use crate::case::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of every edition, plus `Self`-likes that cannot be raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "union",
];

/// Type names the generated code itself uses unqualified; a spec type with one
/// of these names would shadow them. `tests/tests/reserved_names.rs` fails when
/// `types.rs` or a runtime macro uses a name missing here; names no longer used
/// (`Value`, `BTreeMap`, the derives) stay, as dropping one would rename types.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "BTreeMap",
    "Value",
    "Serialize",
    "Deserialize",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Nullable",
    "Self",
];

/// Whether a user's type name (a config rename) can be used as it is:
/// UpperCamelCase, not a keyword, not a name the generated code relies on.
pub fn is_type_name(name: &str) -> bool {
    type_ident(&[name.to_string()]) == name && !RESERVED_TYPE_NAMES.contains(&name)
}

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Replaces what heck cannot case: a leading sign becomes a word (`+1` → `plus 1`),
/// non-ASCII characters become `u<hex>` words, other punctuation separates words.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    match chars.peek() {
        Some('+') => {
            out.push_str("plus ");
            chars.next();
        }
        Some('-') => {
            out.push_str("minus ");
            chars.next();
        }
        _ => {}
    }
    for c in chars {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:x} ", c as u32));
        }
    }
    out
}

/// `request.ip` → `request_ip`, `type` → `type_`, `+1` → `plus_1`, `2fa` → `_2fa`.
pub fn field_ident(raw: &str) -> String {
    let mut ident = words(raw).to_snake_case();
    if ident.is_empty() {
        ident = "field".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// `["token", "condition", "request.ip"]` → `TokenConditionRequestIp`.
pub fn type_ident(parts: &[String]) -> String {
    finish_type_ident(camel_words(parts))
}

/// The words of `parts` in UpperCamelCase, before [`finish_type_ident`]; the
/// words of two lists side by side are the concatenation of theirs, so a
/// common prefix (an operation's call) is converted once.
pub fn camel_words(parts: &[String]) -> String {
    let joined: Vec<String> = parts.iter().map(|p| words(p)).collect();
    joined.join(" ").to_upper_camel_case()
}

/// [`camel_words`] made a valid, unreserved type identifier.
pub fn finish_type_ident(mut ident: String) -> String {
    if ident.is_empty() {
        ident = "Type".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'T');
    }
    // `Self_` would trip `non_camel_case_types`; a word keeps it idiomatic.
    if is_keyword(&ident) {
        ident.push_str("Type");
    }
    ident
}

/// Enum variants: `active` → `Active`, `*` → `Star`, `""` → `Empty`, `1.0` → `V1_0`.
pub fn variant_ident(raw: &str) -> String {
    let trimmed = raw.trim();
    let special = match trimmed {
        "" => Some("Empty"),
        "*" => Some("Star"),
        "+" => Some("Plus"),
        "-" => Some("Minus"),
        _ => None,
    };
    if let Some(word) = special {
        return word.to_string();
    }
    // Keep digit groups apart: `1.0` and `10` must not both become `10`.
    let words = words(raw);
    let mut ident = String::new();
    let mut previous_digit = false;
    for word in words.split(' ').filter(|w| !w.is_empty()) {
        let cased = word.to_upper_camel_case();
        if previous_digit && cased.starts_with(|c: char| c.is_ascii_digit()) {
            ident.push('_');
        }
        previous_digit = cased.ends_with(|c: char| c.is_ascii_digit());
        ident.push_str(&cased);
    }
    if ident.is_empty() {
        ident = "Value".to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    if is_keyword(&ident) {
        ident.push_str("Value");
    }
    ident
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_becomes_a_valid_field_ident() {
        for keyword in KEYWORDS {
            let ident = field_ident(keyword);
            assert!(!is_keyword(&ident), "{keyword} -> {ident}");
            assert!(syn::parse_str::<syn::Ident>(&ident).is_ok(), "{keyword} -> {ident}");
        }
    }

    #[test]
    fn field_names_from_real_specs() {
        assert_eq!(field_ident("request.ip"), "request_ip");
        assert_eq!(field_ident("$ref"), "ref_");
        assert_eq!(field_ident("@type"), "type_");
        assert_eq!(field_ident("+1"), "plus_1");
        assert_eq!(field_ident("-1"), "minus_1");
        assert_eq!(field_ident("2fa"), "_2fa");
        assert_eq!(field_ident("createdAt"), "created_at");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident(""), "field");
        assert_eq!(field_ident("名前"), "u540d_u524d");
        assert_eq!(field_ident("🎉"), "u1f389");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_ident(&["token".into(), "condition".into(), "request.ip".into()]), "TokenConditionRequestIp");
        assert_eq!(type_ident(&["api-response-single".into()]), "ApiResponseSingle");
        assert_eq!(type_ident(&["2fa".into()]), "T2fa");
        assert_eq!(type_ident(&["self".into()]), "SelfType");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_ident("active"), "Active");
        assert_eq!(variant_ident("com.cloudflare.api.account.zone"), "ComCloudflareApiAccountZone");
        assert_eq!(variant_ident("1.0"), "V1_0");
        assert_eq!(variant_ident("10"), "V10");
        assert_eq!(variant_ident("*"), "Star");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("+1"), "Plus1");
        assert_eq!(variant_ident("-1"), "Minus1");
    }
}
