//! Resources and methods: each resource path's struct and accessor, each
//! operation's method (its action word, made unique in its resource) and
//! path-argument names.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::fallback::{extension_name, fallback_name};
use super::{OperationNames, ResourceNames, unique};
use crate::config::{MethodWords, PatchWord};
use crate::english::{is_version, looks_plural};
use crate::ident::{RESERVED_TYPE_NAMES, field_ident, type_ident};
use crate::model::{Action, Answer, Method, Model, Operation, SecondMethod};

/// Every method of `Client`: the runtime's, private ones too (the generated
/// impls are in the same crate, where they would clash), its traits' (a
/// generated `clone` would break the runtime's `client.clone()`), and the
/// generated `builder` and `from_env`. Top-level accessors and operations on
/// `/` must not take them. `tests/tests/reserved_names.rs` checks it against the runtime.
#[doc(hidden)]
pub const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "with_options",
    "base_url",
    "webhook_secret",
    "request",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "send",
    "exchange",
    "attempt",
    "http_request",
    "clone",
    "clone_from",
    "fmt",
];

/// The resource word an accessor was made from: the inverse of the rules
/// below (`ref_` ← `ref`, a top-level `get_resource` ← `get`), for tools that
/// write a layout back as a resource map.
pub fn resource_word(accessor: &str, top_level: bool) -> &str {
    if let Some(stem) = accessor.strip_suffix("_resource").filter(|stem| top_level && CLIENT_METHODS.contains(stem)) {
        return stem;
    }
    accessor.strip_suffix('_').filter(|stem| crate::ident::is_keyword(stem)).unwrap_or(accessor)
}

/// Resource structs and accessors, method names and their arguments. A method
/// shares its resource's namespace with the child accessors (and, at the root, the client's own methods).
/// The methods parsing a webhook event: the one verifying it first (`unwrap`), and the one not.
pub(super) fn webhook_methods(method: &str) -> [String; 2] {
    let method = field_ident(method);
    let unverified = format!("unsafe_{method}");
    [method, unverified]
}

pub(super) fn operation_names(
    model: &Model,
    words: MethodWords,
) -> (BTreeMap<Vec<String>, ResourceNames>, Vec<OperationNames>) {
    let mut resources = BTreeMap::new();
    // `resources.rs` names `String`, `Vec`, `Option`… unqualified: a resource must not shadow them.
    let mut struct_names: HashSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let webhooks = model.webhooks.as_ref().map(|hooks| &hooks.resource);
    for resource in model.operations.iter().map(|op| &op.resource).chain(webhooks) {
        for end in 1..=resource.len() {
            let path = resource[..end].to_vec();
            if resources.contains_key(&path) {
                continue;
            }
            let base = type_ident(&path);
            let struct_name = unique(&mut struct_names, base, "").rust;
            let mut accessor = field_ident(&path[end - 1]);
            if end == 1 && CLIENT_METHODS.contains(&accessor.as_str()) {
                accessor.push_str("_resource");
            }
            resources.insert(path, ResourceNames { struct_name, accessor });
        }
    }
    // Per resource: the identifiers already taken by child accessors.
    let mut taken: BTreeMap<Vec<String>, HashSet<String>> = BTreeMap::new();
    for (path, names) in &resources {
        let parent = path[..path.len() - 1].to_vec();
        taken.entry(parent).or_default().insert(names.accessor.clone());
    }
    taken.entry(Vec::new()).or_default().extend(CLIENT_METHODS.iter().map(|m| m.to_string()));
    // The webhook methods are the API's fixed words: operations make way.
    if let Some(hooks) = &model.webhooks {
        taken.entry(hooks.resource.clone()).or_default().extend(webhook_methods(&hooks.method));
    }
    // Per resource: the method names its operations have taken. Methods the
    // config's resource map names come first and keep their names; the rest
    // make way.
    let siblings = Siblings::of(&model.operations, words);
    let mut methods: BTreeMap<Vec<String>, HashSet<String>> = BTreeMap::new();
    let mut names: Vec<Option<String>> = vec![None; model.operations.len()];
    let order = (0..model.operations.len())
        .filter(|&i| model.operations[i].mapped)
        .chain((0..model.operations.len()).filter(|&i| !model.operations[i].mapped));
    for i in order {
        let op = &model.operations[i];
        let used = taken.entry(op.resource.clone()).or_default();
        let own = methods.entry(op.resource.clone()).or_default();
        let word = match extension_name(op).filter(|_| !op.mapped) {
            Some(name) => name,
            None => siblings.action_word(op),
        };
        let mut method = field_ident(&word);
        // `new` is for constructors (clippy::new_ret_no_self): `/notifications/new` lists the
        // new ones. A `clone` or `fmt` method is fine: derives and formatting call the traits' by path.
        if method == "new" {
            let verb = Siblings::verb_word(op.method, &op.resource);
            method = format!("{verb}_new");
        }
        if !own.insert(method.clone()) {
            // Two operations want the same name: the later one (in path order) is called after
            // its operationId, less the words its resource says already.
            let id = fallback_name(op, &method);
            method = unique(own, field_ident(&id), &id).rust;
        }
        // A child resource's accessor (or a client method) has the name already.
        while used.contains(&method) {
            method.push_str("_op");
        }
        used.insert(method.clone());
        names[i] = Some(method);
    }
    // A stream beside the value, a body in another media: second methods, named after the first
    // (`create_stream`, `create_json`) once every first has its name.
    let mut seconds: Vec<Vec<(SecondMethod, String)>> = vec![Vec::new(); model.operations.len()];
    for (i, op) in model.operations.iter().enumerate() {
        let (Some(method), Some(own)) = (&names[i], methods.get_mut(&op.resource)) else { continue };
        for second in op.second_methods() {
            let base = format!("{method}_{}", second.word());
            let mut name = unique(own, base.clone(), &base).rust;
            let used = taken.entry(op.resource.clone()).or_default();
            while used.contains(&name) {
                name.push_str("_op");
            }
            used.insert(name.clone());
            seconds[i].push((second, name));
        }
    }
    let operations = names
        .into_iter()
        .zip(seconds)
        .map(|(method, second_methods)| OperationNames {
            method: method.unwrap_or_default(),
            second_methods,
            own_types: BTreeMap::new(),
        })
        .collect();
    (resources, operations)
}

