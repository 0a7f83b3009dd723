//! Tagged unions through the code generated for `specs/discriminated_one_of.yaml`:
//! a tag the spec does not list keeps its object, so it prints and round-trips.

use crate::focused::discriminated_one_of::types;
use serde_json::json;

#[test]
fn an_unknown_tag_keeps_its_object_and_round_trips() {
    let sent = json!({"kind": "parrot", "talks": true, "words": ["hello"]});
    let pet: types::Pet = serde_json::from_value(sent.clone()).expect("an unknown tag decodes");
    assert!(matches!(&pet, types::Pet::Unknown(object) if object == &sent), "{pet:?}");
    assert_eq!(serde_json::to_value(&pet).expect("it serializes"), sent);
    // Debug of a struct holding one used to fail (and `format!` to panic).
    assert!(format!("{pet:?}").contains("parrot"));
}

#[test]
fn a_known_tag_still_picks_its_variant() {
    let pet: types::Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).expect("decodes");
    assert!(matches!(&pet, types::Pet::Cat(cat) if cat.lives == Some(9)), "{pet:?}");
    assert_eq!(serde_json::to_value(&pet).expect("serializes"), json!({"kind": "cat", "lives": 9}));
}
