//! Writing generated files: only those whose bytes changed (no mtime bump, no
//! needless rebuild), removing files the generator no longer produces.

use std::collections::BTreeMap;
use std::path::Path;

/// Brings `dir` in line with `files`, or with `check` only reports what differs.
/// Returns one line per differing file: `path: +added -removed lines`, `new`, or `removed`.
pub fn sync(dir: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for (name, content) in files {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == *content => continue,
            // Only `--check` shows the diff; a full one on a big rewrite took minutes.
            Ok(existing) if check => stale.push(format!("{}: {}", path.display(), line_diff(&existing, content))),
            Ok(_) => stale.push(format!("{}: changed", path.display())),
            Err(_) => stale.push(format!("{}: new file", path.display())),
        }
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut extra: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| (name.ends_with(".rs") || name.ends_with(".md")) && !files.contains_key(name))
            .collect();
        extra.sort();
        for name in extra {
            let path = dir.join(&name);
            stale.push(format!("{}: no longer generated", path.display()));
            if !check {
                std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    Ok(stale)
}

/// `+N -M lines, first at line L`: enough to see what kind of change it is.
/// Past a second the diff stops looking for the smallest edit, so the counts may be high.
fn line_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::configure().timeout(std::time::Duration::from_secs(1)).diff_lines(old, new);
    let (mut added, mut removed, mut first) = (0, 0, None);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => continue,
        }
        first = first.or(change.old_index().or(change.new_index()));
    }
    format!("+{added} -{removed} lines, first change at line {}", first.map_or(0, |i| i + 1))
}

const DEPENDENCIES_START: &str =
    "# Dependencies of the Rust types specs/codegen.yaml maps schemas to (`cargo xtask regen` writes these lines).";
const DEPENDENCIES_END: &str = "# End of the configured dependencies.";

/// Keeps the block of configured dependencies at the end of the manifest's
/// `[dependencies]` table in line with `lines` (the config's Rust types'
/// crates), or with `check` only reports that it differs.
pub fn sync_dependencies(manifest: &Path, lines: &[String], check: bool) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let block = format!(
        "{DEPENDENCIES_START}\n{}{DEPENDENCIES_END}\n",
        lines.iter().map(|l| format!("{l}\n")).collect::<String>()
    );
    let updated = match (text.find(DEPENDENCIES_START), text.find(DEPENDENCIES_END)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{block}{}", &text[..start], &text[end + DEPENDENCIES_END.len() + 1..])
        }
        _ => {
            let table = text
                .find("[dependencies]\n")
                .ok_or_else(|| format!("{}: no [dependencies] table", manifest.display()))?;
            // The end of the table: the next table header, or the end of the file.
            let after = table + "[dependencies]\n".len();
            let next = text[after..].find("\n[").map_or(text.len(), |i| after + i + 1);
            // After its last line, before the blank lines that end it.
            let end = after + text[after..next].trim_end().len() + 1;
            format!("{}{block}{}", &text[..end], &text[end.min(text.len())..])
        }
    };
    if updated == text {
        return Ok(Vec::new());
    }
    if !check {
        std::fs::write(manifest, &updated).map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    Ok(vec![format!("{}: the configured dependencies changed", manifest.display())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_dependencies_are_a_block_of_the_dependencies_table() {
        let manifest = std::env::temp_dir().join(format!("xtask-manifest-{}.toml", std::process::id()));
        let original =
            "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\ntokio = \"1\"\n";
        std::fs::write(&manifest, original).unwrap();
        let uuid = vec!["uuid = { version = \"1\", features = [\"serde\"] }".to_string()];
        assert_eq!(sync_dependencies(&manifest, &uuid, true).unwrap().len(), 1, "--check reports");
        assert_eq!(std::fs::read_to_string(&manifest).unwrap(), original, "--check writes nothing");
        sync_dependencies(&manifest, &uuid, false).unwrap();
        let written = std::fs::read_to_string(&manifest).unwrap();
        assert_eq!(
            written,
            format!(
                "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n{DEPENDENCIES_START}\n{}\n{DEPENDENCIES_END}\n\n[dev-dependencies]\ntokio = \"1\"\n",
                uuid[0]
            )
        );
        assert!(sync_dependencies(&manifest, &uuid, true).unwrap().is_empty(), "up to date");
        sync_dependencies(&manifest, &[], false).unwrap();
        assert_eq!(
            std::fs::read_to_string(&manifest).unwrap(),
            written.replace(&format!("{}\n", uuid[0]), ""),
            "the block stays, emptied"
        );
        let _ = std::fs::remove_file(&manifest);
    }
}
