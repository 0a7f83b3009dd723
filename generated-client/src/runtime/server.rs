//! Server URLs as the spec gives them: templates whose `{variables}` (a region, a site)
//! users set on the builder, each checked against the values the spec allows.

use super::Error;

/// A server URL template and its variables (`https://{region}.example.com`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    pub url: &'static str,
    pub variables: &'static [ServerVariable],
}

/// A `{variable}` of a server URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: &'static str,
    /// `""` when the spec gives no default: the user must set it.
    pub default: &'static str,
    /// The values the spec allows; any when empty.
    pub allowed: &'static [&'static str],
}

impl Server {
    /// The URL with each variable at the user's value (by name) or its default.
    pub(crate) fn url(&self, values: &[(String, String)]) -> Result<String, Error> {
        let mut url = self.url.to_string();
        for variable in self.variables {
            let value = match values.iter().rev().find(|(name, _)| name == variable.name) {
                Some((_, value)) => value.as_str(),
                None if variable.default.is_empty() => {
                    return Err(Error::Config(format!(
                        "server variable `{}` of `{}` has no default: set it on the client builder",
                        variable.name, self.url
                    )));
                }
                None => variable.default,
            };
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                return Err(Error::Config(format!(
                    "server variable `{}` of `{}` is `{value}`, which the spec does not allow: one of {}",
                    variable.name,
                    self.url,
                    variable.allowed.join(", ")
                )));
            }
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
    }
}

/// `https://example.com` or `https://example.com/`: a URL that names a host and no path.
pub(crate) fn has_no_path(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.trim_end_matches('/').find('/').is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONAL: Server = Server {
        url: "https://{region}.example.com/{version}",
        variables: &[
            ServerVariable { name: "region", default: "us", allowed: &["us", "de"] },
            ServerVariable { name: "version", default: "", allowed: &[] },
        ],
    };

    fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn variables_take_the_users_value_or_their_default() {
        assert_eq!(REGIONAL.url(&set(&[("version", "v2")])).unwrap(), "https://us.example.com/v2");
        assert_eq!(REGIONAL.url(&set(&[("version", "v2"), ("region", "de")])).unwrap(), "https://de.example.com/v2");
    }

    #[test]
    fn a_value_outside_the_enum_or_a_missing_one_is_an_error() {
        let outside = REGIONAL.url(&set(&[("version", "v2"), ("region", "eu")])).unwrap_err();
        assert!(outside.to_string().contains("one of us, de"), "{outside}");
        let missing = REGIONAL.url(&[]).unwrap_err();
        assert!(missing.to_string().contains("`version`"), "{missing}");
    }

    #[test]
    fn a_url_without_a_path_is_a_host() {
        assert!(has_no_path("https://example.com"));
        assert!(has_no_path("http://localhost:8080/"));
        assert!(!has_no_path("https://example.com/api"));
    }
}
