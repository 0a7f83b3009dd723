//! A YAML reader of our own, for two users. `config` reads `codegen.yaml` as
//! a tree that remembers the line of every node, so that a config error can
//! name the line and key it is about (serde_yaml's values forget where they
//! came from); scalars stay text until the reader asks for the type it
//! expects. `load` reads specs nested deeper than serde_yaml's fixed limit of
//! 128 ([`to_json_bounded`]): this parser keeps open collections on a heap
//! stack, not the call stack. Built from yaml-rust2's parser events.

use rustc_hash::FxHashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Why a document could not be read: its line and, for a key given twice, the key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    /// 1-based.
    pub line: usize,
    /// The key the error is about, or empty.
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// 1-based.
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// The scalar's text, and whether it was quoted (a quoted `true` is a string).
    Scalar(String, bool),
    List(Vec<Node>),
    /// Keys in document order, each with its own line.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub text: String,
    pub line: usize,
}

impl Node {
    /// `null`, `~` or nothing at all (`key:` with no value).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar(text, false) if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar(..) if self.is_null() => "null",
            Value::Scalar(..) => "a scalar",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as JSON, for patches and merge documents: plain scalars are
    /// typed as YAML 1.2's core schema types them, quoted ones stay strings.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Scalar(_, false) if self.is_null() => serde_json::Value::Null,
            Value::Scalar(text, true) => serde_json::Value::String(text.clone()),
            Value::Scalar(text, false) => match text.as_str() {
                "true" | "True" | "TRUE" => serde_json::Value::Bool(true),
                "false" | "False" | "FALSE" => serde_json::Value::Bool(false),
                _ => serde_json::from_str::<serde_json::Number>(text)
                    .map(serde_json::Value::Number)
                    .unwrap_or_else(|_| serde_json::Value::String(text.clone())),
            },
            Value::List(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                serde_json::Value::Object(entries.iter().map(|(k, v)| (k.text.clone(), v.to_json())).collect())
            }
        }
    }
}

/// Parses one YAML document; an empty file is an empty mapping.
pub(crate) fn parse(text: &str) -> Result<Node, Error> {
    parse_bounded(text, usize::MAX)
}

/// A YAML document as JSON, nested at most `max_depth` collections deep:
/// for specs deeper than serde_yaml's fixed limit.
pub(crate) fn to_json_bounded(text: &str, max_depth: usize) -> Result<serde_json::Value, Error> {
    parse_bounded(text, max_depth).map(|node| node.to_json())
}

fn parse_bounded(text: &str, max_depth: usize) -> Result<Node, Error> {
    let mut builder = Builder { max_depth, ..Builder::default() };
    let mut parser = Parser::new_from_str(text);
    // Event by event, not `Parser::load`, which recurses once per nesting level.
    loop {
        let (event, mark) = parser.next_token().map_err(|e| Error {
            line: e.marker().line(),
            key: String::new(),
            message: e.info().to_string(),
        })?;
        if matches!(event, Event::DocumentEnd | Event::StreamEnd) {
            break;
        }
        builder.on_event(event, mark);
        if let Some(error) = builder.error.take() {
            return Err(error);
        }
    }
    Ok(builder.root.unwrap_or(Node { line: 1, value: Value::Map(Vec::new()) }))
}

/// How many nodes anchors and aliases may copy for each event read before
/// them. serde_yaml bounds the aliases it follows the same way (100 per event
/// of the document); copying a tree per alias, as this reader does, an alias
/// bomb (ten aliases of ten aliases of ... of a list) would otherwise grow
/// past any memory before a limit further on is reached.
const COPIES_PER_EVENT: usize = 100;

/// And at most this many nodes in all, whatever the document's size (some
/// hundreds of megabytes as a tree and then as JSON).
const MAX_COPIES: usize = 4_000_000;

/// Turns the parser's events into [`Node`]s: open collections wait on a stack.
#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    /// Anchored nodes, and how many nodes each holds, by anchor id, for aliases.
    anchors: FxHashMap<usize, (Node, usize)>,
    root: Option<Node>,
    error: Option<Error>,
    /// How many collections may be open at once.
    max_depth: usize,
    /// Events read so far.
    events: usize,
    /// Nodes copied so far for anchors and aliases.
    copies: usize,
}

/// A collection being read.
struct Open {
    node: Node,
    /// In a mapping, the key read whose value is not.
    key: Option<Key>,
    /// In a mapping, the line of each key read, to tell a key given twice.
    keys: FxHashMap<String, usize>,
    anchor: usize,
    /// Nodes read into it, itself and keys included.
    size: usize,
}

impl Builder {
    /// Adds a complete node (of `size` nodes) to the open collection, or makes it the root.
    fn finish(&mut self, node: Node, size: usize) {
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        open.size += size;
        match &mut open.node.value {
            Value::List(items) => items.push(node),
            Value::Map(entries) => match open.key.take() {
                None => match node.value {
                    Value::Scalar(text, _) => open.key = Some(Key { text, line: node.line }),
                    _ => self.fail(node.line, "a mapping key must be a plain value"),
                },
                Some(key) => {
                    if let Some(first) = open.keys.insert(key.text.clone(), key.line) {
                        let message = format!("`{}` is given twice (first on line {first})", key.text);
                        self.error.get_or_insert(Error { line: key.line, key: key.text.clone(), message });
                    }
                    entries.push((key, node));
                }
            },
            Value::Scalar(..) => {}
        }
    }

    /// Whether `size` more nodes may be copied at `line` (else the error says why).
    fn copy(&mut self, size: usize, line: usize) -> bool {
        let budget = self.events.saturating_mul(COPIES_PER_EVENT).min(MAX_COPIES);
        self.copies = self.copies.saturating_add(size);
        if self.copies > budget {
            let message = format!(
                "anchors and aliases expand to more than {budget} nodes ({COPIES_PER_EVENT} for each event read \
                 before them, {MAX_COPIES} in all): refused as an alias bomb"
            );
            self.fail(line, &message);
        }
        self.copies <= budget
    }

