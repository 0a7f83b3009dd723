//! Case conversion exactly as `heck` does it, fast for ASCII. Naming converts
//! every property, type and operation name, several times each; heck works
//! a `char` at a time through `fmt` (a `to_lowercase` iterator per letter),
//! which was a twentieth of a dense spec's whole run. Names in specs are
//! nearly all ASCII: those take the byte loop below; any other text goes to
//! heck, so the output is heck's either way.

/// `snake_case`, as [`heck::ToSnakeCase`].
pub trait ToSnakeCase {
    fn to_snake_case(&self) -> String;
}

/// `UpperCamelCase`, as [`heck::ToUpperCamelCase`].
pub trait ToUpperCamelCase {
    fn to_upper_camel_case(&self) -> String;
}

/// `kebab-case`, as [`heck::ToKebabCase`].
pub trait ToKebabCase {
    fn to_kebab_case(&self) -> String;
}

/// `SHOUTY_SNAKE_CASE`, as [`heck::ToShoutySnakeCase`].
pub trait ToShoutySnakeCase {
    fn to_shouty_snake_case(&self) -> String;
}

impl ToSnakeCase for str {
    fn to_snake_case(&self) -> String {
        convert(self, Some(b'_'), Word::Lower, heck::ToSnakeCase::to_snake_case)
    }
}

impl ToUpperCamelCase for str {
    fn to_upper_camel_case(&self) -> String {
        convert(self, None, Word::Capitalized, heck::ToUpperCamelCase::to_upper_camel_case)
    }
}

impl ToKebabCase for str {
    fn to_kebab_case(&self) -> String {
        convert(self, Some(b'-'), Word::Lower, heck::ToKebabCase::to_kebab_case)
    }
}

impl ToShoutySnakeCase for str {
    fn to_shouty_snake_case(&self) -> String {
        convert(self, Some(b'_'), Word::Upper, heck::ToShoutySnakeCase::to_shouty_snake_case)
    }
}

/// `text` converted by [`join_words`] when it is ASCII, else by heck's `other`.
fn convert(text: &str, separator: Option<u8>, word: Word, other: fn(&str) -> String) -> String {
    if text.is_ascii() { join_words(text, separator, word) } else { other(text) }
}

/// How each word is written.
#[derive(Clone, Copy)]
enum Word {
    Lower,
    Upper,
    Capitalized,
}

/// The case of the last cased letter since the word began (heck's `WordMode`).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lowercase,
    Uppercase,
}

/// heck's `transform` on ASCII text: words split at every non-alphanumeric
/// byte, before an uppercase letter that follows a lowercase one, and before
/// the last of a run of capitals that a lowercase letter follows (`HTTPServer`
/// is `HTTP Server`); written as `word`, joined by `separator`.
fn join_words(text: &str, separator: Option<u8>, word: Word) -> String {
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    let mut first = true;
    let mut emit = |piece: &[u8], out: &mut Vec<u8>| {
        if !first {
            out.extend(separator);
        }
        first = false;
        for (i, &byte) in piece.iter().enumerate() {
            out.push(match word {
                Word::Lower => byte.to_ascii_lowercase(),
                Word::Upper => byte.to_ascii_uppercase(),
                Word::Capitalized if i == 0 => byte.to_ascii_uppercase(),
                Word::Capitalized => byte.to_ascii_lowercase(),
            });
        }
    };
    for part in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in part.iter().enumerate() {
            let Some(&next) = part.get(i + 1) else {
                emit(&part[start..], &mut out);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                emit(&part[start..=i], &mut out);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                emit(&part[start..i], &mut out);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    // Only ASCII bytes were written.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_as_heck(text: &str) {
        assert_eq!(text.to_snake_case(), heck::ToSnakeCase::to_snake_case(text), "snake of {text:?}");
        assert_eq!(text.to_upper_camel_case(), heck::ToUpperCamelCase::to_upper_camel_case(text), "camel of {text:?}");
        assert_eq!(text.to_kebab_case(), heck::ToKebabCase::to_kebab_case(text), "kebab of {text:?}");
        assert_eq!(
            text.to_shouty_snake_case(),
            heck::ToShoutySnakeCase::to_shouty_snake_case(text),
            "shouty of {text:?}"
        );
    }

    #[test]
    fn names_from_specs_convert_as_heck_converts_them() {
        for text in [
            "",
            "_",
            "request.ip",
            "HTTPServer",
            "getHTTPResponseCode",
            "v1-get-a-branch-config",
            "X-Request-ID",
            "ABC",
            "aB",
            "Ab",
            "a1B",
            "A1b",
            "1a",
            "__private__",
            "already_snake",
            "UpperCamel",
            "ipv4Address",
            "IPv4Address",
            "3DSecure",
            "user's name",
            "a  b",
            "trailing-",
        ] {
            assert_as_heck(text);
        }
    }

    #[test]
    fn any_short_ascii_text_converts_as_heck_converts_it() {
        // Every case of the rules: lowercase, uppercase, digits, and separators.
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', '-', '.'];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let length = (state >> 60) as usize;
            let text: String = (0..length).map(|i| alphabet[((state >> (i * 3 + 4)) & 7) as usize]).collect();
            assert_as_heck(&text);
        }
    }

    #[test]
    fn other_text_is_left_to_heck() {
        for text in ["Größe", "ΣΑΣ", "naïveName", "日本語"] {
            assert_as_heck(text);
        }
    }
}
