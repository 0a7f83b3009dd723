//! The little English the resource tree needs: plurals, the verbs that start
//! an action's name, and version words. Words are snake case.

/// `tokens`, not `address`. (`status` looks plural too: the tree has always read it so.)
pub(crate) fn looks_plural(word: &str) -> bool {
    word.ends_with('s') && !word.ends_with("ss")
}

/// `policies` → `policy`, `boxes` → `box`, `agents` → `agent`; other words as they are.
pub(crate) fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|stem| stem.len() > 1) {
        return format!("{stem}y");
    }
    if let Some(stem) =
        word.strip_suffix("es").filter(|stem| ["ss", "sh", "ch", "x", "z"].iter().any(|e| stem.ends_with(e)))
    {
        return stem.to_string();
    }
    if looks_plural(word) && !word.ends_with("us") && !word.ends_with("is") {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// `policy` → `policies`, `box` → `boxes`, `agent` → `agents`; a plural as it is.
pub(crate) fn plural(word: &str) -> String {
    if looks_plural(word) {
        return word.to_string();
    }
    let consonant_y = word.len() > 1
        && word.ends_with('y')
        && !matches!(word.as_bytes()[word.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    if consonant_y {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    if ["s", "sh", "ch", "x", "z"].iter().any(|e| word.ends_with(e)) {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// The CRUD word a leading verb means when it names an operation on its noun
/// (`get-agent`, `RetrieveAccount`), as `Action::Crud` takes it.
pub(crate) fn crud_word(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "get" => "get",
        "list" => "list",
        "create" => "create",
        "update" => "update",
        "delete" => "delete",
        _ => return None,
    })
}

/// Verbs that start a path segment naming an action rather than a thing
/// (`cancel`, `revoke_access`, `add_tags`, `reset-messages`).
const ACTION_VERBS: &[&str] = &[
    "accept",
    "activate",
    "add",
    "apply",
    "approve",
    "archive",
    "assign",
    "attach",
    "authorize",
    "block",
    "calculate",
    "cancel",
    "capture",
    "check",
    "classify",
    "clone",
    "close",
    "complete",
    "compute",
    "confirm",
    "convert",
    "copy",
    "count",
    "create",
    "deactivate",
    "decline",
    "del",
    "delete",
    "detach",
    "disable",
    "download",
    "duplicate",
    "edit",
    "embed",
    "enable",
    "end",
    "estimate",
    "exchange",
    "execute",
    "export",
    "fetch",
    "follow",
    "generate",
    "get",
    "hide",
    "import",
    "invalidate",
    "invite",
    "join",
    "leave",
    "lock",
    "login",
    "logout",
    "mark",
    "merge",
    "moderate",
    "modify",
    "move",
    "mute",
    "new",
    "open",
    "parse",
    "patch",
    "pause",
    "pin",
    "ping",
    "predict",
    "preview",
    "publish",
    "purge",
    "query",
    "read",
    "refresh",
    "refund",
    "regenerate",
    "register",
    "reject",
    "remove",
    "rename",
    "render",
    "replace",
    "report",
    "rerank",
    "resend",
    "reset",
    "resolve",
    "restart",
    "restore",
    "resume",
    "retrieve",
    "retry",
    "reverse",
    "revoke",
    "rotate",
    "run",
    "search",
    "send",
    "set",
    "settle",
    "share",
    "sign",
    "split",
    "star",
    "start",
    "stop",
    "submit",
    "subscribe",
    "suspend",
    "sync",
    "test",
    "transcribe",
    "transfer",
    "translate",
    "trigger",
    "unarchive",
    "unassign",
    "unblock",
    "unfollow",
    "unhide",
    "unlock",
    "unmark",
    "unmute",
    "unpin",
    "unpublish",
    "unregister",
    "unshare",
    "unstar",
    "unsubscribe",
    "unsuspend",
    "update",
    "upload",
    "upsert",
    "validate",
    "verify",
    "void",
    "watch",
];

/// Whether a snake-case segment starts with an action verb (`revoke_access`).
pub(crate) fn starts_with_action_verb(segment: &str) -> bool {
    let first = segment.split('_').next().unwrap_or_default();
    ACTION_VERBS.binary_search(&first).is_ok()
}

/// `v1`, `v2beta`, `v1_1`, `2010_04_01`, `1_0`, `unstable` (snake case).
pub(crate) fn is_version(word: &str) -> bool {
    if word == "unstable" {
        return true;
    }
    let numbers = |s: &str| {
        !s.is_empty() && s.split('_').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(rest) = word.strip_prefix('v') {
        let digits_end = rest.find(|c: char| !c.is_ascii_digit() && c != '_').unwrap_or(rest.len());
        let (number, label) = rest.split_at(digits_end);
        let number = number.trim_end_matches('_');
        let label = label.trim_start_matches('_');
        let label_ok = label.is_empty()
            || ["alpha", "beta", "rc", "preview"]
                .iter()
                .any(|l| label.strip_prefix(l).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())));
        return numbers(number) && number.as_bytes()[0].is_ascii_digit() && label_ok;
    }
    let parts: Vec<&str> = word.split('_').collect();
    let date = parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2;
    (date || parts.len() >= 2) && numbers(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_and_plural_invert_each_other() {
        for (one, many) in
            [("policy", "policies"), ("box", "boxes"), ("agent", "agents"), ("key", "keys"), ("address", "addresses")]
        {
            assert_eq!(plural(one), many);
            assert_eq!(singular(many), one);
        }
        assert_eq!(singular("status"), "status");
    }

    #[test]
    fn action_verbs_are_sorted_for_binary_search() {
        assert!(ACTION_VERBS.windows(2).all(|w| w[0] < w[1]));
        assert!(starts_with_action_verb("revoke_access"));
        assert!(!starts_with_action_verb("preferences"));
    }

    #[test]
    fn versions_are_recognised_in_their_usual_spellings() {
        for word in ["v1", "v2beta", "v1beta1", "v1_1", "2010_04_01", "1_0", "unstable", "v3alpha"] {
            assert!(is_version(word), "{word}");
        }
        for word in ["v", "vpn", "values", "2024", "version", "v1x", "users"] {
            assert!(!is_version(word), "{word}");
        }
    }
}