    /// Keeps a copy of an anchored node for the aliases to it.
    fn anchor(&mut self, anchor: usize, node: &Node, size: usize, line: usize) {
        if anchor > 0 && self.copy(size, line) {
            self.anchors.insert(anchor, (node.clone(), size));
        }
    }

    fn open(&mut self, line: usize, value: Value, anchor: usize) {
        let node = Node { line, value };
        self.stack.push(Open { node, key: None, keys: FxHashMap::default(), anchor, size: 1 });
    }

    fn fail(&mut self, line: usize, message: &str) {
        self.error.get_or_insert(Error { line, key: String::new(), message: message.to_string() });
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        self.events += 1;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let quoted = !matches!(style, TScalarStyle::Plain) || tag.as_ref().is_some_and(is_string_tag);
                let node = Node { line, value: Value::Scalar(text, quoted) };
                self.anchor(anchor, &node, 1, line);
                self.finish(node, 1);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= self.max_depth => {
                let message = format!("nested more than {} levels deep", self.max_depth);
                self.fail(line, &message);
            }
            Event::SequenceStart(anchor, _) => self.open(line, Value::List(Vec::new()), anchor),
            Event::MappingStart(anchor, _) => self.open(line, Value::Map(Vec::new()), anchor),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Open { node, anchor, size, .. }) = self.stack.pop() {
                    self.anchor(anchor, &node, size, line);
                    self.finish(node, size);
                }
            }
            Event::Alias(anchor) => match self.anchors.get(&anchor).map(|(_, size)| *size) {
                // Counted before it is copied.
                Some(size) if self.copy(size, line) => {
                    let value = self.anchors.get(&anchor).map(|(node, _)| node.value.clone());
                    if let Some(value) = value {
                        self.finish(Node { line, value }, size);
                    }
                }
                Some(_) => {}
                None => self.fail(line, "an alias names no anchor before it"),
            },
            _ => {}
        }
    }
}

fn is_string_tag(tag: &Tag) -> bool {
    tag.suffix == "str"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_keys_are_kept() {
        let node = parse("a:\n  b: 1\n  c: [x, 'true']\n").unwrap();
        let Value::Map(entries) = &node.value else { panic!("a map") };
        assert_eq!(entries[0].0, Key { text: "a".into(), line: 1 });
        let Value::Map(inner) = &entries[0].1.value else { panic!("a map") };
        assert_eq!(inner[1].0.line, 3);
        assert_eq!(entries[0].1.to_json(), serde_json::json!({"b": 1, "c": ["x", "true"]}));
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_name_their_line() {
        let error = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((error.line, error.key.as_str()), (3, "a"));
        assert!(error.message.contains("line 1"), "{}", error.message);
        assert_eq!(parse("a: [1, 2\nb: 3\n").unwrap_err().line, 2);
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let nested = |depth: usize| (0..depth).map(|level| format!("{}a:\n", "  ".repeat(level))).collect::<String>();
        let error = to_json_bounded(&nested(2_000), 512).unwrap_err();
        assert_eq!((error.line, error.message.as_str()), (513, "nested more than 512 levels deep"));
        assert!(to_json_bounded(&nested(400), 512).is_ok());
    }

    #[test]
    fn anchors_and_aliases_copy_the_node() {
        let node = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(node.to_json(), serde_json::json!({"a": {"k": "v"}, "b": {"k": "v"}}));
        // The latest anchor of a name counts.
        let node = parse("a: &x 1\nb: &x 2\nc: *x\n").unwrap();
        assert_eq!(node.to_json(), serde_json::json!({"a": 1, "b": 2, "c": 2}));
    }

    /// `levels` lists of ten, each of ten aliases of the one before (10^levels
    /// scalars expanded), after a list nested `depth` deep.
    fn alias_bomb(depth: usize, levels: usize) -> String {
        let mut text = format!("deep: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        text.push_str("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..levels {
            let aliases = vec![format!("*l{}", level - 1); 10].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{aliases}]\n"));
        }
        text
    }

    #[test]
    fn aliases_expand_within_a_budget() {
        let started = std::time::Instant::now();
        let error = to_json_bounded(&alias_bomb(200, 11), 512).unwrap_err();
        assert!(error.message.contains("refused as an alias bomb"), "{}", error.message);
        assert!((3..=12).contains(&error.line), "{error:?}");
        // The config reads with the same bound.
        let error = parse(&alias_bomb(1, 11)).unwrap_err();
        assert!(error.message.starts_with("anchors and aliases expand to more than"), "{}", error.message);
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());
        // What a document reuses, a hundred times its size, is read.
        let value = to_json_bounded(&alias_bomb(200, 3), 512).unwrap();
        assert_eq!(value["l2"].as_array().map(Vec::len), Some(10));
        assert_eq!(value["l2"][9][9], serde_json::Value::from(vec!["x"; 10]));
    }

    #[test]
    fn many_keys_and_anchors_read_in_linear_time() {
        let started = std::time::Instant::now();
        let keys: String = (0..100_000).map(|i| format!("k{i}: &a{i} v\n")).collect();
        let aliases: String = (0..100_000).map(|i| format!("r{i}: *a{i}\n")).collect();
        let value = to_json_bounded(&format!("{keys}{aliases}"), 512).unwrap();
        assert_eq!(value["r99999"], "v");
        let error = parse(&format!("{keys}k5: again\n")).unwrap_err();
        assert_eq!((error.line, error.message.as_str()), (100_001, "`k5` is given twice (first on line 6)"));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