/// What the other operations of a resource say about one's method word.
struct Siblings<'a> {
    /// Resources with an item path (`/invoices/{id}`): a GET on the collection lists them.
    with_items: HashSet<&'a [String]>,
    /// Resources with a `PUT`: their `PATCH` is `edit`, so that `update` stays the `PUT`.
    with_put: HashSet<&'a [String]>,
    /// GETs on an item path, per resource: two of them make the one answering many a `list`.
    item_gets: HashMap<&'a [String], usize>,
    /// `(resource, path)` with a GET answering one object: a POST there updates it.
    gets_one: HashSet<(&'a [String], &'a str)>,
    /// `(resource, path)` with a PUT or PATCH on an item: a POST there is not the update.
    updated: HashSet<(&'a [String], &'a str)>,
    words: MethodWords,
}

impl<'a> Siblings<'a> {
    fn of(ops: &'a [Operation], words: MethodWords) -> Siblings<'a> {
        let mut siblings = Siblings {
            with_items: HashSet::new(),
            with_put: HashSet::new(),
            item_gets: HashMap::new(),
            gets_one: HashSet::new(),
            updated: HashSet::new(),
            words,
        };
        for op in ops {
            let Action::Verb { on_item, answer } = op.action else { continue };
            let resource = op.resource.as_slice();
            let at = (resource, op.path.as_str());
            match op.method {
                Method::Get if answer == Answer::One => {
                    siblings.gets_one.insert(at);
                }
                Method::Put => {
                    siblings.with_put.insert(resource);
                }
                _ => {}
            }
            if on_item {
                siblings.with_items.insert(resource);
                match op.method {
                    Method::Get => *siblings.item_gets.entry(resource).or_default() += 1,
                    Method::Put | Method::Patch => {
                        siblings.updated.insert(at);
                    }
                    _ => {}
                }
            }
        }
        siblings
    }

    /// What an HTTP method does to a resource, all else unknown.
    fn verb_word(method: Method, resource: &[String]) -> &'static str {
        match method {
            Method::Get if resource.last().is_some_and(|w| w.ends_with('s')) => "list",
            Method::Get => "get",
            Method::Post => "create",
            Method::Put | Method::Patch => "update",
            Method::Delete => "delete",
            _ => "call",
        }
    }

    /// The word of an operation's method before it is made unique: the action's
    /// own word, or what its HTTP method means on an item or a collection.
    fn action_word(&self, op: &Operation) -> String {
        let word: &str = match &op.action {
            Action::Word(word) => return word.clone(),
            Action::Crud(word) => word,
            Action::Verb { on_item, answer } => self.verb_action(op, *on_item, *answer),
        };
        match word {
            "get" if self.words.retrieve => "retrieve".to_string(),
            word => word.to_string(),
        }
    }

    /// What the HTTP method means on the operation's path, given what it answers and its siblings.
    fn verb_action(&self, op: &Operation, on_item: bool, answer: Answer) -> &'static str {
        let resource = op.resource.as_slice();
        // The noun: a version word kept to tell two versions apart is none.
        let noun = resource.iter().rev().find(|word| !is_version(word));
        // A singular noun without items is one thing; with items, it is one only when it answers
        // one object and no item GET wants `get`.
        let singular_noun = noun.is_some_and(|last| !looks_plural(last));
        let one_beside_items = answer == Answer::One && !self.item_gets.contains_key(resource);
        let singular_thing = singular_noun && (!self.with_items.contains(resource) || one_beside_items);
        match op.method {
            // `/objects/{collection}` beside `/objects/{collection}/{id}`: the one answering many lists.
            Method::Get if on_item => {
                if answer == Answer::Many && self.item_gets.get(resource).is_some_and(|&n| n > 1) {
                    "list"
                } else {
                    "get"
                }
            }
            // `GET /gateway` answering one object gets it; `GET /ping` answering nothing is no list either.
            Method::Get if singular_thing && matches!(answer, Answer::One | Answer::File | Answer::Nothing) => "get",
            Method::Get => "list",
            Method::Post
                if on_item
                    && self.gets_one.contains(&(resource, op.path.as_str()))
                    && !self.updated.contains(&(resource, op.path.as_str())) =>
            {
                "update"
            }
            Method::Post => "create",
            Method::Put => "update",
            Method::Patch => match self.words.patch {
                PatchWord::Update => "update",
                PatchWord::Edit => "edit",
                PatchWord::Auto if self.with_put.contains(resource) => "edit",
                PatchWord::Auto => "update",
            },
            Method::Delete => "delete",
            other => other.as_str(),
        }
    }
}
