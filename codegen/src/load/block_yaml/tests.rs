use std::path::Path;

use super::{Parity, parity, parse};

/// Whether the reader accepted `text`; where it did, it must read what serde_yaml reads.
fn same_as_serde_yaml(text: &str) -> bool {
    match parity(text) {
        Parity::Same => true,
        Parity::Left => false,
        Parity::Differs(what) => panic!("{text:?}:\n{what}"),
    }
}

#[test]
fn reads_what_serde_yaml_reads() {
    let accepted = [
        // Scalars as YAML 1.2's core schema reads them.
        "a: 1\nb: -2\nc: +3\nd: 0\ne: -0\nf: 18446744073709551615\ng: -9223372036854775808",
        "a: 1.5\nb: 1.\nc: .5\nd: -.5\ne: +.5\nf: 1e5\ng: 1E+5\nh: 1.5e-3\ni: 0.\nj: 1.e5\nk: 3.14159265358979323846",
        "a: 012\nb: 00\nc: 1_000\nd: 2023-01-01\ne: 1e\nf: -e5\nh: 12:30\ni: 1.2.3",
        "a: true\nb: True\nc: TRUE\nd: tRue\ne: yes\nf: No\ng: on\nh: nan\ni: inf\nj: .env",
        "a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: nil",
        "200: x\ntrue: x\nnull: x\n~: x\n1.50: x\n0x10: x\n'quoted': x\n\"double\": x",
        // Keys given twice: the later value, in the first place.
        "a: 1\nb: 2\na: 3",
        // Comments and strings with `#` and `:`.
        "# head\na: b # c\nd: e#f\ng: http://x/y?z=1#frag\n  # indented comment\nh: 'x # y'",
        // Quoted scalars.
        "a: 'it''s'\nb: \"x\\u00e9\\x41\\ty\\\\\\\"\"\nc: \"\"\nd: ''\ne: \"a: b\"",
        "a: \"x\n  y\n\n  z\"\nb: 'x\n  y'\nc: \"trailing  \n  spaces\"",
        "a: \"joined \\\n  \\ with an escaped break\\\n    and without\"",
        // Plain scalars over lines.
        "a: x\n  y\n\n  z\nb: one\n  two # c\nc: 1\n  2",
        "- a\n  b\n- c",
        "a: x\n  [0,2] y\n  - z\n  * w\n  & v\n  ! u",
        // Block scalars.
        "a: |\n  x\n\n  y\n\n\nb: 1",
        "a: |-\n  x\n    indented\n  y\nb: |+\n  kept\n\n\nc: 1",
        "a: >\n  x\n  y\n\n  z\n",
        "a: >-\n  folded\n  text\nb: > # comment\n  z\n",
        "a: |\n\n  after an empty line\n",
        "a: >\n\n  after an empty line\n",
        "a: >-\n  x\n   more\n\n   indented\n  y\n\n  z\n  * list\n    - item\n  w\n",
        "- |\n  in a sequence\n- b",
        "a: |+\n\nb: 1\nc: |\nd: >-\n\n\ne: |+\nf: 1\ng:\n  - |+\n\n  - end\n",
        "a: >\n  x  \n      \n  y\nb: |\n  x\n     \n  y\n",
        // Block collections.
        "a:\n  b:\n    c: 1\n  d: [1, 2]\ne: {}\nf: []",
        "- a\n- b: 1\n  c: 2\n- - x\n  - y\n-\n  z: 1\n-",
        "a:\n- 1\n- 2\nb:\n  - 3",
        "a:\n  - name: x\n    in: query\n  - name: y\n    schema:\n      type: string",
        "---\na: 1\n",
        "a: 1\r\nb: |\r\n  x\r\n  y\r\n",
        // Flow collections.
        "a: [1, 'b', {c: d}]\nb: {e: }\nc: [a b, c]\nd: {\"x\": 1, 'y': [2, 3],}\ne: [http://x, a:b]",
        "a: [\n    1,\n    2 # two\n  ]\nb: {\n  c: d\n  }",
        "- {name: a, in: path}\n- [x]",
        "a: [\"name\": \"x\", b: 2, c: , 'd':[1]]",
        "a: [what?, a?b, x:y]",
        // Anchors and aliases.
        "a: &x {b: 1}\nc: *x",
        "a: &x\n  b: [1]\nc: *x\nd:\n  - &y s\n  - *y",
    ];
    let refused: Vec<&str> = accepted.into_iter().filter(|text| !same_as_serde_yaml(text)).collect();
    assert!(refused.is_empty(), "refused: {refused:#?}");
}

#[test]
fn leaves_the_rest_to_serde_yaml() {
    let refused = [
        // Syntax errors: serde_yaml says what is wrong.
        "a: -",
        "a: b: c",
        "a: x\n  y: z",
        "a: [1, 2",
        "a:\n  b: 1\n c: 2",
        "a: 'open",
        "a: \"\\q\"",
        "a: 1\n...\nb: 2",
        "a: 1\n---\nb: 2",
        "a: *unknown",
        // Outside the subset.
        "a: !!str 1",
        "? a\n: b",
        "a: |2\n   x",
        "a: 0x1F\nb: 0o17",
        "a: .inf",
        "a: -012",
        "a: 99999999999999999999",
        "a: 1e400",
        "a:\tb",
        "%YAML 1.2\n---\na: 1",
        "a: [x\n  y]",
        "a: [x:]",
        "a: {b:, c: 1}",
        "a: [b:[1]]",
        "\u{feff}a: 1",
        "a: 1\u{2028}b: 2",
    ];
    let accepted: Vec<&str> = refused.into_iter().filter(|text| same_as_serde_yaml(text)).collect();
    assert!(accepted.is_empty(), "accepted: {accepted:#?}");
}

#[test]
fn deep_documents_are_left_to_the_bounded_readers() {
    let deep: String = (0..150).map(|depth| format!("{}k:\n", " ".repeat(depth))).collect();
    assert_eq!(parse(&deep), None);
    let shallow: String = (0..50).map(|depth| format!("{}k:\n", " ".repeat(depth))).collect();
    assert!(same_as_serde_yaml(&shallow));
}

#[test]
fn alias_bombs_are_left_to_serde_yaml() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f"].iter().zip(["a", "b", "c", "d", "e"]) {
        let list = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{list}]\n"));
    }
    assert_eq!(parse(&text), None);
}

/// Every YAML spec and config of the focused tests: read as serde_yaml reads them, and all
/// within the subset, so the fast path is what they exercise.
#[test]
fn reads_the_focused_specs_as_serde_yaml_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specs");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "{} YAML files", files.len());
    files.sort();
    let refused: Vec<String> = files
        .iter()
        .filter(|path| !same_as_serde_yaml(&std::fs::read_to_string(path).unwrap()))
        .map(|path| path.display().to_string())
        .collect();
    // Integers past 64 bits are read by `load`'s own fallback (as `f64`, as JSON readers do).
    assert_eq!(refused, [root.join("big_numbers.yaml").display().to_string()], "left to serde_yaml");
}
