//! Why an operation test failed when the client is not at fault, with the
//! proof: the spec contradicts itself (the response served, or an example
//! the test sent, breaks the spec's own schema), or the mock is wrong (it
//! failed on its own, or asked for what OpenAPI says a request need not have).
//! A failure with no proof here is the generator's, and fails the run.

use codegen::resolve::{JsonType, Operation, ParamIn, SchemaId, Spec};
use serde_json::Value;

use crate::validate::contradiction;

/// Whose fault a failure is.
pub enum Cause {
    Spec(String),
    Mock(String),
}

/// What the test printed for one operation: its outcome, the detail (Prism's
/// violations for a rejection), and the response body when the call failed.
pub struct Failure<'a> {
    pub outcome: &'a str,
    pub detail: &'a str,
    pub body: Option<&'a str>,
    /// The request body the test sent, if it sent one, as JSON (a form's or a multipart
    /// body's properties too).
    pub sent: Option<&'a str>,
    /// The media type of that body.
    pub sent_media: Option<&'a str>,
    /// The mock answered with random data (`--dynamic`), not the spec's examples.
    pub dynamic: bool,
}

/// The cause of `failure` of `endpoint` (`GET /path`), when it is not the client.
pub fn cause(spec: &Spec, endpoint: &str, failure: &Failure<'_>) -> Option<Cause> {
    let operation = operation(spec, endpoint)?;
    let media = failure.sent_media;
    let body = failure.body.and_then(|body| serde_json::from_str::<Value>(body).ok());
    match failure.outcome {
        // The spec's own example, or the mock's random data, breaks the schema (a body that did
        // not decode, or decoded only leniently).
        "decode" | "deviated" => {
            response_contradiction(spec, operation, body.as_ref()?).map(|reason| match failure.dynamic {
                false => Cause::Spec(format!("the response served contradicts the spec's schema: {reason}")),
                true => Cause::Mock(format!("the random response contradicts the spec's schema: {reason}")),
            })
        }
        "rejected" => {
            let (request, response) = violations(failure.detail, body.as_ref())?;
            if request.is_empty() {
                let reasons: Vec<&str> = response.iter().filter_map(|v| v["message"].as_str()).collect();
                return Some(Cause::Mock(format!(
                    "Prism refused the response it made itself, not the request: {}",
                    reasons.join("; ")
                )));
            }
            // A union's branches the test did not mean to send fail too (`oneOf`, the other
            // branches' tags): those follow from the rest, which must all be explained.
            let substantive: Vec<&Value> =
                request.iter().filter(|v| !is_branch_noise(spec, operation, media, v)).collect();
            if let Some(causes) = (!substantive.is_empty())
                .then(|| {
                    substantive
                        .iter()
                        .map(|v| violation_cause(spec, operation, media, v))
                        .collect::<Option<Vec<Cause>>>()
                })
                .flatten()
            {
                // Every violation explained: the spec's, if any is, else the mock's.
                let spec_cause = causes.iter().find_map(|c| match c {
                    Cause::Spec(reason) => Some(reason.clone()),
                    Cause::Mock(_) => None,
                });
                return spec_cause.map(Cause::Spec).or_else(|| causes.into_iter().next());
            }
            // A union refused: an example sent breaks it, or what was sent fits several of its variants.
            let sent = failure.sent.and_then(|sent| serde_json::from_str::<Value>(sent).ok());
            request.iter().find_map(|v| match violation_cause(spec, operation, media, v) {
                Some(cause) if is_branch_noise(spec, operation, media, v) => Some(cause),
                _ => overlapping_variants(spec, operation, media, v, sent.as_ref()).map(Cause::Spec),
            })
        }
        // The spec's `Location` examples point at other hosts (GitHub's codeload), or the mock makes one up.
        "failed"
            if redirects_only(operation)
                && ["redirect", "NO_PATH_MATCHED", "error sending request"]
                    .iter()
                    .any(|sign| failure.detail.contains(sign)) =>
        {
            Some(Cause::Mock(format!(
                "the operation answers with a redirect; the client followed the mock's `Location`, which leads to a host this machine cannot reach or a path the spec does not have: {}",
                failure.detail
            )))
        }
        "failed" => {
            // The body the mock answered, else the start the error message carries.
            let problem = body.or_else(|| {
                failure.detail.find('{').and_then(|start| serde_json::from_str(&failure.detail[start..]).ok())
            })?;
            mock_error(&problem).map(Cause::Mock)
        }
        _ => None,
    }
}

