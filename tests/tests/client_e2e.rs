//! End-to-end tests of the generated Cloudflare client (`generated-client`)
//! against a loopback `wiremock` server.
//!
//! Covered:
//! - every operation of `generated-client/src/generated/api.md` (the table is
//!   checked against that file): method, path, exact query string, the auth
//!   headers its security requirement selects, the JSON body, and decoding of a
//!   realistic success envelope into the generated type;
//! - for every operation, the failure envelope (code 7003) with HTTP 400, 404
//!   and 200 + `success: false` as `Error::Api`;
//! - retries: 429 with `Retry-After: 0`, exhausted 5XX, per-call `max_retries`;
//! - timeouts, client-wide and per call (`Client::with_options`);
//! - pagination through `Page::into_stream`, `next_page` and `has_next_page`;
//! - decode errors that name the failing field; `with_response()`;
//! - credential selection, `Client::from_env`, and that secrets never show in
//!   `Debug` output or error messages.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_util::TryStreamExt;
use generated_client::runtime::DateTime;
use generated_client::types::{
    AccountPermissionGroupScopesItem, AccountPolicyPermissionGroupMeta, AccountPolicyPermissionGroupRequest,
    AccountPolicyResources, AccountTokenCreatePayloadRequest, AccountTokenPolicyRequest, AccountTokenRequest,
    AccountsTokensListParams, AccountsTokensPermissionGroupsListParams, Condition, D1DatabaseExportBody,
    D1DatabaseExportBodyOutputFormat, D1DatabaseExportResponses, Effect, PermissionGroupRequest, RequestIp, Status,
    Token, TokenAccessPolicyRequest, TokenCreatePayloadRequest, TokenRequest, UserTokensListDirection,
    UserTokensListParams, ZeroTrustAccessServiceTokensCreateBody, ZeroTrustAccessServiceTokensUpdateBody,
};
use generated_client::{Client, Error, RequestOptions};
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

mod common;
use common::*;

const API_MD: &str = include_str!("../../generated-client/src/generated/api.md");

const ACCOUNT_ID: &str = "eb78d65290b24279ba6f44721b3ea3c4";
const ZONE_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const SERVICE_TOKEN_ID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const DATABASE_ID: &str = "2bf0b1a4-7f3e-4a54-9d6c-3c5e4b7e8f10";
const GROUP_ID: &str = "c8fed203ed3043cba015a93ad1616f1f";
const POLICY_ID: &str = "f267e341f3dd4697bd3b9f71dd96247f";
const ZONE_RESOURCE: &str = "com.cloudflare.api.account.zone.22b1de5f1c0e4b3ea97bb1e963b06a43";
const ACCOUNT_RESOURCE: &str = "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4";
const SECRET_VALUE: &str = "8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T";

// ---------------------------------------------------------------------------
// Helpers

fn list_envelope(result: Value, result_info: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": result_info})
}

fn codes(error: &Error) -> Vec<i64> {
    error.api_errors().iter().map(|e| e.code).collect()
}

/// Matches requests that do not carry this header.
fn header_absent(name: &'static str) -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    move |request: &wiremock::Request| !request.headers.contains_key(name)
}

/// Matches requests whose raw query string is exactly this (`""`: no query).
fn exact_query(query: &'static str) -> impl Fn(&wiremock::Request) -> bool + Send + Sync + 'static {
    move |request: &wiremock::Request| request.url.query().unwrap_or("") == query
}

async fn received_queries(server: &MockServer) -> Vec<String> {
    received(server).await.iter().map(|r| r.url.query().unwrap_or("").to_string()).collect()
}

// ---------------------------------------------------------------------------
// Fixtures: results as the API returns them, and typed request bodies.

fn token_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "status": "active",
        "issued_on": "2018-07-01T05:20:00Z",
        "modified_on": "2018-07-02T05:20:00Z",
        "not_before": "2018-07-01T05:20:00Z",
        "expires_on": "2020-01-01T00:00:00Z",
        "condition": {"request.ip": {"in": ["123.123.123.0/24", "2606:4700::/32"], "not_in": ["123.123.123.100/24"]}},
        "policies": [{
            "id": POLICY_ID,
            "effect": "allow",
            "permission_groups": [{
                "id": GROUP_ID,
                "name": "Zone Read",
                "meta": {"label": "load_balancer_admin", "scopes": "com.cloudflare.api.account"}
            }],
            "resources": {ZONE_RESOURCE: "*"}
        }]
    })
}

fn account_token_json(status: &str) -> Value {
    json!({
        "id": TOKEN_ID,
        "name": "account token",
        "status": status,
        "issued_on": "2018-07-01T05:20:00Z",
        "last_used_on": "2020-01-02T12:34:00Z",
        "modified_on": "2018-07-02T05:20:00Z",
        "policies": [{
            "id": POLICY_ID,
            "effect": "deny",
            "permission_groups": [{"id": GROUP_ID, "name": "Zone Read", "meta": {"key": "key", "value": "value"}}],
            "resources": {ACCOUNT_RESOURCE: {"com.cloudflare.api.account.zone.*": "*"}}
        }]
    })
}

fn with_value(mut token: Value) -> Value {
    token["value"] = json!(SECRET_VALUE);
    token
}

fn permission_groups_json(extra_scope: &str) -> Value {
    json!([
        {"id": "7cf72faf220841aabcfdfab81c43c4f6", "name": "Billing Read", "scopes": ["com.cloudflare.api.account"]},
        {"id": GROUP_ID, "name": "Zone Read", "scopes": ["com.cloudflare.api.account.zone", extra_scope]}
    ])
}

fn service_token_json(name: &str) -> Value {
    json!({
        "id": SERVICE_TOKEN_ID,
        "name": name,
        "client_id": "88bf3b6d86161464f6509f7219099e57.access.example.com",
        "duration": "60m",
        "created_at": "2014-01-01T05:20:00.12345Z",
        "updated_at": "2014-01-01T05:20:00.12345Z"
    })
}

fn condition() -> Condition {
    Condition { request_ip: Some(RequestIp { in_: Some(vec!["199.27.128.0/21".into()]), not_in: None }) }
}

fn condition_json() -> Value {
    json!({"request.ip": {"in": ["199.27.128.0/21"]}})
}

// A policy grants permission groups by id; the group's name is read-only and left out of requests.
fn user_policy() -> TokenAccessPolicyRequest {
    TokenAccessPolicyRequest {
        effect: Effect::Allow,
        permission_groups: vec![PermissionGroupRequest {
            id: GROUP_ID.to_string(),
            meta: Some(BTreeMap::from([("label".to_string(), json!("load_balancer_admin"))])),
        }],
        resources: BTreeMap::from([(ZONE_RESOURCE.to_string(), json!("*"))]),
    }
}

