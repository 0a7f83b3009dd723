//! Next-page URLs: RFC 8288 `Link` headers, and resolving a URL a response gives against the
//! URL the request went to, on the same origin only (credentials never go to another host).

use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};

/// One link of a `Link` header: its target and its parameters (names lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub target: String,
    pub params: Vec<(String, String)>,
}

impl Link {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether `rel` (a space-separated list of relation types) has `relation`.
    pub fn has_rel(&self, relation: &str) -> bool {
        self.param("rel").is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case(relation)))
    }
}

/// The target of the `rel="next"` link of the response's `Link` headers, unless there is none or it
/// says it leads nowhere (Sentry's `results="false"`).
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    let links: Vec<Link> =
        headers.get_all(LINK).iter().filter_map(|value| value.to_str().ok()).flat_map(parse).collect();
    let next = links.into_iter().find(|link| link.has_rel("next"))?;
    if next.param("results").is_some_and(|results| results.eq_ignore_ascii_case("false")) || next.target.is_empty() {
        return None;
    }
    Some(next.target)
}

/// The links of one `Link` header value: `<url>; rel="next"; title=x, <url2>; rel=last`.
/// Parsing stops at the first malformed link, keeping those before it.
pub(crate) fn parse(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        let Some(after) = rest.strip_prefix('<') else { return links };
        let Some(end) = after.find('>') else { return links };
        let target = after[..end].trim().to_string();
        rest = &after[end + 1..];
        let mut params = Vec::new();
        loop {
            rest = rest.trim_start();
            let Some(after) = rest.strip_prefix(';') else { break };
            let after = after.trim_start();
            let name_end = after.find(['=', ';', ',']).unwrap_or(after.len());
            let name = after[..name_end].trim().to_ascii_lowercase();
            rest = &after[name_end..];
            let mut param_value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                if let Some(quoted) = after.strip_prefix('"') {
                    let mut chars = quoted.char_indices();
                    let mut closed = None;
                    while let Some((at, c)) = chars.next() {
                        match c {
                            '\\' => param_value.extend(chars.next().map(|(_, c)| c)),
                            '"' => {
                                closed = Some(at + 1);
                                break;
                            }
                            c => param_value.push(c),
                        }
                    }
                    let Some(closed) = closed else { return links };
                    rest = &quoted[closed..];
                } else {
                    let value_end = after.find([';', ',']).unwrap_or(after.len());
                    param_value = after[..value_end].trim().to_string();
                    rest = &after[value_end..];
                }
            }
            if !name.is_empty() {
                params.push((name, param_value));
            }
        }
        links.push(Link { target, params });
        if !rest.starts_with(',') {
            return links;
        }
    }
}

/// `next` (absolute, host-relative or relative) resolved against `base`, the URL the page's
/// request went to; a URL on another scheme, host or port is refused.
pub(crate) fn resolve(base: &Url, next: &str) -> Result<Url, String> {
    let url = base.join(next).map_err(|error| format!("the next page's URL `{next}` is not a URL: {error}"))?;
    if url.origin() != base.origin() {
        return Err(format!(
            "the next page's URL is on {}, not on {} the list was asked from: not followed, so that \
             credentials do not go to another host",
            url.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn link(target: &str, params: &[(&str, &str)]) -> Link {
        Link { target: target.into(), params: params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect() }
    }

    #[test]
    fn parses_several_links_with_quoted_and_bare_parameters() {
        let header = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel=last"#;
        assert_eq!(
            parse(header),
            [
                link("https://api.github.com/repositories/1/issues?page=2", &[("rel", "next")]),
                link("https://api.github.com/repositories/1/issues?page=5", &[("rel", "last")]),
            ]
        );
        let odd = r#" < /a?x=1,2 > ; REL = "next last" ; title="a \"quoted\", title; here" ;anchor,</b>;rel=prev"#;
        assert_eq!(
            parse(odd),
            [
                link("/a?x=1,2", &[("rel", "next last"), ("title", r#"a "quoted", title; here"#), ("anchor", "")]),
                link("/b", &[("rel", "prev")]),
            ]
        );
        assert!(parse(r#"<a>; rel="next", <b>; rel="n"#).len() == 1, "an unclosed quote ends the parse");
        assert!(parse("no links here").is_empty());
    }

    #[test]
    fn finds_the_next_link_case_insensitively_across_headers() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, HeaderValue::from_static(r#"</p1>; rel="prev first""#));
        headers.append(LINK, HeaderValue::from_static(r#"</p3>; Rel="Last Next""#));
        assert_eq!(next_link(&headers).as_deref(), Some("/p3"));
        assert!(link("/x", &[("rel", "next last")]).has_rel("last"));
        assert!(!link("/x", &[("rel", "nextpage")]).has_rel("next"));
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn a_sentry_next_link_without_results_is_the_end() {
        let mut headers = HeaderMap::new();
        headers.insert(
            LINK,
            HeaderValue::from_static(
                r#"<https://sentry.io/api/0/projects/?&cursor=100:-1:1>; rel="previous"; results="true"; cursor="100:-1:1", <https://sentry.io/api/0/projects/?&cursor=100:1:0>; rel="next"; results="false"; cursor="100:1:0""#,
            ),
        );
        assert_eq!(next_link(&headers), None);
        headers.insert(
            LINK,
            HeaderValue::from_static(
                r#"<https://sentry.io/api/0/projects/?&cursor=100:1:0>; rel="next"; results="true""#,
            ),
        );
        assert_eq!(next_link(&headers).as_deref(), Some("https://sentry.io/api/0/projects/?&cursor=100:1:0"));
    }

    #[test]
    fn next_urls_resolve_against_the_request_url_on_its_origin_only() {
        let base = Url::parse("https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?PageSize=2").unwrap();
        let resolved = |next: &str| resolve(&base, next).map(|url| url.to_string());
        assert_eq!(
            resolved("https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?Page=1").unwrap(),
            "https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?Page=1"
        );
        assert_eq!(
            resolved("/2010-04-01/Accounts/AC1/Calls.json?Page=2").unwrap(),
            "https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?Page=2"
        );
        assert_eq!(
            resolved("Calls.json?Page=3").unwrap(),
            "https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?Page=3"
        );
        assert_eq!(resolved("?Page=4").unwrap(), "https://api.example.com/2010-04-01/Accounts/AC1/Calls.json?Page=4");
        assert_eq!(
            resolved("https://API.example.com:443/x").unwrap(),
            "https://api.example.com/x",
            "the default port and host case are the same origin"
        );
        for elsewhere in
            ["https://evil.example.com/x", "http://api.example.com/x", "https://api.example.com:8443/x", "//evil.com/x"]
        {
            let error = resolved(elsewhere).unwrap_err();
            assert!(error.contains("not followed"), "{elsewhere}: {error}");
        }
        assert!(resolve(&base, "http://[::1").is_err());
    }
}
