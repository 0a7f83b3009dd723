//! JSONPath as Stainless's transforms and OpenAPI overlays write it: the common
//! part of JSONPath-Plus, which Stainless evaluates with. `$`, then segments:
//! `.name` (a dot name runs to the next `.` or `[`, so `$.paths./v1/users.get`
//! works), `..name` (the node and every node below it), `.*`, `[n]` (negative
//! from the end), `['name']`, `["name"]`, unions (`['a', 'b']`, `[0, 1]`) and
//! filters over a node's children (`[?(@.in == 'query' && @.required)]`): `@`
//! paths, string, number, `true`, `false` and `null` literals, `==` `!=` `<`
//! `<=` `>` `>=` (`===` and `!==` alike), `&&`, `||`, `!`, parentheses, and a
//! bare `@.x` for "there and truthy", as JavaScript reads it. As JavaScript
//! does, `.0` on an array is its first item. A query gives the paths of the
//! nodes it selects, in query order (document order for `..` and `*`), each once.

use rustc_hash::FxHashSet;
use serde_json::Value;

/// A step from a node to one of its children.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Index(usize),
    Key(String),
}

/// A parsed query; it displays as it was written.
#[derive(Debug, Clone)]
pub struct JsonPath {
    text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    /// `.name`, `[..]`: the selectors applied to the node.
    Child(Vec<Selector>),
    /// `..name`, `..[..]`: applied to the node and every node below it.
    Descendants(Vec<Selector>),
}

#[derive(Debug, Clone)]
enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Filter(Filter),
}

#[derive(Debug, Clone)]
enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `@.x` alone: there, and not `false`, `null`, `0` or `""`.
    Truthy(Operand),
    Compare(Operand, Comparison, Operand),
}

#[derive(Debug, Clone)]
enum Operand {
    /// `@` and names and indexes below it.
    Current(Vec<Selector>),
    Literal(Value),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// How many terms (comparisons, `!`, parentheses) a query's filters may have
/// in all: evaluating and dropping them recurses, and configs are fuzzed.
const MAX_FILTER_TERMS: usize = 256;

impl JsonPath {
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let mut parser = Parser { text, at: 0, terms: 0 };
        if !parser.eat("$") {
            return Err("a JSONPath starts with `$`".to_string());
        }
        let mut segments = Vec::new();
        while parser.at < text.len() {
            segments.push(parser.segment()?);
        }
        Ok(JsonPath { text: text.to_string(), segments })
    }

    /// The paths of the nodes the query selects in `root`.
    pub fn select(&self, root: &Value) -> Vec<Vec<Step>> {
        select(&self.segments, root)
    }

    /// What [`JsonPath::select`] gives or, when that is nothing and the query
    /// ends in a name (`$.a.b`), that name in each object the rest selects: a
    /// key to create.
    pub fn select_or_new(&self, root: &Value) -> Vec<Vec<Step>> {
        let found = self.select(root);
        match self.segments.split_last() {
            Some((Segment::Child(last), parents)) if found.is_empty() => match last.as_slice() {
                [Selector::Name(name)] => select(parents, root)
                    .into_iter()
                    .filter(|path| resolve(root, path).is_some_and(Value::is_object))
                    .map(|mut path| {
                        path.push(Step::Key(name.clone()));
                        path
                    })
                    .collect(),
                _ => found,
            },
            _ => found,
        }
    }
}

impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A path as an RFC 6901 JSON pointer.
pub fn pointer(path: &[Step]) -> String {
    let mut pointer = String::new();
    for step in path {
        pointer.push('/');
        match step {
            Step::Index(i) => pointer.push_str(&i.to_string()),
            Step::Key(key) => crate::diagnostics::push_pointer_token(&mut pointer, key),
        }
    }
    pointer
}

/// The node at a path, if it is there.
pub fn resolve<'v>(root: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(root, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get(key),
        (Value::Array(items), Step::Index(i)) => items.get(*i),
        _ => None,
    })
}

fn select(segments: &[Segment], root: &Value) -> Vec<Vec<Step>> {
    let mut nodes = vec![(root, Vec::new())];
    for segment in segments {
        let mut next = Vec::new();
        for (node, path) in &nodes {
            match segment {
                Segment::Child(selectors) => apply(selectors, node, path, &mut next),
                Segment::Descendants(selectors) => {
                    // Depth first on a stack of our own, children pushed last first: document order.
                    let mut stack = vec![(*node, path.clone())];
                    while let Some((node, path)) = stack.pop() {
                        apply(selectors, node, &path, &mut next);
                        stack.extend(children(node, &path).into_iter().rev());
                    }
                }
            }
        }
        let mut seen = FxHashSet::default();
        next.retain(|(_, path)| seen.insert(path.clone()));
        nodes = next;
    }
    nodes.into_iter().map(|(_, path)| path).collect()
}