fn user_policy_json() -> Value {
    json!({"effect": "allow", "permission_groups": [{"id": GROUP_ID, "meta": {"label": "load_balancer_admin"}}], "resources": {ZONE_RESOURCE: "*"}})
}

fn account_policy() -> AccountTokenPolicyRequest {
    AccountTokenPolicyRequest {
        effect: Effect::Deny,
        permission_groups: vec![AccountPolicyPermissionGroupRequest {
            id: GROUP_ID.to_string(),
            meta: Some(AccountPolicyPermissionGroupMeta { key: Some("key".into()), value: Some("value".into()) }),
        }],
        resources: AccountPolicyResources::ResourcesTypeObjectNested(BTreeMap::from([(
            ACCOUNT_RESOURCE.to_string(),
            BTreeMap::from([("com.cloudflare.api.account.zone.*".to_string(), "*".to_string())]),
        )])),
    }
}

fn account_policy_json() -> Value {
    json!({
        "effect": "deny",
        "permission_groups": [{"id": GROUP_ID, "meta": {"key": "key", "value": "value"}}],
        "resources": {ACCOUNT_RESOURCE: {"com.cloudflare.api.account.zone.*": "*"}}
    })
}

// ---------------------------------------------------------------------------
// The operation table

type Call = for<'a> fn(&'a Client) -> Pin<Box<dyn Future<Output = Result<(), Error>> + 'a>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// `security: [api_token]`: `Authorization: Bearer`.
    Token,
    /// `security: [{api_email, api_key}]`: `X-Auth-Email` and `X-Auth-Key`.
    EmailKey,
}

/// One operation: the request it must send and the success response to serve.
/// `call` runs the generated method and asserts on the decoded value.
struct Op {
    /// `METHOD /path/{param}` exactly as in `api.md`.
    route: &'static str,
    auth: Auth,
    query: &'static str,
    body: Option<Value>,
    status: u16,
    response: Value,
    call: Call,
}

fn op(route: &'static str, auth: Auth, call: Call) -> Op {
    Op { route, auth, query: "", body: None, status: 200, response: envelope(Value::Null), call }
}

impl Op {
    fn query(self, query: &'static str) -> Self {
        Op { query, ..self }
    }
    fn body(self, body: Value) -> Self {
        Op { body: Some(body), ..self }
    }
    fn status(self, status: u16) -> Self {
        Op { status, ..self }
    }
    fn result(self, result: Value) -> Self {
        Op { response: envelope(result), ..self }
    }
    fn response(self, response: Value) -> Self {
        Op { response, ..self }
    }

    /// The concrete path: `{param}`s replaced by the fixture ids.
    fn path(&self) -> String {
        let template = self.route.split_once(' ').expect("METHOD /path").1;
        let ids = [
            ("{account_id}", ACCOUNT_ID),
            ("{zone_id}", ZONE_ID),
            ("{token_id}", TOKEN_ID),
            ("{service_token_id}", SERVICE_TOKEN_ID),
            ("{permission_group_id}", GROUP_ID),
            ("{database_id}", DATABASE_ID),
        ];
        ids.iter().fold(template.to_string(), |path, (param, id)| path.replace(param, id))
    }

    /// A mock that only matches the exact request this operation must send.
    fn mock(&self) -> MockBuilder {
        let verb = self.route.split_once(' ').expect("METHOD /path").0;
        let mut mock = Mock::given(method(verb)).and(path(self.path())).and(exact_query(self.query));
        for pair in self.query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').expect("name=value");
            mock = mock.and(query_param(name, value.replace('+', " ")));
        }
        mock = match self.auth {
            Auth::Token => mock
                .and(header("authorization", format!("Bearer {TOKEN}")))
                .and(header_absent("x-auth-email"))
                .and(header_absent("x-auth-key")),
            Auth::EmailKey => mock
                .and(header("x-auth-email", EMAIL))
                .and(header("x-auth-key", KEY))
                .and(header_absent("authorization")),
        };
        match &self.body {
            Some(body) => mock.and(header("content-type", "application/json")).and(body_json(body)),
            None => mock.and(|request: &wiremock::Request| request.body.is_empty()),
        }
    }
}

fn boxed<'a>(
    future: impl Future<Output = Result<(), Error>> + 'a,
) -> Pin<Box<dyn Future<Output = Result<(), Error>> + 'a>> {
    Box::pin(future)
}

