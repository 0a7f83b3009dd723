//! Paths as the resource tree reads them: what names a resource and what is
//! only addressing. A base path every operation shares (`/api/v2`,
//! `/2010-04-01`), version segments, file suffixes (`.json`) and a key's
//! `#fragment` or `?query` name no resource; they belong to the base URL or to
//! the method. Only the URL is untouched: naming reads these, the wire does not.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::case::ToSnakeCase;

use crate::english::is_version;
use crate::resolve::Operation;

/// One operation's path after the conventions are read.
pub(super) struct NamedPath {
    /// Segments after the base path and any version prefix, suffixes and
    /// fragment gone; parameters stay as `{name}`.
    pub segments: Vec<String>,
    /// `segments` in snake case, each parameter as `{}`.
    pub snake: Vec<String>,
    /// The literal segments in snake case, versions left out: the resource words.
    pub words: Vec<String>,
    /// A version the spec also serves this endpoint without, or under another
    /// version: at `(position in words, word)` it tells the two apart.
    pub distinct_version: Option<(usize, String)>,
    /// `/files/{id}#add_shared_link`: a variant of the path, named by it.
    pub fragment: Option<String>,
    /// `/files?beta=true`: the query's name, a variant of the path grouped under it.
    pub query: Option<String>,
}

pub(super) fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Per operation (in `ops` order), its path read for naming.
pub(super) fn named_paths(ops: &[Operation]) -> Vec<NamedPath> {
    let split: Vec<SplitPath> = ops.iter().map(|op| SplitPath::of(&op.path)).collect();
    let bases = base_lengths(ops, &split);
    // A prefix through a version segment (`/openai/v1`, `/api/v2`) is the base of
    // the operations under it when it holds at least half of them; a lone leading version always is.
    // Counted on whole paths: an operation on a server of its own (an intake host) shares the prefix too.
    let after_base: Vec<&[String]> = split.iter().zip(&bases).map(|(path, &base)| &path.segments[base..]).collect();
    let mut prefixes: HashMap<&[String], usize> = HashMap::new();
    for path in &split {
        for end in 1..=path.segments.len().min(MAX_PREFIX) {
            *prefixes.entry(&path.segments[..end]).or_default() += 1;
        }
    }
    let mut named: Vec<NamedPath> = Vec::with_capacity(ops.len());
    let mut versions: Vec<Option<(usize, String)>> = Vec::with_capacity(ops.len());
    for ((path, segments), &base) in split.iter().zip(&after_base).zip(&bases) {
        let snake = &path.snake[base..];
        let end = version_prefix(segments, snake);
        let whole = &path.segments[..(base + end).min(MAX_PREFIX)];
        let strip = end == 1 || (end > 1 && prefixes.get(whole).is_some_and(|&n| n * 2 >= ops.len()));
        let mut version = strip.then(|| (0, snake[end - 1].clone()));
        let from = if strip { end } else { 0 };
        let (segments, snake) = (segments[from..].to_vec(), snake[from..].to_vec());
        let mut words = Vec::new();
        for (segment, word) in segments.iter().zip(&snake) {
            if is_param(segment) {
                continue;
            }
            if is_version(word) {
                // The first version names the endpoint's; later ones are dropped all the same.
                version.get_or_insert((words.len(), word.clone()));
            } else if !word.is_empty() {
                words.push(word.clone());
            }
        }
        versions.push(version);
        named.push(NamedPath {
            segments,
            snake,
            words,
            distinct_version: None,
            fragment: path.fragment.clone(),
            query: path.query.clone(),
        });
    }
    mark_distinct_versions(ops, &mut named, &versions);
    named
}

/// The longest prefix counted: a base path and a version prefix are a few segments.
const MAX_PREFIX: usize = 6;

/// A path key split into its segments and what follows them.
struct SplitPath {
    segments: Vec<String>,
    /// `segments` in snake case, each parameter as `{}`.
    snake: Vec<String>,
    fragment: Option<String>,
    query: Option<String>,
}