fn operation<'a>(spec: &'a Spec, endpoint: &str) -> Option<&'a Operation> {
    let (verb, path) = endpoint.split_once(' ')?;
    spec.operations.iter().find(|op| op.method.as_str().eq_ignore_ascii_case(verb) && op.path == path)
}

/// Why `body` does not satisfy the schema of the operation's first 2xx JSON response.
fn response_contradiction(spec: &Spec, operation: &Operation, body: &Value) -> Option<String> {
    let mut successes: Vec<_> = operation.responses.iter().filter(|r| r.status.starts_with('2')).collect();
    successes.sort_by(|a, b| a.status.cmp(&b.status));
    let schema =
        successes.first()?.content.iter().find(|(media, _)| media.contains("json")).and_then(|(_, schema)| *schema)?;
    contradiction(spec, &[schema], body)
}

/// The operation documents 3xx responses and no 2xx one.
fn redirects_only(operation: &Operation) -> bool {
    let statuses = || operation.responses.iter().map(|r| r.status.as_str());
    statuses().any(|s| s.starts_with('3')) && !statuses().any(|s| s.starts_with('2'))
}

/// Prism's failure of its own (a 5xx problem document of type `…/prism/errors#…`).
fn mock_error(body: &Value) -> Option<String> {
    let kind = body.get("type")?.as_str()?.strip_prefix("https://stoplight.io/prism/errors#")?;
    let status = body.get("status")?.as_u64()?;
    (status >= 500).then(|| {
        format!("Prism failed on its own ({kind}): {}", body.get("title").and_then(Value::as_str).unwrap_or_default())
    })
}

/// Prism's violations, the request's and the response's: its `sl-violations`
/// header (the detail, maybe after "Too many violations!"), else the
/// `validation` list of its 422 body.
fn violations(detail: &str, body: Option<&Value>) -> Option<(Vec<Value>, Vec<Value>)> {
    let list = body.and_then(|body| body.get("validation")?.as_array().cloned()).or_else(|| listed(detail))?;
    Some(list.into_iter().partition(|v| v["location"].get(0).and_then(Value::as_str) != Some("response")))
}

/// What a violation's location names: the schema of a parameter or the request
/// body (in the media it was sent in, else JSON), the path below it, and how to call it in a reason.
fn target<'a>(
    operation: &Operation,
    media: Option<&str>,
    violation: &'a Value,
) -> Option<(SchemaId, Vec<&'a str>, String)> {
    let location: Vec<&str> = violation["location"].as_array()?.iter().filter_map(Value::as_str).collect();
    let location = location.strip_prefix(&["request"]).unwrap_or(&location);
    let (&place, path) = location.split_first()?;
    match place {
        "path" | "query" | "header" => {
            let (&name, rest) = path.split_first()?;
            let place = match place {
                "path" => ParamIn::Path,
                "query" => ParamIn::Query,
                _ => ParamIn::Header,
            };
            let param = operation.parameters.iter().find(|p| p.place == place && p.name.eq_ignore_ascii_case(name))?;
            Some((param.schema?, rest.to_vec(), format!("parameter `{name}`")))
        }
        "body" => {
            let body = operation
                .body
                .as_ref()?
                .content
                .iter()
                .find(|(offered, _)| media.map_or(offered.contains("json"), |sent| *offered == sent))
                .and_then(|(_, schema)| *schema)?;
            Some((body, path.to_vec(), "the request body".to_string()))
        }
        _ => None,
    }
}