fn operations() -> Vec<Op> {
    use Auth::{EmailKey, Token as Bearer};
    vec![
        // --- User API tokens
        op("GET /user/tokens", Bearer, |c| {
            boxed(async move {
                let params = UserTokensListParams::default().page(1).per_page(20).direction(UserTokensListDirection::Desc);
                let page = c.user().tokens().list(&params).await?;
                let names: Vec<&str> = page.items.iter().map(|t| t.name.as_str()).collect();
                assert_eq!(names, ["readonly token", "deploy token"]);
                assert_eq!(page.items[1].id, "0b5e2f3a9c1d4e6f8a7b6c5d4e3f2a1b");
                assert_eq!(page.result_info.as_ref().and_then(|i| i.total_count), Some(2.0));
                assert!(!page.has_next_page());
                Ok(())
            })
        })
        .query("direction=desc&page=1&per_page=20")
        .response(list_envelope(
            json!([token_json(TOKEN_ID, "readonly token"), token_json("0b5e2f3a9c1d4e6f8a7b6c5d4e3f2a1b", "deploy token")]),
            json!({"page": 1, "per_page": 20, "count": 2, "total_count": 2, "total_pages": 1}),
        )),
        op("POST /user/tokens", Bearer, |c| {
            boxed(async move {
                let body = TokenCreatePayloadRequest {
                    name: "readonly token".into(),
                    policies: vec![user_policy()],
                    condition: Some(condition()),
                    not_before: "2018-07-01T05:20:00Z".parse().ok(),
                    expires_on: "2020-01-01T00:00:00Z".parse().ok(),
                };
                let created = c.user().tokens().create(&body).await?;
                assert_eq!(created.value.as_deref(), Some(SECRET_VALUE));
                Ok(())
            })
        })
        .body(json!({
            "name": "readonly token",
            "policies": [user_policy_json()],
            "condition": condition_json(),
            "not_before": "2018-07-01T05:20:00Z",
            "expires_on": "2020-01-01T00:00:00Z"
        }))
        .result(with_value(token_json(TOKEN_ID, "readonly token"))),
        op("GET /user/tokens/permission_groups", Bearer, |c| {
            boxed(async move {
                let groups = c.user().tokens().permission_groups().list().await?;
                assert_eq!(groups.len(), 2);
                assert_eq!(groups[0].name.as_deref(), Some("Billing Read"));
                assert_eq!(
                    groups[1].scopes.as_deref(),
                    Some(
                        &[
                            AccountPermissionGroupScopesItem::ComCloudflareApiAccountZone,
                            AccountPermissionGroupScopesItem::Unknown("com.cloudflare.api.future".into())
                        ][..]
                    )
                );
                Ok(())
            })
        })
        .result(permission_groups_json("com.cloudflare.api.future")),
        op("GET /user/tokens/verify", Bearer, |c| {
            boxed(async move {
                let verified = c.user().tokens().verify().await?;
                assert_eq!((verified.id.as_str(), verified.status), (TOKEN_ID, Status::Active));
                assert_eq!(verified.expires_on.as_ref().map(DateTime::as_str), Some("2030-01-01T00:00:00Z"));
                Ok(())
            })
        })
        .result(verify_json()),
        op("GET /user/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                let token = c.user().tokens().get(TOKEN_ID).await?;
                assert_eq!((token.id.as_str(), token.name.as_str(), &token.status), (TOKEN_ID, "readonly token", &Status::Active));
                assert_eq!(token.modified_on.as_ref().map(DateTime::as_str), Some("2018-07-02T05:20:00Z"));
                let ip = token.condition.and_then(|c| c.request_ip).expect("condition.request.ip");
                assert_eq!(ip.in_.expect("in"), ["123.123.123.0/24", "2606:4700::/32"]);
                let policy = &token.policies[0];
                assert_eq!((policy.id.as_str(), &policy.effect), (POLICY_ID, &Effect::Allow));
                assert_eq!(policy.permission_groups[0].id, GROUP_ID);
                assert_eq!(policy.resources[ZONE_RESOURCE], "*");
                Ok(())
            })
        })
        .result(token_json(TOKEN_ID, "readonly token")),
        op("PUT /user/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                let body = TokenRequest {
                    name: "renamed token".into(),
                    status: Status::Disabled,
                    policies: vec![user_policy()],
                    condition: None,
                    expires_on: None,
                    not_before: None,
                };
                let token = c.user().tokens().update(TOKEN_ID, &body).await?;
                assert_eq!((token.name.as_str(), token.status), ("renamed token", Status::Disabled));
                Ok(())
            })
        })
        .body(json!({"name": "renamed token", "status": "disabled", "policies": [user_policy_json()]}))
        .result({
            let mut token = token_json(TOKEN_ID, "renamed token");
            token["status"] = json!("disabled");
            token
        }),
        op("DELETE /user/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                assert_eq!(c.user().tokens().delete(TOKEN_ID).await?.id, TOKEN_ID);
                Ok(())
            })
        })
        // The spec requires a JSON body and gives no schema: `{}` is sent.
        .body(json!({}))
        .result(json!({"id": TOKEN_ID})),
        op("PUT /user/tokens/{token_id}/value", Bearer, |c| {
            boxed(async move {
                assert_eq!(c.user().tokens().value().update(TOKEN_ID).await?, SECRET_VALUE);
                Ok(())
            })
        })
        .body(json!({}))
        .result(json!(SECRET_VALUE)),
        // --- Account owned API tokens
        op("GET /accounts/{account_id}/tokens", Bearer, |c| {
            boxed(async move {
                let params = AccountsTokensListParams::default().page(2).per_page(5).direction(UserTokensListDirection::Asc);
                let page = c.accounts().tokens().list(ACCOUNT_ID, &params).await?;
                assert_eq!(page.items.len(), 1);
                assert_eq!(page.items[0].last_used_on.as_ref().map(DateTime::as_str), Some("2020-01-02T12:34:00Z"));
                assert!(!page.has_next_page(), "page 2 of 2 is the last");
                Ok(())
            })
        })
        .query("direction=asc&page=2&per_page=5")
        .response(list_envelope(
            json!([account_token_json("active")]),
            json!({"page": 2, "per_page": 5, "count": 1, "total_count": 6, "total_pages": 2}),
        )),
        op("POST /accounts/{account_id}/tokens", Bearer, |c| {
            boxed(async move {
                let body = AccountTokenCreatePayloadRequest {
                    name: "account token".into(),
                    policies: vec![account_policy()],
                    condition: None,
                    expires_on: "2030-01-01T00:00:00Z".parse().ok(),
                    not_before: None,
                };
                let created = c.accounts().tokens().create(ACCOUNT_ID, &body).await?;
                assert_eq!(created.id.as_deref(), Some(TOKEN_ID));
                assert_eq!(created.name.as_deref(), Some("account token"));
                assert_eq!(created.value.as_deref(), Some(SECRET_VALUE));
                assert_eq!(created.policies.map(|p| p.len()), Some(1));
                Ok(())
            })
        })
        .body(json!({"name": "account token", "policies": [account_policy_json()], "expires_on": "2030-01-01T00:00:00Z"}))
        .result(with_value(account_token_json("active"))),
        op("GET /accounts/{account_id}/tokens/permission_groups", Bearer, |c| {
            boxed(async move {
                let params = AccountsTokensPermissionGroupsListParams::default()
                    .name("Account Settings Write")
                    .scope("com.cloudflare.api.account.zone");
                let groups = c.accounts().tokens().permission_groups().list(ACCOUNT_ID, &params).await?;
                assert_eq!(groups[1].id.as_deref(), Some(GROUP_ID));
                assert_eq!(groups[0].scopes.as_deref(), Some(&[AccountPermissionGroupScopesItem::ComCloudflareApiAccount][..]));
                Ok(())
            })
        })
        .query("name=Account+Settings+Write&scope=com.cloudflare.api.account.zone")
        .result(permission_groups_json("com.cloudflare.api.user")),
        op("GET /accounts/{account_id}/tokens/permission_groups/{permission_group_id}", Bearer, |c| {
            boxed(async move {
                let groups = c.accounts().tokens().permission_groups().get(ACCOUNT_ID, GROUP_ID).await?;
                assert_eq!(groups.len(), 1);
                assert_eq!((groups[0].id.as_deref(), groups[0].name.as_deref()), (Some(GROUP_ID), Some("Zone Read")));
                Ok(())
            })
        })
        .result(json!([{"id": GROUP_ID, "name": "Zone Read", "scopes": ["com.cloudflare.api.account.zone"]}])),
        op("GET /accounts/{account_id}/tokens/verify", Bearer, |c| {
            boxed(async move {
                let verified = c.accounts().tokens().verify(ACCOUNT_ID).await?;
                assert_eq!((verified.id.as_str(), verified.status), (TOKEN_ID, Status::Active));
                Ok(())
            })
        })
        .result(verify_json()),
        op("GET /accounts/{account_id}/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                let token = c.accounts().tokens().get(ACCOUNT_ID, TOKEN_ID).await?;
                assert_eq!((token.name.as_str(), &token.status), ("account token", &Status::Active));
                let policy = &token.policies[0];
                assert_eq!(policy.effect, Effect::Deny);
                assert_eq!(policy.permission_groups[0].meta.as_ref().and_then(|m| m.value.as_deref()), Some("value"));
                let AccountPolicyResources::ResourcesTypeObjectNested(resources) = &policy.resources else {
                    panic!("nested resources expected: {:?}", policy.resources);
                };
                assert_eq!(resources[ACCOUNT_RESOURCE]["com.cloudflare.api.account.zone.*"], "*");
                Ok(())
            })
        })
        .result(account_token_json("active")),
        op("PUT /accounts/{account_id}/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                let body = AccountTokenRequest {
                    name: "account token".into(),
                    status: Status::Expired,
                    policies: vec![account_policy()],
                    condition: Some(condition()),
                    expires_on: None,
                    not_before: None,
                };
                let token = c.accounts().tokens().update(ACCOUNT_ID, TOKEN_ID, &body).await?;
                assert_eq!(token.status, Status::Expired);
                Ok(())
            })
        })
        .body(json!({"name": "account token", "status": "expired", "policies": [account_policy_json()], "condition": condition_json()}))
        .result(account_token_json("expired")),
        op("DELETE /accounts/{account_id}/tokens/{token_id}", Bearer, |c| {
            boxed(async move {
                assert_eq!(c.accounts().tokens().delete(ACCOUNT_ID, TOKEN_ID).await?.id, TOKEN_ID);
                Ok(())
            })
        })
        .body(json!({}))
        .result(json!({"id": TOKEN_ID})),
        op("PUT /accounts/{account_id}/tokens/{token_id}/value", Bearer, |c| {
            boxed(async move {
                assert_eq!(c.accounts().tokens().value().update(ACCOUNT_ID, TOKEN_ID).await?, SECRET_VALUE);
                Ok(())
            })
        })
        .body(json!({}))
        .result(json!(SECRET_VALUE)),
        // --- Zone-level Access service tokens
        op("GET /zones/{zone_id}/access/service_tokens", EmailKey, |c| {
            boxed(async move {
                let tokens = c.zero_trust().access().service_tokens().list(ZONE_ID).await?;
                let names: Vec<Option<&str>> = tokens.iter().map(|t| t.name.as_deref()).collect();
                assert_eq!(names, [Some("CI/CD token"), Some("backup token")]);
                Ok(())
            })
        })
        .response(list_envelope(
            json!([service_token_json("CI/CD token"), service_token_json("backup token")]),
            json!({"page": 1, "per_page": 20, "count": 2, "total_count": 2}),
        )),
        op("POST /zones/{zone_id}/access/service_tokens", EmailKey, |c| {
            boxed(async move {
                let body = ZeroTrustAccessServiceTokensCreateBody { name: "CI/CD token".into(), duration: Some("60m".into()) };
                let created = c.zero_trust().access().service_tokens().create(ZONE_ID, &body).await?;
                assert_eq!(created.id.as_deref(), Some(SERVICE_TOKEN_ID));
                assert_eq!(created.client_secret.as_deref(), Some("bdd31cbc4dec990953e39163fbbb194c93313ca9f0a6e420346af9d326b1d2a5"));
                Ok(())
            })
        })
        .body(json!({"name": "CI/CD token", "duration": "60m"}))
        .status(201)
        .result({
            let mut created = service_token_json("CI/CD token");
            created["client_secret"] = json!("bdd31cbc4dec990953e39163fbbb194c93313ca9f0a6e420346af9d326b1d2a5");
            created
        }),
        op("GET /zones/{zone_id}/access/service_tokens/{service_token_id}", EmailKey, |c| {
            boxed(async move {
                let token = c.zero_trust().access().service_tokens().get(ZONE_ID, SERVICE_TOKEN_ID).await?;
                assert_eq!(token.client_id.as_deref(), Some("88bf3b6d86161464f6509f7219099e57.access.example.com"));
                assert_eq!(token.duration.as_deref(), Some("60m"));
                Ok(())
            })
        })
        .result(service_token_json("CI/CD token")),
        op("PUT /zones/{zone_id}/access/service_tokens/{service_token_id}", EmailKey, |c| {
            boxed(async move {
                let body = ZeroTrustAccessServiceTokensUpdateBody { name: Some("renamed".into()), duration: None };
                let token = c.zero_trust().access().service_tokens().update(ZONE_ID, SERVICE_TOKEN_ID, &body).await?;
                assert_eq!(token.name.as_deref(), Some("renamed"));
                Ok(())
            })
        })
        .body(json!({"name": "renamed"}))
        .result(service_token_json("renamed")),
        op("DELETE /zones/{zone_id}/access/service_tokens/{service_token_id}", EmailKey, |c| {
            boxed(async move {
                let token = c.zero_trust().access().service_tokens().delete(ZONE_ID, SERVICE_TOKEN_ID).await?;
                assert_eq!(token.id.as_deref(), Some(SERVICE_TOKEN_ID));
                Ok(())
            })
        })
        .result(service_token_json("CI/CD token")),
        // --- D1 database export: two success responses
        op("POST /accounts/{account_id}/d1/database/{database_id}/export", Bearer, |c| {
            boxed(async move {
                let body = D1DatabaseExportBody {
                    output_format: D1DatabaseExportBodyOutputFormat::Polling,
                    current_bookmark: None,
                    dump_options: None,
                };
                match c.d1().database().export(ACCOUNT_ID, DATABASE_ID, &body).await? {
                    D1DatabaseExportResponses::Accepted(running) => assert_eq!(running.at_bookmark.as_deref(), Some("bm-1")),
                    other => panic!("expected the 202 variant, got {other:?}"),
                }
                Ok(())
            })
        })
        .body(json!({"output_format": "polling"}))
        .status(202)
        .result(json!({"at_bookmark": "bm-1", "status": "active", "type": "export", "messages": ["started"]})),
    ]
}

