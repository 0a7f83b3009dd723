//! Tagged unions through the code generated for `specs/discriminated_one_of.yaml`:
//! a tag the spec does not list keeps its object, so it prints and round-trips;
//! variants that share a tag value are told apart by shape.

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

#[test]
fn variants_sharing_a_tag_value_are_told_apart_by_shape() {
    let input = json!({"type": "message", "role": "user", "content": "hi"});
    let output = json!({"type": "message", "role": "assistant", "id": "m1", "output": ["hello"]});
    let decoded: types::Message = serde_json::from_value(input.clone()).expect("the input message decodes");
    assert!(matches!(&decoded, types::Message::Message(m) if m.content == "hi"), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), input);
    // The second variant with the tag used to be unreachable.
    let decoded: types::Message = serde_json::from_value(output.clone()).expect("the output message decodes");
    assert!(matches!(&decoded, types::Message::Message2(m) if m.id == "m1"), "{decoded:?}");
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), output);
    let neither = serde_json::from_value::<types::Message>(json!({"type": "message", "role": "system"}));
    assert!(neither.unwrap_err().to_string().contains("matches none of the variants of Message with that tag"));
}

/// `specs/recursion.yaml`: a variant that holds its own union is boxed, and is
/// read and written as any other.
mod boxed_variants {
    use crate::focused::recursion::types::{Expr, Tree};
    use serde_json::json;

    #[test]
    fn a_boxed_tagged_variant_round_trips() {
        let sent =
            json!({"kind": "negate", "operand": {"kind": "negate", "operand": {"kind": "literal", "value": 2.0}}});
        let expr: Expr = serde_json::from_value(sent.clone()).expect("decodes");
        let Expr::Negate(negate) = &expr else { panic!("{expr:?}") };
        assert!(
            matches!(&*negate.operand, Expr::Negate(inner) if matches!(&*inner.operand, Expr::Literal(l) if l.value == 2.0))
        );
        assert_eq!(serde_json::to_value(&expr).expect("serializes"), sent);
    }

    #[test]
    fn a_boxed_untagged_variant_is_chosen_by_shape() {
        let sent = json!({"left": "a", "right": {"left": "b"}});
        let tree: Tree = serde_json::from_value(sent.clone()).expect("decodes");
        let Tree::Branch(branch) = &tree else { panic!("{tree:?}") };
        assert!(matches!(&*branch.left, Tree::String(s) if s == "a"));
        assert_eq!(serde_json::to_value(&tree).expect("serializes"), sent);
        let neither = serde_json::from_value::<Tree>(json!(7));
        assert!(neither.unwrap_err().to_string().contains("did not match any variant of untagged enum Tree"));
    }
}
