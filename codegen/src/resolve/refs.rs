//! `$ref` strings → locations: `#/a/b`, `other.yaml#/a/b`, `other.yaml`, with
//! percent-encoding and JSON-pointer escapes (`~0`, `~1`) left for `Value::pointer`.

use crate::diagnostics::{Error, Location};
use crate::load::{Documents, percent_decode};

pub(crate) fn target(docs: &Documents, from: &Location, reference: &str) -> Result<Location, Error> {
    let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file_part.contains("://") {
        return Err(Error::invalid(
            from,
            format!("remote $ref `{reference}` is not supported; download the file and refer to it by relative path"),
        ));
    }
    let from_file = docs.file_named(&from.file).unwrap_or(Documents::ROOT);
    let file = if file_part.is_empty() {
        from_file
    } else {
        docs.file_for(from_file, file_part)
            .ok_or_else(|| Error::invalid(from, format!("$ref `{reference}` names a file that was not loaded")))?
    };
    let pointer = percent_decode(fragment);
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(Error::invalid(
            from,
            format!("$ref `{reference}`: only JSON-pointer fragments (`#/…`) are supported"),
        ));
    }
    Ok(Location::new(docs.get(file).name.clone(), pointer))
}

#[cfg(test)]
mod tests {
    use crate::load::percent_decode;

    #[test]
    fn decodes_percent_escapes_and_leaves_the_rest() {
        assert_eq!(percent_decode("/paths/~1a~1%7Bid%7D"), "/paths/~1a~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