impl SplitPath {
    fn of(path: &str) -> SplitPath {
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_snake_case()).filter(|f| !f.is_empty())),
            None => (path, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => {
                let name = query.split(['=', '&']).next().unwrap_or_default().to_snake_case();
                (path, Some(name).filter(|n| !n.is_empty()))
            }
            None => (path, None),
        };
        let segments: Vec<String> =
            path.split('/').filter(|s| !s.is_empty()).map(strip_file_suffix).map(str::to_string).collect();
        let snake = segments.iter().map(|s| if is_param(s) { "{}".to_string() } else { s.to_snake_case() }).collect();
        SplitPath { segments, snake, fragment, query }
    }
}

/// `{Sid}.json` → `{Sid}`, `Calls.xml` → `Calls`: a format is not a name.
fn strip_file_suffix(segment: &str) -> &str {
    const SUFFIXES: &[&str] = &[".json", ".xml", ".csv", ".yaml", ".yml", ".txt", ".html"];
    SUFFIXES.iter().find_map(|suffix| segment.strip_suffix(suffix).filter(|stem| !stem.is_empty())).unwrap_or(segment)
}

/// Per operation, how many leading segments are base path: the literal prefix
/// every operation on the same server shares. A base segment is never a path's
/// last literal (`/api/ping` keeps `ping`) nor a collection (it has items, or a
/// parameter follows it in most paths). On an operation's own server (an upload
/// host) the base stops before a word that names a resource of the main server.
fn base_lengths(ops: &[Operation], split: &[SplitPath]) -> Vec<usize> {
    let mut groups: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        groups.entry(op.server.as_ref().map(|s| s.url.as_str())).or_default().push(i);
    }
    let mut base_of: HashMap<Option<&str>, usize> = HashMap::new();
    for (server, members) in &groups {
        let paths: Vec<&[String]> = members.iter().map(|&i| split[i].segments.as_slice()).collect();
        base_of.insert(*server, common_base(&paths));
    }
    let main_base = base_of.get(&None).copied().unwrap_or(0);
    let main_words: BTreeSet<&str> = groups
        .get(&None)
        .into_iter()
        .flatten()
        .flat_map(|&i| split[i].segments.iter().skip(main_base).map(String::as_str))
        .collect();
    for (server, members) in &groups {
        if server.is_none() {
            continue;
        }
        let first = &split[members[0]].segments;
        let base = base_of[server];
        let snake = &split[members[0]].snake;
        let keep = (0..base).find(|&j| main_words.contains(first[j].as_str()) && !is_version(&snake[j]));
        if let Some(keep) = keep {
            base_of.insert(*server, keep);
        }
    }
    ops.iter().map(|op| base_of[&op.server.as_ref().map(|s| s.url.as_str())]).collect()
}

fn common_base(paths: &[&[String]]) -> usize {
    if paths.len() < 2 {
        return 0;
    }
    let mut n = 0;
    loop {
        let mut first: Option<&str> = None;
        for segments in paths {
            if segments.len() <= n + 1 || is_param(&segments[n]) {
                return n;
            }
            match first {
                None => first = Some(&segments[n]),
                Some(word) if word != segments[n] => return n,
                Some(_) => {}
            }
        }
        let has_items = paths.iter().any(|s| s.len() == n + 2 && is_param(&s[n + 1]));
        let param_follows = paths.iter().filter(|s| is_param(&s[n + 1])).count();
        if has_items || param_follows * 2 >= paths.len() {
            return n;
        }
        n += 1;
    }
}

/// How many segments a prefix through a version (`openai/v1`, `api/v2`,
/// `rest/api/3`) takes, within the first three and before any parameter; 0 if none.
fn version_prefix(segments: &[String], snake: &[String]) -> usize {
    for (i, (segment, word)) in segments.iter().zip(snake).take(3).enumerate() {
        if is_param(segment) {
            return 0;
        }
        let api_number =
            i > 0 && segment.bytes().all(|b| b.is_ascii_digit()) && segments[i - 1].eq_ignore_ascii_case("api");
        if is_version(word) || api_number {
            return if i + 1 < segments.len() { i + 1 } else { 0 };
        }
    }
    0
}