/// The schemas at each step down `path` from `root` (`root`'s own first).
fn levels(spec: &Spec, root: SchemaId, path: &[&str]) -> Vec<Vec<SchemaId>> {
    let mut levels = vec![vec![root]];
    for segment in path {
        let next = levels.last().into_iter().flatten().flat_map(|&id| child(spec, id, segment)).collect();
        levels.push(next);
    }
    levels
}

/// A violation that only says a union's branch failed (`oneOf`, or a branch's
/// own tag or type refusing what another branch takes), under a union.
fn is_branch_noise(spec: &Spec, operation: &Operation, media: Option<&str>, violation: &Value) -> bool {
    let code = violation["code"].as_str().unwrap_or_default();
    if !["oneOf", "anyOf", "enum", "const", "type"].contains(&code) {
        return false;
    }
    let Some((root, path, _)) = target(operation, media, violation) else { return false };
    levels(spec, root, &path).iter().flatten().any(|&id| {
        holding(spec, id).iter().any(|&s| !spec.schema(s).one_of.is_empty() || !spec.schema(s).any_of.is_empty())
    })
}

/// A `oneOf` (at the violation's place in the request body) whose variants
/// several accept the value sent, which the spec gives no way to tell apart.
fn overlapping_variants(
    spec: &Spec,
    operation: &Operation,
    media: Option<&str>,
    violation: &Value,
    sent: Option<&Value>,
) -> Option<String> {
    if violation["code"] != "oneOf" {
        return None;
    }
    let (root, path, what) = target(operation, media, violation)?;
    if what != "the request body" {
        return text_overlap(spec, root).map(|reason| format!("{what}: {reason}"));
    }
    let sent = sent?;
    let value = path.iter().try_fold(sent, |value, segment| match value {
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        other => other.get(*segment),
    })?;
    let level = levels(spec, root, &path).pop()?;
    level.iter().flat_map(|&id| holding(spec, id)).find_map(|id| {
        let schema = spec.schema(id);
        let accepting: Vec<String> = schema.one_of.iter().filter(|&&v| contradiction(spec, &[v], value).is_none()).map(|&v| variant_name(spec, v)).collect();
        (schema.discriminator.is_none() && accepting.len() > 1).then(|| {
            format!("the request body sent, {}, satisfies {} of the spec's `oneOf` variants ({}), which nothing in the spec tells apart; exactly one must", short(sent), accepting.len(), accepting.join(", "))
        })
    })
}

/// A parameter's `oneOf` with a string variant that takes any text beside a
/// number or boolean one: in a URL every value is text, so a number matches both.
fn text_overlap(spec: &Spec, root: SchemaId) -> Option<String> {
    let one_of = holding(spec, root).into_iter().map(|id| &spec.schema(id).one_of).find(|one_of| one_of.len() > 1)?;
    let types = |id: SchemaId| spec.ref_chain(id).find_map(|schema| schema.types.clone()).unwrap_or_default();
    let any_text = one_of.iter().any(|&v| {
        let schema = spec.ref_chain(v).find(|schema| schema.types.is_some());
        types(v) == [JsonType::String]
            && schema.is_some_and(|s| s.enum_values.is_none() && s.format.is_none() && s.limits.pattern.is_none())
    });
    let scalar = one_of.iter().find_map(|&v| {
        types(v).into_iter().find(|t| matches!(t, JsonType::Integer | JsonType::Number | JsonType::Boolean))
    })?;
    any_text.then(|| format!("the spec's `oneOf` has a {scalar:?} variant and one taking any string; sent as text every {scalar:?} value matches both, and exactly one must"))
}