fn apply<'v>(selectors: &[Selector], node: &'v Value, path: &[Step], out: &mut Vec<(&'v Value, Vec<Step>)>) {
    let at = |step: Step| {
        let mut path = path.to_vec();
        path.push(step);
        path
    };
    for selector in selectors {
        match selector {
            Selector::Name(name) => out.extend(named(node, name).map(|(child, step)| (child, at(step)))),
            Selector::Index(index) => out.extend(indexed(node, *index).map(|(child, step)| (child, at(step)))),
            Selector::Wildcard => out.extend(children(node, path)),
            Selector::Filter(filter) => {
                out.extend(children(node, path).into_iter().filter(|(child, _)| filter.test(child)))
            }
        }
    }
}

fn children<'v>(node: &'v Value, path: &[Step]) -> Vec<(&'v Value, Vec<Step>)> {
    let at = |step: Step| {
        let mut path = path.to_vec();
        path.push(step);
        path
    };
    match node {
        Value::Array(items) => items.iter().enumerate().map(|(i, item)| (item, at(Step::Index(i)))).collect(),
        Value::Object(map) => map.iter().map(|(key, value)| (value, at(Step::Key(key.clone())))).collect(),
        _ => Vec::new(),
    }
}

/// An object's member or, as JavaScript reads `.0`, an array's item.
fn named<'v>(node: &'v Value, name: &str) -> Option<(&'v Value, Step)> {
    match node {
        Value::Object(map) => map.get(name).map(|value| (value, Step::Key(name.to_string()))),
        Value::Array(items) if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) => {
            let i: usize = name.parse().ok()?;
            items.get(i).map(|item| (item, Step::Index(i)))
        }
        _ => None,
    }
}

/// An array's item (negative: from the end) or, as JavaScript reads `[0]`, an object's member.
fn indexed(node: &Value, index: i64) -> Option<(&Value, Step)> {
    match node {
        Value::Array(items) => {
            let i = match usize::try_from(index) {
                Ok(i) => i,
                Err(_) => items.len().checked_sub(usize::try_from(index.unsigned_abs()).ok()?)?,
            };
            items.get(i).map(|item| (item, Step::Index(i)))
        }
        Value::Object(_) => named(node, &index.to_string()),
        _ => None,
    }
}

impl Filter {
    fn test(&self, node: &Value) -> bool {
        match self {
            Filter::Or(a, b) => a.test(node) || b.test(node),
            Filter::And(a, b) => a.test(node) && b.test(node),
            Filter::Not(filter) => !filter.test(node),
            Filter::Truthy(operand) => operand.value(node).is_some_and(|value| match value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(_) | Value::Object(_) => true,
            }),
            Filter::Compare(a, comparison, b) => compare(a.value(node), *comparison, b.value(node)),
        }
    }
}

impl Operand {
    fn value<'v>(&'v self, node: &'v Value) -> Option<&'v Value> {
        match self {
            Operand::Literal(value) => Some(value),
            Operand::Current(path) => path.iter().try_fold(node, |node, selector| match selector {
                Selector::Name(name) => named(node, name).map(|(child, _)| child),
                Selector::Index(index) => indexed(node, *index).map(|(child, _)| child),
                Selector::Wildcard | Selector::Filter(_) => None,
            }),
        }
    }
}

/// A missing value equals only another missing one; numbers compare as numbers
/// (`1 == 1.0`), strings as strings, and nothing else is ordered.
fn compare(a: Option<&Value>, comparison: Comparison, b: Option<&Value>) -> bool {
    let equal = match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        _ => a == b,
    };
    let order = match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64().partial_cmp(&y.as_f64()),
        (Some(Value::String(x)), Some(Value::String(y))) => Some(x.cmp(y)),
        _ => None,
    };
    match comparison {
        Comparison::Equal => equal,
        Comparison::NotEqual => !equal,
        Comparison::Less => order.is_some_and(|o| o.is_lt()),
        Comparison::LessOrEqual => order.is_some_and(|o| o.is_le()),
        Comparison::Greater => order.is_some_and(|o| o.is_gt()),
        Comparison::GreaterOrEqual => order.is_some_and(|o| o.is_ge()),
    }
}