// ---------------------------------------------------------------------------
// Every operation

#[test]
fn the_table_covers_every_operation_in_api_md() {
    let documented: BTreeSet<&str> =
        API_MD.lines().filter_map(|line| line.strip_prefix("- ")).filter_map(|line| line.split(" → ").next()).collect();
    let tested: Vec<&str> = operations().iter().map(|op| op.route).collect();
    assert_eq!(tested.len(), 23);
    assert_eq!(tested.iter().copied().collect::<BTreeSet<_>>(), documented);
}

#[tokio::test]
async fn every_operation_sends_the_expected_request_and_decodes_the_result() {
    for op in operations() {
        let server = MockServer::start().await;
        op.mock().respond_with(reply(op.status, op.response.clone())).expect(1).named(op.route).mount(&server).await;
        if let Err(error) = (op.call)(&client(&server)).await {
            panic!("{}: {error}\nreceived: {:#?}", op.route, received(&server).await);
        }
    }
}

#[tokio::test]
async fn every_operation_reports_the_failure_envelope_as_an_api_error() {
    for op in operations() {
        for status in [400, 404, 200] {
            let server = MockServer::start().await;
            op.mock().respond_with(reply(status, failure())).expect(1).named(op.route).mount(&server).await;
            match (op.call)(&client(&server)).await {
                Err(error @ Error::Api { .. }) => {
                    assert_eq!(error.status(), Some(status), "{}", op.route);
                    assert_eq!(codes(&error), [7003], "{}", op.route);
                    assert!(error.to_string().contains("7003 No route for the URI"), "{error}");
                }
                other => {
                    panic!("{} answered {status} + failure envelope: expected Error::Api, got {other:?}", op.route)
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Errors, retries, timeouts

#[tokio::test]
async fn success_false_with_status_200_is_an_api_error_with_every_code() {
    let server = MockServer::start().await;
    // An unexpected `result` must not hide the API's verdict behind a decode error.
    let body = json!({
        "success": false,
        "errors": [{"code": 1000, "message": "Invalid API Token"}, {"code": 9109, "message": "Unauthorized to access requested resource"}],
        "messages": [{"code": 10000, "message": "Authentication error"}],
        "result": {"unexpected": true}
    });
    Mock::given(method("GET"))
        .and(path(format!("/user/tokens/{TOKEN_ID}")))
        .respond_with(reply(200, body))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server).user().tokens().get(TOKEN_ID).await {
        Err(error @ Error::Api { status: 200, .. }) => {
            assert_eq!(codes(&error), [1000, 9109]);
            let Error::Api { messages, body, .. } = &error else { unreachable!() };
            assert_eq!(messages[0].code, 10000);
            assert_eq!(body, &None);
            assert!(error.to_string().contains("1000 Invalid API Token; 9109"), "{error}");
        }
        other => panic!("expected Error::Api with status 200, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limited_request_is_retried_once_after_retry_after() {
    let server = MockServer::start().await;
    let expected = || {
        Mock::given(method("POST"))
            .and(path(format!("/zones/{ZONE_ID}/access/service_tokens")))
            .and(header("x-auth-key", KEY))
            .and(body_json(json!({"name": "CI/CD token"})))
    };
    let limited = json!({"success": false, "errors": [{"code": 10000, "message": "Rate limited"}], "messages": [], "result": null});
    expected()
        .respond_with(reply(429, limited).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    expected().respond_with(reply(201, envelope(service_token_json("CI/CD token")))).expect(1).mount(&server).await;

    let body = ZeroTrustAccessServiceTokensCreateBody { name: "CI/CD token".into(), duration: None };
    let created = client(&server)
        .zero_trust()
        .access()
        .service_tokens()
        .create(ZONE_ID, &body)
        .await
        .expect("the retry succeeds");
    assert_eq!(created.name.as_deref(), Some("CI/CD token"));
    assert_eq!(received(&server).await.len(), 2, "one retry, with the same body");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let server = MockServer::start().await;
    let internal = json!({"success": false, "errors": [{"code": 10001, "message": "Internal error"}], "messages": [], "result": null});
    Mock::given(method("GET"))
        .and(path("/user/tokens/verify"))
        .respond_with(reply(500, internal))
        .expect(3)
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(2).build().expect("client");
    match client.user().tokens().verify().await {
        Err(error @ Error::Api { status: 500, .. }) => assert_eq!(codes(&error), [10001]),
        other => panic!("expected Error::Api with status 500, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 3, "the first attempt and two retries");

    // A per-call `max_retries(0)` sends once; a non-envelope body is kept as a snippet.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>502 Bad Gateway</html>"))
        .expect(1)
        .mount(&server)
        .await;
    match client.with_options(RequestOptions::new().max_retries(0)).user().tokens().verify().await {
        Err(Error::Api { status: 502, errors, body, .. }) => {
            assert!(errors.is_empty());
            assert_eq!(body.as_deref(), Some("<html>502 Bad Gateway</html>"));
        }
        other => panic!("expected Error::Api with status 502, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_responses_time_out_client_wide_and_per_call() {
    let server = MockServer::start().await;
    let slow = reply(200, envelope(verify_json())).set_delay(Duration::from_secs(2));
    Mock::given(any()).respond_with(slow).expect(2).mount(&server).await;
    let timeout = Duration::from_millis(200);

    let short = builder(&server).timeout(timeout).max_retries(0).build().expect("client");
    match short.user().tokens().verify().await {
        Err(Error::Timeout(after)) => assert_eq!(after, timeout),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }

    let default = builder(&server).max_retries(0).build().expect("client");
    match default.with_options(RequestOptions::new().timeout(timeout)).user().tokens().verify().await {
        Err(error @ Error::Timeout(_)) => assert!(error.to_string().contains("200ms"), "{error}"),
        other => panic!("expected Error::Timeout from the per-call timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn http_basic_credentials_are_encoded_by_the_client() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Basic dXNlcjpwYXNzOndvcmQ="))
        .respond_with(reply(200, json!({"ok": true})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credential("basic", generated_client::runtime::Placement::Basic, "user:pass:word")
        .default_security(&[&["basic"]])
        .max_retries(0)
        .build()
        .expect("client");
    let answer: Value = client.get("/anything").await.expect("the server accepted the credential");
    assert_eq!(answer, json!({"ok": true}));
}

/// A header the client sends with every request (an API's version pin): the builder's value,
/// replaced by the user's, and a request's own wins over both (one header, never two).
#[tokio::test]
async fn a_default_header_goes_with_every_request_unless_the_request_has_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(reply(200, json!({"ok": true}))).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .default_header("X-Api-Version", "2024-11-06")
        .default_header("x-api-version", "2025-01-01")
        .max_retries(0)
        .build()
        .expect("client");
    let _: Value = client.get("/pinned").await.expect("answered");
    let options = generated_client::RequestOptions::new().header("X-Api-Version", "2023-01-01");
    let _: Value = client.get("/own").options(options).await.expect("answered");
    let sent: Vec<Vec<String>> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|r| {
            r.headers.get_all("x-api-version").iter().map(|v| v.to_str().unwrap_or_default().to_string()).collect()
        })
        .collect();
    assert_eq!(sent, [vec!["2025-01-01".to_string()], vec!["2023-01-01".to_string()]]);
}

/// Client options (Stainless's `client_settings.opts`) set each half of one basic credential,
/// in either order, the other half kept.
#[tokio::test]
async fn a_basic_credential_is_made_of_its_two_halves() {
    use generated_client::runtime::BasicHalf;
    let server = MockServer::start().await;
    // base64("pk_1:secret")
    Mock::given(header("authorization", "Basic cGtfMTpzZWNyZXQ="))
        .respond_with(reply(200, json!({"ok": true})))
        .expect(2)
        .mount(&server)
        .await;
    let builders = [
        Client::builder().basic_half("basic", BasicHalf::Username, "pk_1").basic_half(
            "basic",
            BasicHalf::Password,
            "secret",
        ),
        Client::builder().basic_half("basic", BasicHalf::Password, "secret").basic_half(
            "basic",
            BasicHalf::Username,
            "pk_1",
        ),
    ];
    for builder in builders {
        let client =
            builder.base_url(server.uri()).default_security(&[&["basic"]]).max_retries(0).build().expect("client");
        let answer: Value = client.get("/anything").await.expect("the server accepted the credential");
        assert_eq!(answer, json!({"ok": true}));
    }
}

/// With strict decoding (by default the client reads such answers leniently, see `bad_servers.rs`).
#[tokio::test]
async fn decode_errors_name_the_failing_field() {
    let server = MockServer::start().await;
    let mut nameless = token_json(TOKEN_ID, "unused");
    nameless.as_object_mut().expect("object").remove("name");
    let mut bad_effect = token_json("0b5e2f3a9c1d4e6f8a7b6c5d4e3f2a1b", "bad");
    bad_effect["policies"][0]["effect"] = json!(5);
    for (id, token) in [(TOKEN_ID, nameless), ("0b5e2f3a9c1d4e6f8a7b6c5d4e3f2a1b", bad_effect)] {
        Mock::given(method("GET"))
            .and(path(format!("/user/tokens/{id}")))
            .respond_with(reply(200, envelope(token)))
            .mount(&server)
            .await;
    }
    let client = builder(&server).max_retries(0).strict_decoding(true).build().expect("client");

    match client.user().tokens().get(TOKEN_ID).await {
        Err(error @ Error::Decode { status: 200, .. }) => {
            let Error::Decode { path, message, .. } = &error else { unreachable!() };
            assert_eq!(path, "result.name", "{error}");
            assert!(message.contains("missing field `name`"), "{error}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    match client.user().tokens().get("0b5e2f3a9c1d4e6f8a7b6c5d4e3f2a1b").await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "result.policies[0].effect"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Pagination

/// Serves `GET /user/tokens?per_page=2` as three pages of five tokens, keyed on `page`.
async fn mount_token_pages(server: &MockServer) {
    let pages: [&[&str]; 3] = [&["t1", "t2"], &["t3", "t4"], &["t5"]];
    for (index, ids) in pages.iter().enumerate() {
        let page = index + 1;
        let mock = Mock::given(method("GET")).and(path("/user/tokens")).and(query_param("per_page", "2"));
        let mock = if page == 1 {
            mock.and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", page.to_string()))
        };
        let items: Vec<Value> = ids.iter().map(|id| token_json(id, &format!("token {id}"))).collect();
        let info = json!({"page": page, "per_page": 2, "count": ids.len(), "total_count": 5, "total_pages": 3});
        mock.respond_with(reply(200, list_envelope(json!(items), info))).mount(server).await;
    }
}

fn ids(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test]
async fn the_stream_walks_every_page_in_order() -> Result<(), Error> {
    let server = MockServer::start().await;
    mount_token_pages(&server).await;
    let client = client(&server);

    let first = client.user().tokens().list(&UserTokensListParams::default().per_page(2.0)).await?;
    let tokens: Vec<Token> = first.into_stream().try_collect().await?;

    assert_eq!(ids(&tokens), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(tokens[4].name, "token t5");
    assert_eq!(received_queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);
    Ok(())
}

#[tokio::test]
async fn next_page_follows_and_stops_after_the_last_page() -> Result<(), Error> {
    let server = MockServer::start().await;
    mount_token_pages(&server).await;
    let client = client(&server);
    let params = UserTokensListParams::default().per_page(2);

    let first = client.user().tokens().list(&params).await?;
    assert!(first.has_next_page());
    let second = first.next_page().await?.expect("a second page");
    assert_eq!(ids(&second.items), ["t3", "t4"]);

    let last = client.user().tokens().list(&params.clone().page(3)).await?;
    assert_eq!(ids(&last.items), ["t5"]);
    assert!(!last.has_next_page());
    assert!(last.next_page().await?.is_none());
    assert_eq!(received_queries(&server).await, ["per_page=2", "per_page=2&page=2", "page=3&per_page=2"]);
    Ok(())
}

// ---------------------------------------------------------------------------
// Responses, credentials, configuration

#[tokio::test]
async fn with_response_variants_return_status_and_headers() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/user/tokens/{TOKEN_ID}")))
        .respond_with(
            reply(200, envelope(token_json(TOKEN_ID, "readonly token")))
                .insert_header("cf-ray", "8a1b2c3d4e5f6789-SJC"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/zones/{ZONE_ID}/access/service_tokens")))
        .respond_with(reply(201, envelope(service_token_json("CI/CD token"))))
        .mount(&server)
        .await;
    let client = client(&server);

    let response = client.user().tokens().get(TOKEN_ID).with_response().await?;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("cf-ray").and_then(|v| v.to_str().ok()), Some("8a1b2c3d4e5f6789-SJC"));
    assert_eq!(response.value().name, "readonly token");
    assert_eq!(response.into_inner().id, TOKEN_ID);

    let body = ZeroTrustAccessServiceTokensCreateBody { name: "CI/CD token".into(), duration: None };
    let created = client.zero_trust().access().service_tokens().create(ZONE_ID, &body).with_response().await?;
    assert_eq!(created.status(), 201);
    Ok(())
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/tokens/a%2Fb%20c%3F"))
        .respond_with(reply(200, envelope(token_json("a/b c?", "odd"))))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(client(&server).user().tokens().get("a/b c?").await?.id, "a/b c?");
    Ok(())
}

#[tokio::test]
async fn without_a_complete_alternative_every_configured_credential_is_sent() -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply(200, envelope(json!([])))).mount(&server).await;
    let base = || Client::builder().base_url(server.uri());

    // Zone operations want email + key; a token alone is still sent (the API then says what is missing).
    base().api_token(TOKEN).build()?.zero_trust().access().service_tokens().list(ZONE_ID).await?;
    // Only part of the email + key pair, for an operation that wants a token: both are sent.
    base().api_email(EMAIL).build()?.user().tokens().permission_groups().list().await?;

    let requests = received(&server).await;
    let present = |index: usize, name: &str| requests[index].headers.contains_key(name);
    assert!(present(0, "authorization") && !present(0, "x-auth-email") && !present(0, "x-auth-key"));
    assert!(present(1, "x-auth-email") && !present(1, "authorization"));
    Ok(())
}

/// Restores the saved variables when dropped, even if the test fails.
struct EnvGuard(Vec<(&'static str, Option<OsString>)>);

impl EnvGuard {
    /// Saves and removes these variables.
    fn clear(names: &[&'static str]) -> EnvGuard {
        let saved = names.iter().map(|name| (*name, std::env::var_os(name))).collect();
        for name in names {
            // SAFETY: `from_env_reads_base_url_and_credentials` is the only test in this
            // binary that touches the environment; the others never read these variables.
            unsafe { std::env::remove_var(name) };
        }
        EnvGuard(saved)
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for (name, value) in &self.0 {
            // SAFETY: as in `EnvGuard::clear`.
            unsafe {
                match value {
                    Some(value) => std::env::set_var(name, value),
                    None => std::env::remove_var(name),
                }
            }
        }
    }
}

/// The only test that touches environment variables: they are process-global.
#[tokio::test]
async fn from_env_reads_base_url_and_credentials() {
    const VARS: [&str; 8] = [
        "CLOUDFLARE_BASE_URL",
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_TOKEN",
        "CLOUDFLARE_API_EMAIL",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_KEY",
        "CLOUDFLARE_USER_SERVICE_KEY",
    ];
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/tokens/verify"))
        .and(header("authorization", "Bearer env-t0ken"))
        .and(header_absent("x-auth-key"))
        .respond_with(reply(200, envelope(verify_json())))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/zones/{ZONE_ID}/access/service_tokens")))
        .and(header("x-auth-email", "env@example.com"))
        .and(header("x-auth-key", "env-k3y"))
        .and(header_absent("authorization"))
        .respond_with(reply(200, envelope(json!([service_token_json("CI/CD token")]))))
        .expect(1)
        .mount(&server)
        .await;

    let _restore = EnvGuard::clear(&VARS);
    for (name, value) in [
        ("CLOUDFLARE_BASE_URL", server.uri().as_str()),
        ("CLOUDFLARE_API_TOKEN", "env-t0ken"),
        ("CLOUDFLARE_EMAIL", "env@example.com"),
        ("CLOUDFLARE_API_KEY", "env-k3y"),
    ] {
        // SAFETY: as in `EnvGuard::clear`.
        unsafe { std::env::set_var(name, value) };
    }
    let client = Client::from_env().expect("credentials and base URL from the environment");
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(client.user().tokens().verify().await.expect("verify").id, TOKEN_ID);
    assert_eq!(client.zero_trust().access().service_tokens().list(ZONE_ID).await.expect("list").len(), 1);

    for name in &VARS[1..] {
        // SAFETY: as in `EnvGuard::clear`; `_restore` puts the original values back.
        unsafe { std::env::remove_var(name) };
    }
    match Client::from_env() {
        Err(error @ Error::Config(_)) => assert!(error.to_string().contains("CLOUDFLARE_API_TOKEN"), "{error}"),
        other => panic!("expected Error::Config without credentials, got {other:?}"),
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output_or_errors() {
    const SECRET_TOKEN: &str = "s3cr3t-t0ken-0123456789";
    const SECRET_KEY: &str = "s3cr3t-k3y-0123456789";
    let server = MockServer::start().await;
    Mock::given(path("/user/tokens/verify")).respond_with(reply(403, failure())).mount(&server).await;
    Mock::given(path("/user/tokens/permission_groups"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Unauthorized"))
        .mount(&server)
        .await;
    Mock::given(path(format!("/user/tokens/{TOKEN_ID}")))
        .respond_with(reply(200, envelope(json!({"id": 1}))))
        .mount(&server)
        .await;
    Mock::given(path(format!("/zones/{ZONE_ID}/access/service_tokens")))
        .respond_with(reply(200, envelope(json!([]))).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;

    let secret_builder = |base_url: String| {
        Client::builder()
            .base_url(base_url)
            .api_token(SECRET_TOKEN)
            .api_email(EMAIL)
            .api_key(SECRET_KEY)
            .max_retries(0)
            .timeout(Duration::from_millis(200))
            .strict_decoding(true)
    };
    let builder = secret_builder(server.uri());
    let client = builder.clone().build().expect("client");
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let unreachable = secret_builder(format!("http://127.0.0.1:{closed_port}")).build().expect("client");

    let errors = [
        client.user().tokens().verify().await.map(drop),
        client.user().tokens().permission_groups().list().await.map(drop),
        client.user().tokens().get(TOKEN_ID).await.map(drop),
        client.zero_trust().access().service_tokens().list(ZONE_ID).await.map(drop),
        unreachable.user().tokens().verify().await.map(drop),
        secret_builder("ftp://example.com".into()).build().map(drop),
    ];
    let mut shown = vec![format!("{builder:?}"), format!("{client:?}")];
    let mut kinds = Vec::new();
    for error in errors.into_iter().map(|result| result.expect_err("every call fails")) {
        kinds.push(match error {
            Error::Api { .. } => "api",
            Error::Decode { .. } => "decode",
            Error::Timeout(_) => "timeout",
            Error::Transport(_) => "transport",
            Error::Config(_) => "config",
            Error::Request(_) => "request",
            Error::Pagination { .. } => "pagination",
            Error::Stream { .. } => "stream",
            Error::Webhook(_) => "webhook",
        });
        shown.extend([error.to_string(), format!("{error:?}")]);
    }
    assert_eq!(kinds, ["api", "api", "decode", "timeout", "transport", "config"]);
    for text in shown {
        assert!(!text.contains(SECRET_TOKEN) && !text.contains(SECRET_KEY), "a secret leaked into: {text}");
    }
}

#[tokio::test]
async fn a_d1_export_is_polled_from_202_to_200() -> Result<(), Error> {
    let server = MockServer::start().await;
    let route = format!("/accounts/{ACCOUNT_ID}/d1/database/{DATABASE_ID}/export");
    let running = envelope(json!({"at_bookmark": "bm-1", "status": "active", "type": "export"}));
    let done = envelope(
        json!({"at_bookmark": "bm-1", "status": "complete", "type": "export", "result": {"filename": "db.sql", "signed_url": "https://example.com/db.sql"}}),
    );
    Mock::given(method("POST"))
        .and(path(&route))
        .respond_with(reply(202, running))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(json!({"output_format": "polling", "current_bookmark": "bm-1"})))
        .respond_with(reply(200, done))
        .mount(&server)
        .await;
    let client = client(&server);
    let database = client.d1().database();
    let mut body = D1DatabaseExportBody {
        output_format: D1DatabaseExportBodyOutputFormat::Polling,
        current_bookmark: None,
        dump_options: None,
    };
    let mut polls = 0;
    let finished = loop {
        polls += 1;
        match database.export(ACCOUNT_ID, DATABASE_ID, &body).await? {
            D1DatabaseExportResponses::Accepted(running) => body.current_bookmark = running.at_bookmark,
            D1DatabaseExportResponses::Ok(finished) => break finished,
        }
    };
    assert_eq!(polls, 2, "one 202, then the 200 for the bookmarked poll");
    assert_eq!(finished.result.and_then(|r| r.signed_url).as_deref(), Some("https://example.com/db.sql"));
    Ok(())
}

#[test]
fn a_client_without_a_base_url_is_refused_at_build_naming_the_fix() {
    // A spec without `servers` has no default: `build()` says so instead of calling `""`.
    let error = Client::builder().base_url("").build().map(drop).expect_err("no base URL");
    assert!(error.to_string().contains("no base URL"), "{error}");
    assert!(error.to_string().contains("ClientBuilder::base_url"), "{error}");
}

#[tokio::test]
async fn an_operation_served_elsewhere_goes_to_its_server_unless_the_user_set_the_base_url() -> Result<(), Error> {
    use generated_client::runtime::{Call, ClientBuilder, Method, Request, Server, decode};
    let main = MockServer::start().await;
    let uploads = MockServer::start().await;
    // Each server must see exactly one upload.
    for server in [&main, &uploads] {
        Mock::given(method("POST"))
            .and(path("/files"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(server)
            .await;
    }
    // What the generator writes for an operation with its own `servers`.
    let upload_server: &'static str = Box::leak(uploads.uri().into_boxed_str());
    let upload =
        || Request::new(Method::POST, "/files".to_string()).server(Server { url: upload_server, variables: &[] });
    // The spec's default server: the operation goes to its own.
    let by_spec = ClientBuilder::new(&main.uri(), "test").build()?;
    Call::new(&by_spec, upload(), decode::empty).await?;
    // The user's base URL (a proxy, a mock) takes every request.
    let overridden = Client::builder().base_url(main.uri()).build()?;
    Call::new(&overridden, upload(), decode::empty).await?;
    Ok(())
}

/// What the generator writes for a server URL with variables: `http://127.0.0.1:{port}/{version}`,
/// its port a variable so that a local server can stand in for a region's host.
fn local_server(port_allowed: &'static [&'static str]) -> generated_client::runtime::Server {
    use generated_client::runtime::{Server, ServerVariable};
    Server {
        url: "http://127.0.0.1:{port}/{version}",
        variables: Box::leak(Box::new([
            ServerVariable { name: "port", default: "1", allowed: port_allowed },
            ServerVariable { name: "version", default: "v1", allowed: &["v1", "v2"] },
        ])),
    }
}

#[tokio::test]
async fn server_variables_set_on_the_builder_choose_the_host_and_are_checked() -> Result<(), Error> {
    use generated_client::runtime::{Call, ClientBuilder, Method, Request, decode};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/ping"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let port = server.address().port().to_string();
    let builder = || ClientBuilder::new("http://127.0.0.1:1/v1", "test").server(local_server(&[]));
    let client = builder().server_variable("port", &port).server_variable("version", "v2").build()?;
    assert_eq!(client.base_url(), format!("http://127.0.0.1:{port}/v2"));
    Call::new(&client, Request::new(Method::GET, "/ping".to_string()), decode::empty).await?;

    // An operation's own server takes the same variables, checked against its own enum.
    let own = |allowed| Request::new(Method::GET, "/ping".to_string()).server(local_server(allowed));
    Call::new(&client, own(&[]), decode::empty).await?;
    let refused = Call::new(&client, own(&["443"]), decode::empty).await.expect_err("port not allowed");
    assert!(matches!(&refused, Error::Config(message) if message.contains("one of 443")), "{refused:?}");

    // A value the spec does not allow is refused at build, naming the allowed ones.
    let error = builder().server_variable("version", "v3").build().expect_err("v3 is not allowed");
    assert!(error.to_string().contains("one of v1, v2"), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_relative_server_is_a_path_added_to_the_users_host() -> Result<(), Error> {
    use generated_client::runtime::{Call, ClientBuilder, Method, Request, decode};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/ping"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    // The spec's server is `/api`: a host is needed, and gets the path.
    let error = ClientBuilder::new("/api", "test").build().expect_err("no host");
    assert!(error.to_string().contains("is a path"), "{error}");
    let client = ClientBuilder::new("/api", "test").base_url(server.uri()).build()?;
    assert_eq!(client.base_url(), format!("{}/api", server.uri()));
    Call::new(&client, Request::new(Method::GET, "/ping".to_string()), decode::empty).await?;
    // A URL with a path is the whole base.
    let client = ClientBuilder::new("/api", "test").base_url(format!("{}/api/", server.uri())).build()?;
    Call::new(&client, Request::new(Method::GET, "/ping".to_string()), decode::empty).await?;
    Ok(())
}