fn variant_name(spec: &Spec, id: SchemaId) -> String {
    spec.ref_chain(id)
        .find_map(|schema| schema.name.clone().or_else(|| schema.title.clone()))
        .unwrap_or_else(|| spec.schema(id).location.pointer.clone())
}

/// The violations a header lists: each whole `{…}` entry, since Prism cuts a
/// long header short ("Too many violations!") in the middle of one.
fn listed(detail: &str) -> Option<Vec<Value>> {
    let start = detail.find("[{")?;
    let mut entries = Vec::new();
    let mut rest = &detail[start + 1..];
    while rest.starts_with('{') {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let Some(Ok(entry)) = stream.next() else { break };
        entries.push(entry);
        rest = rest[stream.byte_offset()..].trim_start_matches(',');
    }
    (!entries.is_empty()).then_some(entries)
}

/// One violation's cause: an example of the spec's that breaks its own schema
/// where the violation is, or a `required` property the spec marks `readOnly`
/// or does not describe.
fn violation_cause(spec: &Spec, operation: &Operation, media: Option<&str>, violation: &Value) -> Option<Cause> {
    let (root, path, what) = target(operation, media, violation)?;
    let levels = levels(spec, root, &path);
    let at = |depth: usize| if depth == 0 { String::new() } else { format!(" at `/{}`", path[..depth].join("/")) };
    // Down the path, each level's examples (what the test sends) checked against that level's schema.
    for (depth, level) in levels.iter().enumerate() {
        for &id in level {
            for example in examples(spec, id) {
                if let Some(reason) = contradiction(spec, &[id], &example) {
                    return Some(Cause::Spec(format!(
                        "the spec's example {} for {what}{} breaks its own schema: {reason}",
                        short(&example),
                        at(depth)
                    )));
                }
            }
        }
    }
    if violation["code"] == "required" {
        let message = violation["message"].as_str()?;
        let name = message.rsplit('\'').nth(1)?;
        let level = levels.last()?;
        let property = level.iter().flat_map(|&id| child(spec, id, name)).collect::<Vec<_>>();
        if property.is_empty() {
            return Some(Cause::Spec(format!(
                "the spec requires `{name}` in {what}{} but describes no such property, so nothing can be sent for it",
                at(path.len())
            )));
        }
        if property.iter().any(|&id| holding(spec, id).iter().any(|&s| spec.schema(s).read_only)) {
            return Some(Cause::Mock(format!(
                "Prism requires `{name}` in the request, which the spec marks readOnly: OpenAPI 3.0 applies `required` to a readOnly property in responses only"
            )));
        }
    }
    None
}

/// The schemas that hold for a value of `id`: it, what it refers to, its
/// `allOf` members and its union variants (one of which the test may have sent).
fn holding(spec: &Spec, id: SchemaId) -> Vec<SchemaId> {
    let mut out = Vec::new();
    let mut stack = vec![(id, 0)];
    while let Some((id, depth)) = stack.pop() {
        if out.contains(&id) || depth > 16 {
            continue;
        }
        out.push(id);
        let schema = spec.schema(id);
        stack.extend(
            schema
                .reference
                .iter()
                .chain(&schema.all_of)
                .chain(&schema.any_of)
                .chain(&schema.one_of)
                .map(|&next| (next, depth + 1)),
        );
    }
    out
}

/// The schemas of `segment` (a property name or an item index) inside `id`.
fn child(spec: &Spec, id: SchemaId, segment: &str) -> Vec<SchemaId> {
    holding(spec, id)
        .into_iter()
        .filter_map(|id| {
            let schema = spec.schema(id);
            match segment.parse::<usize>() {
                Ok(_) if schema.items.is_some() => schema.items,
                _ => schema.properties.get(segment).copied(),
            }
        })
        .collect()
}

