//! `cargo xtask stainless-check <STAINLESS_YML> <SPEC>`: how much of a Stainless `resources:`
//! map the generated client uses as it is. A method counts when api.json lists its endpoint
//! under the call the map spells (`client.payments().tokens().charge`); a model when a type has
//! the name the map gives. What the spec lacks (an endpoint or a component a newer config
//! names) is listed apart, since no generator could use it. Fails unless every name is used.

use std::path::Path;

use codegen::config::endpoint_key;
use codegen::ident::{field_ident, type_ident};
use codegen::surface::Surface;
use codegen::{Config, EmitOptions};

pub fn stainless_check(config_path: &Path, spec: &Path) -> Result<(), String> {
    let config = Config::from_path(config_path).map_err(|e| format!("error: {e}"))?;
    let options = EmitOptions { surface: true, ..EmitOptions::default() };
    let generated = codegen::generate_with_config(spec, &config, &options).map_err(|e| format!("error: {e}"))?;
    let api = generated.files.get("api.json").ok_or("the generator wrote no api.json")?;
    let surface = Surface::from_json(api).map_err(|e| format!("api.json: {e}"))?;
    let report = check(&config, &surface);
    for line in &report.lines {
        println!("{line}");
    }
    println!(
        "{}: {} of {} methods and {} of {} models as the map names them ({} %){}",
        config_path.display(),
        report.methods.0,
        report.methods.1,
        report.models.0,
        report.models.1,
        report.share(),
        match report.absent {
            0 => String::new(),
            n => format!("; {n} names the spec lacks"),
        }
    );
    match report.methods.0 == report.methods.1 && report.models.0 == report.models.1 {
        true => Ok(()),
        false => Err("some names of the map are not used as it gives them".to_string()),
    }
}

#[derive(Debug, Default, PartialEq)]
struct Report {
    /// (used as named, all the spec has)
    methods: (usize, usize),
    models: (usize, usize),
    /// Names whose endpoint or component the spec does not have.
    absent: usize,
    /// What is not used as named, and what the spec lacks, a line each.
    lines: Vec<String>,
}

impl Report {
    fn share(&self) -> String {
        let (used, all) = (self.methods.0 + self.models.0, self.methods.1 + self.models.1);
        match all {
            0 => "100".to_string(),
            _ => format!("{:.1}", used as f64 * 100.0 / all as f64),
        }
    }
}

fn check(config: &Config, surface: &Surface) -> Report {
    // Every method api.json lists (the second methods and aliases too): its endpoint and call.
    let listed: Vec<(String, &str)> = surface
        .operations
        .iter()
        .filter_map(|(key, op)| {
            let endpoint = key.split(" (").next()?;
            let (verb, path) = endpoint.split_once(' ')?;
            Some((endpoint_key(verb, path), op.call.as_str()))
        })
        .collect();
    let mut report = Report::default();
    for method in &config.methods {
        let key = method.endpoint_key();
        let where_ = format!("{} {}", method.verb, method.path);
        if !listed.iter().any(|(listed, _)| *listed == key) {
            report.absent += 1;
            report.lines.push(format!("absent: method `{}` ({where_}): the spec has no such endpoint", method.name));
            continue;
        }
        let mut call = String::from("client");
        for resource in &method.resource {
            call.push_str(&format!(".{}()", field_ident(resource)));
        }
        call.push_str(&format!(".{}", field_ident(&method.name)));
        report.methods.1 += 1;
        if listed.iter().any(|(listed, listed_call)| *listed == key && *listed_call == call) {
            report.methods.0 += 1;
        } else {
            let calls: Vec<&str> = listed.iter().filter(|(listed, _)| *listed == key).map(|(_, c)| *c).collect();
            report
                .lines
                .push(format!("renamed: {where_}: the map says `{call}`, the client has `{}`", calls.join("`, `")));
        }
    }
    for model in &config.models {
        let name = type_ident(std::slice::from_ref(&model.name));
        // A component that is no type of its own (a scalar, a list) has nothing to name.
        let component_named = |ty: &str| surface.types.contains_key(ty);
        report.models.1 += 1;
        if component_named(&name) {
            report.models.0 += 1;
        } else {
            report
                .lines
                .push(format!("renamed: model `{}` (`{}`): no type is called `{name}`", model.name, model.component));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(spec: serde_json::Value, config: &Config) -> Surface {
        let options = EmitOptions { surface: true, ..EmitOptions::default() };
        let generated = codegen::generate_from_value_with_config("t.json", spec, Path::new("."), config, &options)
            .expect("generates");
        Surface::from_json(&generated.files["api.json"]).expect("api.json")
    }

    #[test]
    fn a_map_used_as_it_is_scores_whole_and_what_the_spec_lacks_is_apart() {
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/cards/charge": {"post": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Txn"}}}}}}}},
            "components": {"schemas": {"Txn": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        });
        let text = "resources:\n  payments:\n    models:\n      transaction: Txn\n    methods:\n      charge: post /cards/charge\n      refund: post /refunds\n";
        let config = Config::from_str("stainless.yml", text).expect("config");
        let report = check(&config, &surface(spec, &config));
        assert_eq!((report.methods, report.models, report.absent), ((1, 1), (1, 1), 1), "{report:?}");
        assert_eq!(report.share(), "100.0");
        // The same map checked against a client laid out otherwise: the method is renamed.
        let mut moved = surface(
            serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/cards/charge": {"post": {"responses": {"204": {"description": "ok"}}}}}}),
            &Config::default(),
        );
        moved.types.clear();
        let report = check(&config, &moved);
        assert_eq!((report.methods, report.models), ((0, 1), (0, 1)), "{report:?}");
        assert!(report.lines.iter().any(|l| l.contains("the map says `client.payments().charge`")), "{report:?}");
    }
}
