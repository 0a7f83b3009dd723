//! The config's patches, applied to the root spec before anything reads it:
//! RFC 7396 JSON Merge Patches and JSON-pointer `set`/`remove`, so a user
//! fixes a wrong schema without forking the publisher's spec. A patch whose
//! target does not exist is an error naming its config line: a patch that no
//! longer applies (the spec moved on) must not pass silently.

use serde_json::Value;

use crate::config::{Config, PatchAction};
use crate::diagnostics::Error;

pub fn apply(document: &mut Value, config: &Config) -> Result<(), Error> {
    for patch in &config.patches {
        let missing = |what: &str| config.error(&patch.at, format!("{what} `{}` is not in the spec", patch.pointer));
        match &patch.action {
            PatchAction::Merge(merge) => {
                merge_patch(document.pointer_mut(&patch.pointer).ok_or_else(|| missing("the target"))?, merge)
            }
            PatchAction::Set(value) => match document.pointer_mut(&patch.pointer) {
                Some(target) => *target = value.clone(),
                None => {
                    let (parent, key) = split_pointer(&patch.pointer).ok_or_else(|| missing("the target"))?;
                    match document.pointer_mut(parent) {
                        Some(Value::Object(map)) => {
                            map.insert(key, value.clone());
                        }
                        _ => return Err(missing("the parent object of")),
                    }
                }
            },
            PatchAction::Remove => {
                let (parent, key) = split_pointer(&patch.pointer)
                    .ok_or_else(|| config.error(&patch.at, "the whole document cannot be removed"))?;
                let removed = match document.pointer_mut(parent) {
                    Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
                    Some(Value::Array(items)) => match key.parse::<usize>() {
                        Ok(index) if index < items.len() => {
                            items.remove(index);
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                };
                if !removed {
                    return Err(missing("the target"));
                }
            }
        }
    }
    Ok(())
}

/// RFC 7396: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.shift_remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

/// `/a/b~1c` → (`/a`, `b/c`); `None` for the root.
fn split_pointer(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, crate::diagnostics::pointer_token(last)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn patched(config: &str, mut document: Value) -> Result<Value, String> {
        let config = Config::from_str("codegen.yaml", config).map_err(|e| e.to_string())?;
        apply(&mut document, &config).map_err(|e| e.to_string())?;
        Ok(document)
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        // The RFC's own example (section 3).
        let mut target = json!({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"}, "tags": ["example", "sample"], "content": "This will be unchanged"});
        merge_patch(
            &mut target,
            &json!({"title": "Hello!", "phoneNumber": "+01-123-456-7890", "author": {"familyName": null}, "tags": ["example"]}),
        );
        assert_eq!(
            target,
            json!({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"], "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"})
        );
    }

    #[test]
    fn patches_apply_in_order_at_their_pointers() {
        let document = json!({"components": {"schemas": {"a/b": {"type": "integer", "format": "int32"}, "c": {"type": "string"}}}, "paths": {}});
        let config = "patches:\n  - at: /components/schemas/a~1b\n    merge: {type: string, format: null}\n  - at: /components/schemas/d\n    set: {type: boolean}\n  - at: /components/schemas/c\n    remove: true\n";
        assert_eq!(
            patched(config, document).unwrap(),
            json!({"components": {"schemas": {"a/b": {"type": "string"}, "d": {"type": "boolean"}}}, "paths": {}})
        );
    }

    #[test]
    fn a_missing_target_names_the_config_line() {
        let document = json!({"components": {"schemas": {}}});
        let cases = [
            (
                "patches:\n  - at: /components/schemas/gone\n    merge: {type: string}\n",
                "codegen.yaml:2: `patches.0`: the target `/components/schemas/gone` is not in the spec",
            ),
            (
                "patches:\n  - at: /components/other/x\n    set: 1\n",
                "codegen.yaml:2: `patches.0`: the parent object of `/components/other/x` is not in the spec",
            ),
            (
                "patches:\n  - {at: /info, remove: true}\n",
                "codegen.yaml:2: `patches.0`: the target `/info` is not in the spec",
            ),
        ];
        for (config, expected) in cases {
            assert_eq!(patched(config, document.clone()).unwrap_err(), expected);
        }
    }
}
