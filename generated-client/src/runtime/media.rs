//! Media types as responses are matched on. No dependencies: the generator includes this
//! file too (`codegen::model::media_key`), so generated match arms and the runtime agree.

/// A media type as a response is matched on: the lower-cased essence and its parameters but
/// `charset` and `q`, sorted (`application/json;stream=watch`), so that two variants differing
/// only in a parameter stay apart.
pub(crate) fn media_key(media_type: &str) -> String {
    let mut parts = media_type.split(';').map(|part| part.trim().to_ascii_lowercase());
    let mut key = parts.next().unwrap_or_default();
    let mut parameters: Vec<String> = parts
        .filter_map(|part| {
            let (name, value) = part.split_once('=')?;
            let (name, value) = (name.trim(), value.trim().trim_matches('"'));
            (name != "charset" && name != "q").then(|| format!("{name}={value}"))
        })
        .collect();
    parameters.sort();
    for parameter in parameters {
        key.push(';');
        key.push_str(&parameter);
    }
    key
}

#[cfg(test)]
mod tests {
    #[test]
    fn media_keys_keep_parameters_but_charset() {
        let table = [
            ("application/json", "application/json"),
            ("Application/JSON; charset=UTF-8", "application/json"),
            ("application/json;stream=watch", "application/json;stream=watch"),
            (
                "application/vnd.kubernetes.protobuf; stream=watch; q=0.9",
                "application/vnd.kubernetes.protobuf;stream=watch",
            ),
            ("text/plain; b=2; a=\"1\"", "text/plain;a=1;b=2"),
        ];
        for (media_type, key) in table {
            assert_eq!(super::media_key(media_type), key, "{media_type}");
        }
    }
}