/// An endpoint with its version left out: method, segments (parameters erased), fragment and query.
type Endpoint<'a> = (&'a str, Vec<String>, Option<&'a str>, Option<&'a str>);

/// Where one endpoint is served under two versions (or with and without one),
/// the version less common among operations under the same words says so; on
/// a tie the older keeps the plain name. Adding a v2 never renames v1.
fn mark_distinct_versions(ops: &[Operation], named: &mut [NamedPath], versions: &[Option<(usize, String)>]) {
    let scope = |i: usize| {
        let at = versions[i].as_ref().map_or(0, |(at, _)| *at);
        (&named[i].words[..at.min(named[i].words.len())], versions[i].as_ref().map(|(_, v)| v.as_str()))
    };
    let mut in_scope: HashMap<(&[String], Option<&str>), usize> = HashMap::new();
    for i in 0..ops.len() {
        *in_scope.entry(scope(i)).or_default() += 1;
    }
    let mut endpoints: BTreeMap<Endpoint, Vec<usize>> = BTreeMap::new();
    for (i, (op, path)) in ops.iter().zip(named.iter()).enumerate() {
        let shape = path.snake.iter().filter(|s| !is_version(s)).cloned().collect();
        endpoints
            .entry((op.method.as_str(), shape, path.fragment.as_deref(), path.query.as_deref()))
            .or_default()
            .push(i);
    }
    let mut marks: Vec<(usize, (usize, String))> = Vec::new();
    for members in endpoints.values() {
        let distinct: BTreeSet<Option<&str>> =
            members.iter().map(|&i| versions[i].as_ref().map(|(_, v)| v.as_str())).collect();
        if distinct.len() < 2 {
            continue;
        }
        // Most common in its scope first, then unversioned, then the oldest.
        let rank = |i: usize| {
            let numbers: Vec<std::cmp::Reverse<u64>> = versions[i]
                .as_ref()
                .map(|(_, v)| {
                    v.split(|c: char| !c.is_ascii_digit())
                        .filter_map(|n| n.parse().ok())
                        .map(std::cmp::Reverse)
                        .collect()
                })
                .unwrap_or_default();
            (in_scope[&scope(i)], versions[i].is_none(), numbers)
        };
        let best = members.iter().map(|&i| rank(i)).max();
        for &i in members {
            if Some(rank(i)) != best {
                if let Some(version) = &versions[i] {
                    marks.push((i, version.clone()));
                }
            }
        }
    }
    for (i, version) in marks {
        named[i].distinct_version = Some(version);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suffix_and_a_fragment_are_not_segments() {
        let path = SplitPath::of("/Accounts/{Sid}/Calls.json#list_all");
        assert_eq!(path.segments, ["Accounts", "{Sid}", "Calls"]);
        assert_eq!(path.fragment.as_deref(), Some("list_all"));
        assert_eq!(SplitPath::of("/files?beta=true").query.as_deref(), Some("beta"));
    }

    #[test]
    fn the_base_is_never_a_collection_or_a_last_word() {
        let owned = |paths: &[&str]| -> Vec<Vec<String>> { paths.iter().map(|p| SplitPath::of(p).segments).collect() };
        let base = |paths: &[&str]| {
            let owned = owned(paths);
            let slices: Vec<&[String]> = owned.iter().map(Vec::as_slice).collect();
            common_base(&slices)
        };
        assert_eq!(base(&["/api/v2/users", "/api/v2/teams/{id}"]), 2);
        assert_eq!(base(&["/api/ping", "/api/users"]), 1);
        assert_eq!(base(&["/api", "/api/users"]), 0);
        assert_eq!(base(&["/invoices", "/invoices/{id}"]), 0);
        assert_eq!(base(&["/users/{id}/keys", "/users/{id}/teams"]), 0);
    }
}