struct Parser<'a> {
    text: &'a str,
    /// A byte offset into `text`, always on a character boundary.
    at: usize,
    /// Filter terms read so far.
    terms: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) { Ok(()) } else { Err(self.error(&format!("expected `{token}`"))) }
    }

    fn space(&mut self) {
        self.at = self.text.len() - self.rest().trim_start().len();
    }

    fn error(&self, message: &str) -> String {
        let position = self.text[..self.at].chars().count() + 1;
        match self.peek() {
            Some(c) => format!("{message} at character {position} (`{c}`)"),
            None => format!("{message} at the end"),
        }
    }

    fn segment(&mut self) -> Result<Segment, String> {
        if self.eat("..") {
            Ok(Segment::Descendants(if self.peek() == Some('[') { self.bracket()? } else { vec![self.dot_name()?] }))
        } else if self.eat(".") {
            Ok(Segment::Child(vec![self.dot_name()?]))
        } else if self.peek() == Some('[') {
            Ok(Segment::Child(self.bracket()?))
        } else {
            Err(self.error("expected `.`, `..` or `[`"))
        }
    }

    /// JSONPath-Plus's dot names: anything up to the next `.` or `[` (`/v1/users/{id}`).
    fn dot_name(&mut self) -> Result<Selector, String> {
        let name = self.rest().split(['.', '[']).next().unwrap_or_default().to_string();
        if name.is_empty() {
            return Err(self.error("expected a name or `*`"));
        }
        self.at += name.len();
        Ok(if name == "*" { Selector::Wildcard } else { Selector::Name(name) })
    }

    fn bracket(&mut self) -> Result<Vec<Selector>, String> {
        self.expect("[")?;
        let mut selectors = Vec::new();
        loop {
            self.space();
            selectors.push(match self.peek() {
                Some('*') => {
                    self.at += 1;
                    Selector::Wildcard
                }
                Some('\'' | '"') => Selector::Name(self.string()?),
                Some('?') => {
                    self.at += 1;
                    Selector::Filter(self.or()?)
                }
                Some(c) if c == '-' || c.is_ascii_digit() => Selector::Index(self.integer()?),
                _ => return Err(self.error("expected a quoted name, an index, `*` or a filter `?(..)`")),
            });
            self.space();
            if !self.eat(",") {
                self.expect("]")?;
                return Ok(selectors);
            }
        }
    }

    /// `'…'` or `"…"`; a backslash escapes the next character (`\n` and `\t` as in JSON).
    fn string(&mut self) -> Result<String, String> {
        let start = self.at;
        let mut chars = self.rest().char_indices();
        let quote = chars.next().map(|(_, c)| c);
        let mut text = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                _ if Some(c) == quote => {
                    self.at += i + c.len_utf8();
                    return Ok(text);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => text.push('\n'),
                    Some((_, 't')) => text.push('\t'),
                    Some((_, escaped)) => text.push(escaped),
                    None => break,
                },
                c => text.push(c),
            }
        }
        self.at = start;
        Err(self.error("unterminated string"))
    }

    fn integer(&mut self) -> Result<i64, String> {
        let rest = self.rest();
        let digits = rest.strip_prefix('-').unwrap_or(rest);
        let len = rest.len() - digits.len() + digits.bytes().take_while(u8::is_ascii_digit).count();
        let number = rest[..len].parse().map_err(|_| self.error("expected an index"))?;
        self.at += len;
        Ok(number)
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut filter = self.and()?;
        while self.eat("||") {
            filter = Filter::Or(Box::new(filter), Box::new(self.and()?));
        }
        Ok(filter)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut filter = self.term()?;
        while self.eat("&&") {
            filter = Filter::And(Box::new(filter), Box::new(self.term()?));
        }
        Ok(filter)
    }

    /// `!term`, `(or)`, or a comparison (or a bare operand); spaces around it read.
    fn term(&mut self) -> Result<Filter, String> {
        self.space();
        self.terms += 1;
        if self.terms > MAX_FILTER_TERMS {
            return Err(self.error(&format!("filters with more than {MAX_FILTER_TERMS} terms are not supported")));
        }
        let filter = if self.rest().starts_with('!') && !self.rest().starts_with("!=") {
            self.at += 1;
            Filter::Not(Box::new(self.term()?))
        } else if self.eat("(") {
            let filter = self.or()?;
            self.expect(")")?;
            filter
        } else {
            let left = self.operand()?;
            self.space();
            const COMPARISONS: [(&str, Comparison); 8] = [
                ("===", Comparison::Equal),
                ("!==", Comparison::NotEqual),
                ("==", Comparison::Equal),
                ("!=", Comparison::NotEqual),
                ("<=", Comparison::LessOrEqual),
                (">=", Comparison::GreaterOrEqual),
                ("<", Comparison::Less),
                (">", Comparison::Greater),
            ];
            match COMPARISONS.iter().find(|(token, _)| self.rest().starts_with(token)) {
                Some(&(token, comparison)) => {
                    self.at += token.len();
                    self.space();
                    Filter::Compare(left, comparison, self.operand()?)
                }
                None => Filter::Truthy(left),
            }
        };
        self.space();
        Ok(filter)
    }

    fn operand(&mut self) -> Result<Operand, String> {
        if self.eat("@") {
            let mut path = Vec::new();
            loop {
                if self.rest().starts_with('.') && !self.rest().starts_with("..") {
                    self.at += 1;
                    let name: String = self
                        .rest()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'))
                        .collect();
                    if name.is_empty() {
                        return Err(self.error("expected a name"));
                    }
                    self.at += name.len();
                    path.push(Selector::Name(name));
                } else if self.eat("[") {
                    self.space();
                    path.push(match self.peek() {
                        Some('\'' | '"') => Selector::Name(self.string()?),
                        _ => Selector::Index(self.integer()?),
                    });
                    self.space();
                    self.expect("]")?;
                } else {
                    return Ok(Operand::Current(path));
                }
            }
        }
        if matches!(self.peek(), Some('\'' | '"')) {
            return Ok(Operand::Literal(Value::String(self.string()?)));
        }
        for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)] {
            if self.eat(word) {
                return Ok(Operand::Literal(value));
            }
        }
        let number: String = self
            .rest()
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            .collect();
        match serde_json::from_str::<serde_json::Number>(&number) {
            Ok(n) if !number.is_empty() => {
                self.at += number.len();
                Ok(Operand::Literal(Value::Number(n)))
            }
            _ if self.peek() == Some('$') => {
                Err(self.error("a filter's paths start at `@`; `$` in a filter is not supported"))
            }
            _ => Err(self.error("expected `@`, a string, a number, `true`, `false` or `null`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pointers(query: &str, document: &Value) -> Vec<String> {
        let path = JsonPath::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        path.select(document).iter().map(|path| pointer(path)).collect()
    }

    fn spec() -> Value {
        json!({
            "info": {"title": "t"},
            "paths": {
                "/v1/users": {"get": {"summary": "List", "parameters": [
                    {"name": "account_id", "in": "path", "required": true, "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "maximum": 100}},
                    {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}
                ]}},
                "/v1/users/{id}": {"delete": {"summary": "Delete", "parameters": [{"name": "account_id", "in": "path"}]}}
            }
        })
    }

    #[test]
    fn dot_names_run_to_the_next_dot_or_bracket() {
        let spec = spec();
        assert_eq!(pointers("$.paths./v1/users.get.summary", &spec), ["/paths/~1v1~1users/get/summary"]);
        assert_eq!(pointers("$.paths./v1/users/{id}.delete", &spec), ["/paths/~1v1~1users~1{id}/delete"]);
        assert_eq!(pointers("$.paths['/v1/users'][\"get\"]", &spec), ["/paths/~1v1~1users/get"]);
        assert_eq!(pointers("$", &spec), [""]);
        assert!(pointers("$.paths./v2/users", &spec).is_empty());
    }

    #[test]
    fn wildcards_descendants_indexes_and_unions() {
        let spec = spec();
        assert_eq!(
            pointers("$.paths.*.*.summary", &spec),
            ["/paths/~1v1~1users/get/summary", "/paths/~1v1~1users~1{id}/delete/summary"]
        );
        assert_eq!(
            pointers("$..summary", &spec),
            ["/paths/~1v1~1users/get/summary", "/paths/~1v1~1users~1{id}/delete/summary"]
        );
        let parameters = "/paths/~1v1~1users/get/parameters";
        assert_eq!(pointers("$.paths./v1/users.get.parameters[-1].name", &spec), [format!("{parameters}/2/name")]);
        assert_eq!(pointers("$.paths./v1/users.get.parameters.1", &spec), [format!("{parameters}/1")]);
        assert_eq!(
            pointers("$.paths./v1/users.get.parameters[2, 0, 2]", &spec),
            [format!("{parameters}/2"), format!("{parameters}/0")]
        );
        assert_eq!(pointers("$['info', 'nothing', 'info']", &spec), ["/info"]);
        assert_eq!(pointers("$..[?(@.maximum)].maximum", &spec), [format!("{parameters}/1/schema/maximum")]);
        // `$..*` visits every node once, parents before children.
        assert_eq!(pointers("$.info..*", &spec), ["/info/title"]);
        assert_eq!(pointers("$..info", &spec), ["/info"]);
    }

    #[test]
    fn filters() {
        let spec = spec();
        let parameters = "/paths/~1v1~1users/get/parameters";
        assert_eq!(
            pointers("$.paths..parameters[?(@.name == 'account_id')].schema.type", &spec),
            [format!("{parameters}/0/schema/type")]
        );
        assert_eq!(pointers("$..parameters[?(@.name === \"account_id\")]", &spec).len(), 2);
        assert_eq!(pointers("$..parameters[?(@.in == 'query' && @.required)]", &spec), [format!("{parameters}/2")]);
        assert_eq!(pointers("$..parameters[?(@.in == 'query' && !@.required)]", &spec), [format!("{parameters}/1")]);
        assert_eq!(
            pointers("$..parameters[?(@.name == 'q' || (@.schema.maximum >= 100 && @['in'] != 'path'))]", &spec),
            [format!("{parameters}/1"), format!("{parameters}/2")]
        );
        assert_eq!(pointers("$..parameters[?@.schema.maximum < 100.5]", &spec), [format!("{parameters}/1")]);
        assert_eq!(pointers("$..parameters[?(@.schema.type > 'j')]", &spec), [format!("{parameters}/2")]);
        assert_eq!(pointers("$..parameters[?(@.missing == null)]", &spec), Vec::<String>::new());
        // A filter tests an object's values too.
        assert_eq!(pointers("$.paths[?(@.get)]", &spec), ["/paths/~1v1~1users"]);
    }

    #[test]
    fn a_new_key_is_offered_where_its_parent_object_is() {
        let spec = spec();
        let path = JsonPath::parse("$.paths.*.*.deprecated").unwrap();
        let found: Vec<String> = path.select_or_new(&spec).iter().map(|p| pointer(p)).collect();
        assert_eq!(found, ["/paths/~1v1~1users/get/deprecated", "/paths/~1v1~1users~1{id}/delete/deprecated"]);
        let path = JsonPath::parse("$.info.title").unwrap();
        assert_eq!(path.select_or_new(&spec), [vec![Step::Key("info".into()), Step::Key("title".into())]]);
        assert!(JsonPath::parse("$.nowhere.x").unwrap().select_or_new(&spec).is_empty());
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases = [
            ("paths", "a JSONPath starts with `$`"),
            ("$.", "expected a name or `*` at the end"),
            ("$x", "expected `.`, `..` or `[` at character 2 (`x`)"),
            ("$['a'", "expected `]` at the end"),
            ("$['a]", "unterminated string at character 3 (`'`)"),
            ("$[a]", "expected a quoted name, an index, `*` or a filter `?(..)` at character 3 (`a`)"),
            ("$[?(@.a == )]", "expected `@`, a string, a number, `true`, `false` or `null` at character 12 (`)`)"),
            ("$[?(@.a == $.b)]", "`$` in a filter is not supported"),
            ("$[?(@.a == 1]", "expected `)` at character 13 (`]`)"),
            ("$[99999999999999999999]", "expected an index at character 3"),
            ("$[1:2]", "expected `]` at character 4 (`:`)"),
        ];
        for (query, expected) in cases {
            let error = JsonPath::parse(query).expect_err(query);
            assert!(error.contains(expected), "{query}: {error}");
        }
        let deep = format!("$[?{}@.a{}]", "(".repeat(300), ")".repeat(300));
        assert!(JsonPath::parse(&deep).unwrap_err().contains("more than 256 terms"));
        let long = format!("$[?{}]", vec!["@.a"; 300].join(" || "));
        assert!(JsonPath::parse(&long).unwrap_err().contains("more than 256 terms"));
    }

    #[test]
    fn odd_input_neither_panics_nor_matches_wrongly() {
        let document = json!({"a": [1, {"é": "x"}], "": {"~/": 2}});
        assert_eq!(pointers("$.a[-3]", &document), Vec::<String>::new());
        assert_eq!(pointers("$.a[-9223372036854775808]", &document), Vec::<String>::new());
        assert_eq!(pointers("$.a.+1", &document), Vec::<String>::new());
        assert_eq!(pointers("$.a[1].é", &document), ["/a/1/é"]);
        assert_eq!(pointers("$[''][\"~/\"]", &document), ["//~0~1"]);
        assert_eq!(pointers("$.a[?(@ == 1)]", &document), ["/a/0"]);
        assert_eq!(pointers("$.a[?(@.é == 'x')]", &document), ["/a/1"]);
        for query in ["$[?(é)]", "$['\\", "$[?(@.a ==", "$[?(!", "$[-]", "$..", "$[?(@[)]"] {
            assert!(JsonPath::parse(query).is_err(), "{query}");
        }
    }
}