/// The examples the spec gives on `id`, what it refers to, and its union
/// variants: where the generator takes a sample from.
fn examples(spec: &Spec, id: SchemaId) -> Vec<Value> {
    let own = spec.ref_chain(id).flat_map(|schema| schema.examples.iter());
    let variants = spec
        .ref_chain(id)
        .flat_map(|schema| schema.one_of.iter().chain(&schema.any_of))
        .flat_map(|&v| spec.ref_chain(v))
        .flat_map(|schema| schema.examples.iter());
    own.chain(variants).map(|(_, example)| example.clone()).collect()
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 { format!("{}…", text.chars().take(80).collect::<String>()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /images/{image_id}:
    put:
      parameters:
        - {name: image_id, in: path, required: true, schema: {type: string, maxLength: 32, example: 107b9558-dd06-4bbd-5fef-9c2c16bb7900}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, name, version]
              properties:
                id: {type: string, readOnly: true}
                name: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {size: {type: integer}}}
"#;

    fn spec() -> Spec {
        let value = codegen::load::parse(SPEC, "t.yaml").expect("YAML");
        let documents =
            codegen::load::from_value("t.yaml", value, std::path::Path::new("."), &codegen::config::Config::default())
                .expect("a spec");
        codegen::resolve::resolve(&documents, &mut codegen::diagnostics::Diagnostics::default()).expect("resolves")
    }

    fn judge(outcome: &str, detail: &str, body: Option<&str>) -> Option<String> {
        cause(
            &spec(),
            "PUT /images/{image_id}",
            &Failure { outcome, detail, body, sent: None, sent_media: None, dynamic: false },
        )
        .map(|cause| match cause {
            Cause::Spec(reason) => format!("spec: {reason}"),
            Cause::Mock(reason) => format!("mock: {reason}"),
        })
    }

    fn violation(location: &[&str], code: &str, message: &str) -> String {
        serde_json::json!([{"location": location, "severity": "Error", "code": code, "message": message}]).to_string()
    }

    #[test]
    fn a_parameter_example_that_breaks_its_own_schema_is_the_spec() {
        let detail = violation(&["request", "path", "image_id"], "maxLength", "must NOT have more than 32 characters");
        let verdict = judge("rejected", &detail, None).expect("a cause");
        assert!(verdict.starts_with("spec:") && verdict.contains("36 characters, more than 32"), "{verdict}");
    }

    #[test]
    fn a_required_read_only_property_is_the_mock() {
        let detail = violation(&["request", "body"], "required", "Request body must have required property 'id'");
        assert!(judge("rejected", &detail, None).expect("a cause").starts_with("mock: Prism requires `id`"));
    }

    #[test]
    fn a_required_property_the_spec_does_not_describe_is_the_spec() {
        let detail = violation(&["request", "body"], "required", "Request body must have required property 'version'");
        assert!(judge("rejected", &detail, None).expect("a cause").contains("describes no such property"));
    }

    #[test]
    fn a_violation_without_a_proof_stays_the_client() {
        // `name` is described, not readOnly, and has no example: the client should have sent it.
        let detail = violation(&["request", "body"], "required", "Request body must have required property 'name'");
        assert_eq!(judge("rejected", &detail, None), None);
        assert_eq!(judge("failed", "transport error: connection refused", None), None);
    }

    #[test]
    fn responses_and_mock_errors_are_judged() {
        assert!(
            judge("decode", "", Some(r#"{"size": "big"}"#))
                .expect("a cause")
                .starts_with("spec: the response served contradicts")
        );
        assert_eq!(judge("decode", "", Some(r#"{"size": 3}"#)), None);
        let problem = r#"{"type":"https://stoplight.io/prism/errors#UNKNOWN","title":"Cannot find serializer","status":500,"detail":""}"#;
        assert!(
            judge("failed", "API error (HTTP 500)", Some(problem))
                .expect("a cause")
                .starts_with("mock: Prism failed on its own")
        );
        let own = violation(&["response", "body"], "required", "Response body must have required property 'content'");
        assert!(judge("rejected", &own, None).expect("a cause").starts_with("mock: Prism refused the response"));
    }
}
