//! Operations: where each goes in the resource tree, its parameters, the request
//! body, and the success response, with Cloudflare-style
//! `{success, errors, messages, result}` envelopes unwrapped to the `result`
//! the caller actually wants.

use serde_json::Value;

use super::direction::Direction;
use super::flatten::Flat;
use super::pagination::Scheme;
use super::resources::Placement;
use super::{Ctx, Lowerer, docs_of};
use crate::diagnostics::Location;
use crate::model::{
    Docs, ErrorResponse, Field, Framing, Media, NameHint, Operation, OperationId, PageItems, Paging, Param, ParamField,
    ParamIn, Params, PartHeader, QueryStyle, RequestBody, ResponseCase, ResponseShape, Scalar, TypeDef, TypeId,
    TypeKind, TypeRef, Union, Variant, is_stream, media_key,
};
use crate::resolve::{self, Method, SchemaId, Spec};

impl Lowerer<'_> {
    pub(super) fn lower_operations(&mut self) {
        let spec = self.spec;
        let placed = super::resources::place_operations(spec, self.config, self.diags);
        let schemes = super::pagination::schemes(spec, self.config, self.diags);
        let aliases = placed.aliases.into_iter();
        let chosen: Vec<(usize, Placement)> = placed
            .placements
            .into_iter()
            .enumerate()
            .chain(aliases)
            .filter(|(index, placement)| {
                super::select::selected(&self.config.select, &spec.operations[*index], &placement.resource)
            })
            .collect();
        // Headers (nearly) every generated operation repeats belong to the client (an alias counts once).
        let mut indices: Vec<usize> = chosen.iter().map(|(index, _)| *index).collect();
        indices.sort_unstable();
        indices.dedup();
        self.lifted = super::client_headers::lifted(spec, indices.iter().map(|&i| &spec.operations[i]));
        self.model.api.client_headers = self.lifted.settings.clone();
        for scheme in &self.lifted.schemes {
            if spec.security.is_empty() {
                self.model.api.default_security.push(vec![scheme.name.clone()]);
            }
            self.model.api.security_schemes.push(scheme.clone());
        }
        for (index, placement) in chosen {
            let lowered = self.lower_operation(&spec.operations[index], placement, schemes[index].as_ref());
            self.model.operations.push(lowered);
        }
    }

    fn lower_operation(&mut self, op: &resolve::Operation, placement: Placement, scheme: Option<&Scheme>) -> Operation {
        // Inline types of the operation are named after its call (`user tokens delete response`)
        // by `name`, which chooses the method names: here they are hints on this operation.
        let this = OperationId(self.model.operations.len() as u32);
        // Path parameters in the order the path names them; the rest go in a params struct.
        let mut path_params: Vec<&resolve::Parameter> =
            op.parameters.iter().filter(|p| p.place == ParamIn::Path).collect();
        path_params.sort_by_key(|p| op.path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX));
        let params = path_params
            .into_iter()
            .map(|p| Param {
                name: p.name.clone(),
                place: p.place,
                required: true,
                ty: self.lower_param(p, this),
                docs: self.param_docs(p),
            })
            .collect();
        // By place and name: the order a spec lists them in is not part of the API.
        // Less the headers the client sends (a version pin, a credential).
        let mut others: Vec<&resolve::Parameter> =
            op.parameters.iter().filter(|p| p.place != ParamIn::Path && !self.lifted.takes(p)).collect();
        others.sort_by(|a, b| (a.place, &a.name).cmp(&(b.place, &b.name)));
        let params_type = (!others.is_empty()).then(|| self.params_struct(&others, this, op));

        let (body, other_bodies) = match &op.body {
            Some(body) => self.lower_bodies(op, body, this),
            None => (None, Vec::new()),
        };

        let param_examples =
            op.parameters.iter().filter_map(|p| Some((p.name.clone(), self.first_example(p.schema?)?))).collect();
        let response = self.lower_success(op, this);
        let paging = scheme.and_then(|scheme| self.paging(op, this, scheme, &response));
        let stream = self.lower_stream(op, this, &response);
        let redirects = if op.responses.iter().any(|r| r.status.starts_with('2')) {
            Vec::new()
        } else {
            let mut statuses: Vec<u16> =
                op.responses.iter().filter_map(|r| r.status.parse().ok()).filter(|s| (300..400).contains(s)).collect();
            statuses.sort();
            statuses
        };
        let errors = self.lower_errors(op, this);
        Operation {
            location: op.location.clone(),
            operation_id: op.operation_id.clone(),
            method: op.method,
            path: op.path.clone(),
            tags: op.tags.clone(),
            docs: Docs {
                title: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
                ..Docs::default()
            },
            extensions: op.extensions.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            resource: placement.resource,
            action: placement.action,
            mapped: placement.mapped,
            params,
            param_examples,
            params_type,
            body,
            other_bodies,
            response,
            paging,
            stream,
            redirects,
            errors,
            security: self.security(op),
            accept: Self::accept(op),
            server: op.server.clone(),
        }
    }

    /// The first example on `schema` or what its `$ref`s lead to, else on its first union variant that has one.
    fn first_example(&self, schema: SchemaId) -> Option<Value> {
        let first =
            |id| self.spec.ref_chain(id).find_map(|schema| schema.examples.first().map(|(_, example)| example.clone()));
        first(schema).or_else(|| {
            self.spec
                .ref_chain(schema)
                .flat_map(|s| s.one_of.iter().chain(&s.any_of))
                .find_map(|&variant| first(variant))
        })
    }

    /// A parameter's docs: its description, and its schema's format, allowed values and limits.
    fn param_docs(&mut self, p: &resolve::Parameter) -> Docs {
        let schema = p.schema.map(|schema| docs_of(&Flat::of(self.spec, &[schema], self.diags))).unwrap_or_default();
        Docs { title: None, description: p.description.clone(), deprecated: p.deprecated, ..schema }
    }

    fn lower_param(&mut self, p: &resolve::Parameter, operation: OperationId) -> TypeRef {
        let ctx = Ctx::operation(operation, &p.name, Direction::Request);
        match p.schema {
            Some(schema) => self.lower_ids(&[schema], &ctx).wrapped(),
            None => TypeRef::Scalar(Scalar::String),
        }
    }

    /// The struct of an operation's query, header and cookie parameters.
    /// Operations whose parameters are exactly alike (names, types, places,
    /// styles and docs) share one struct, which `name` calls after one of them
    /// and the others' names are aliases of: every struct costs rustc its
    /// derives, setters and `apply`, and most of nexus's 64 were copies of 14.
    fn params_struct(
        &mut self,
        params: &[&resolve::Parameter],
        operation: OperationId,
        op: &resolve::Operation,
    ) -> TypeId {
        let mut fields = Vec::with_capacity(params.len());
        for p in params {
            let ty = self.lower_param(p, operation);
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                other => (other, false),
            };
            let field = Field {
                name: p.name.clone(),
                ty,
                required: p.required,
                nullable,
                boxed: false,
                docs: self.param_docs(p),
            };
            fields.push(ParamField { field, place: p.place, style: QueryStyle::of(p.style.as_deref(), p.explode) });
        }
        let kind = TypeKind::Params(Params { fields });
        let shape = self.same_shape(&kind);
        let hint = NameHint { operation: Some(operation), parts: vec!["params".to_string()], from_component: false };
        self.intern(kind, shape, hint, |kind, hint| TypeDef {
            hints: vec![hint],
            docs: Docs { description: Some("Query, header and cookie parameters.".to_string()), ..Docs::default() },
            location: op.location.clone(),
            kind,
        })
    }

    /// The body in each kind of media the spec offers it in, the richest first
    /// ([`Media::richness`]): the method's, then one per second method. The first media type
    /// of a kind stands for the kind; the rest are sent by its method with their `Content-Type`.
    fn lower_bodies(
        &mut self,
        op: &resolve::Operation,
        body: &resolve::Body,
        this: OperationId,
    ) -> (Option<RequestBody>, Vec<RequestBody>) {
        struct Kind<'b> {
            media: Media,
            media_type: &'b String,
            schema: Option<SchemaId>,
            same_kind: Vec<String>,
        }
        let mut kinds: Vec<Kind> = Vec::new();
        for (media_type, &schema) in &body.content {
            let media = Media::of(media_type);
            match kinds.iter_mut().find(|kind| kind.media == media) {
                Some(kind) => {
                    if schema != kind.schema {
                        let at = body.location.child("content").child(media_type);
                        self.diags.warn(&at, format!("this media type's schema differs from `{}`'s, whose body type the method sends it with (set `Content-Type` to send it)", kind.media_type));
                    }
                    kind.same_kind.push(media_type.clone());
                }
                None => kinds.push(Kind { media, media_type, schema, same_kind: Vec::new() }),
            }
        }
        let uploads = &self.sensitive.uploads;
        kinds.sort_by_key(|kind| kind.media.richness(kind.schema.is_some_and(|id| uploads[id.0 as usize])));
        let mut bodies = Vec::new();
        for kind in kinds {
            // The method's body keeps the operation's own type names; a second method's says its media.
            let first = bodies.is_empty();
            let ctx = |direction| match first {
                true => Ctx::operation(this, "body", direction),
                false => Ctx::operation(this, kind.media.word(), direction).child("body"),
            };
            let (media, media_type) = (kind.media, kind.media_type.clone());
            let lowered = match kind.schema {
                // A media type without a schema (`application/json: {}`) describes no body worth
                // sending, unless the body is required: then a JSON one is `{}`, which the
                // caller may add fields to (`RequestOptions::body_field`).
                None if body.required && media == Media::Json => {
                    self.diags.warn(&body.location, format!("required request body `{media_type}` has no schema; the method sends `{{}}` (add fields with `RequestOptions::body_field`)"));
                    let ty = TypeRef::Map(Box::new(TypeRef::Any));
                    Some(RequestBody {
                        media_type,
                        media,
                        ty,
                        required: true,
                        empty_object: true,
                        example: None,
                        same_kind: kind.same_kind,
                        part_types: Vec::new(),
                        part_headers: Vec::new(),
                        form_styles: Vec::new(),
                        numbered_parts: Vec::new(),
                    })
                }
                None => {
                    self.diags.warn(
                        &body.location,
                        format!("request body `{media_type}` has no schema; the method sends no body"),
                    );
                    None
                }
                Some(schema) => {
                    let ty = match media {
                        Media::Json | Media::Form => self.lower_ids(&[schema], &ctx(Direction::Request)).wrapped(),
                        Media::Multipart => self.lower_ids(&[schema], &ctx(Direction::Upload)).wrapped(),
                        Media::Text => TypeRef::Scalar(Scalar::String),
                        Media::Binary => TypeRef::Any,
                    };
                    let empty_object =
                        ty == TypeRef::Map(Box::new(TypeRef::Any)) && is_bare_object(self.spec, schema, self.diags);
                    let encoding = body.encoding.get(&media_type).map(Vec::as_slice).unwrap_or_default();
                    let (part_headers, form_styles) = self.part_encoding(body, &media_type, media, encoding);
                    let numbered_parts = match media {
                        Media::Multipart => {
                            let flat = Flat::of(self.spec, &[schema], self.diags);
                            super::direction::numbered_files(self.spec, &flat, self.diags)
                        }
                        _ => Vec::new(),
                    };
                    // A body on a method whose semantics give it none: what can carry nothing is not
                    // sent, unless the spec requires it (`{}` then); one with properties is, as the spec
                    // says, but servers and proxies may drop it.
                    let bodiless = matches!(op.method, Method::Get | Method::Head | Method::Delete);
                    if bodiless && !empty_object && first {
                        self.diags.warn(&body.location, format!("a `{}` request with a body, which servers and proxies may ignore or refuse; the method sends it as the spec says", op.method.as_str().to_uppercase()));
                    }
                    (!(bodiless && empty_object && !body.required)).then(|| RequestBody {
                        example: body.examples.get(&media_type).cloned(),
                        part_types: encoding
                            .iter()
                            .filter_map(|e| Some((e.property.clone(), e.content_type.clone()?)))
                            .collect(),
                        part_headers,
                        form_styles,
                        numbered_parts,
                        media_type,
                        media,
                        ty,
                        required: body.required,
                        empty_object,
                        same_kind: kind.same_kind,
                    })
                }
            };
            bodies.extend(lowered);
        }
        let mut bodies = bodies.into_iter();
        (bodies.next(), bodies.collect())
    }

    /// A body's `encoding` the method honours: a multipart part's headers (those the spec fixes a
    /// value of) and a form property's style. What it cannot honour is warned about.
    fn part_encoding(
        &mut self,
        body: &resolve::Body,
        media_type: &str,
        media: Media,
        encoding: &[resolve::PartEncoding],
    ) -> (Vec<PartHeader>, Vec<(String, QueryStyle)>) {
        let (mut headers, mut styles) = (Vec::new(), Vec::new());
        for part in encoding {
            let at = || body.location.child("content").child(media_type).child("encoding").child(&part.property);
            for (name, value) in &part.headers {
                match (media, value) {
                    // The part's own `Content-Type` is `contentType`'s (OpenAPI ignores it here).
                    (_, _) if name.eq_ignore_ascii_case("content-type") => {}
                    (Media::Multipart, Some(value)) => headers.push(PartHeader {
                        part: part.property.clone(),
                        name: name.clone(),
                        value: value.clone(),
                    }),
                    (Media::Multipart, None) => self.diags.warn(
                        &at().child("headers").child(name),
                        "a part header without a value the spec fixes (`default`, `const`, one `enum` value); not sent",
                    ),
                    _ => {}
                }
            }
            if media == Media::Form && (part.style.is_some() || part.explode.is_some()) {
                styles.push((part.property.clone(), QueryStyle::of(part.style.as_deref(), part.explode)));
            }
        }
        (headers, styles)
    }

    /// The operation's security: its own, else the spec's, with the credential headers it
    /// carries (now schemes of their own) required in each alternative.
    fn security(&self, op: &resolve::Operation) -> Vec<Vec<String>> {
        let mut security = op.security.clone().unwrap_or_else(|| self.spec.security.clone());
        let carried = self.lifted.schemes_of(op);
        match security.is_empty() {
            _ if carried.is_empty() => {}
            true => security.push(carried),
            false => security.iter_mut().for_each(|alternative| alternative.extend(carried.iter().cloned())),
        }
        security
    }

    /// The 2xx responses (else `default`), envelopes unwrapped: one shape when
    /// they all decode alike, else an enum of them.
    fn lower_success(&mut self, op: &resolve::Operation, operation: OperationId) -> ResponseShape {
        let mut successes = op.successes();
        if successes.is_empty() {
            successes.extend(op.responses.iter().find(|r| r.status == "default"));
        }
        let mut cases: Vec<ResponseCase> = Vec::new();
        for response in successes {
            let media: Vec<(Option<&String>, Option<SchemaId>)> = if response.content.is_empty() {
                vec![(None, None)]
            } else {
                decoded_media(response).into_iter().map(|(m, s)| (Some(m), s)).collect()
            };
            for (media_type, schema) in media {
                let key = media_type.map(|m| media_key(m));
                let same = |case: &ResponseCase| {
                    case.status == response.status && case.media_type.as_deref().map(media_key) == key
                };
                if let Some(earlier) = cases.iter().find(|case| same(case)) {
                    let earlier = earlier.media_type.as_deref().unwrap_or_default();
                    let at = response.location.child("content").child(media_type.map_or("", String::as_str));
                    self.diags.warn(&at, format!("a client cannot tell this media type from `{earlier}` of the same status (they differ only in `charset` or parameter order); the response is decoded as that one"));
                    continue;
                }
                let media_type = media_type.cloned();
                let word = if cases.is_empty() { None } else { Some(response.status.to_ascii_lowercase()) };
                let shape =
                    self.lower_response(&response.status, media_type.as_deref(), schema, operation, word.as_deref());
                cases.push(ResponseCase {
                    status: response.status.clone(),
                    media_type,
                    shape,
                    description: response.description.clone(),
                });
            }
        }
        let Some(first) = cases.first() else { return ResponseShape::Empty };
        if cases.iter().all(|case| same_decoding(&case.shape, &first.shape)) {
            return first.shape.clone();
        }
        // JSON last within a status, and a bare JSON type after those with parameters: it is the
        // fallback when the media type says nothing.
        cases.sort_by_key(|case| {
            let json = case.media_type.as_deref().filter(|m| Media::of(m) == Media::Json);
            (
                case.status.contains(['X', 'x']),
                case.status.clone(),
                json.is_some(),
                json.is_some_and(|m| !media_key(m).contains(';')),
            )
        });
        let type_id = TypeId(self.model.types.len() as u32);
        self.model.types.push(TypeDef {
            hints: vec![NameHint {
                operation: Some(operation),
                parts: vec!["responses".to_string()],
                from_component: false,
            }],
            docs: Docs {
                description: Some(format!("The responses of `{}`.", op.method.endpoint(&op.path))),
                ..Docs::default()
            },
            location: op.location.clone(),
            kind: TypeKind::Responses(cases),
        });
        ResponseShape::Alternatives(type_id)
    }

    /// The `Accept` header of an operation (see [`Operation::accept`]).
    fn accept(op: &resolve::Operation) -> Option<String> {
        let successes = || op.responses.iter().filter(|r| r.status.starts_with('2'));
        let mut offered: Vec<String> = successes().flat_map(|r| r.content.keys().map(|m| media_key(m))).collect();
        offered.sort();
        offered.dedup();
        match offered.as_slice() {
            [] => return None,
            [only] if !only.contains(';') => return None,
            _ => {}
        }
        let mut decoded: Vec<&String> = Vec::new();
        for (media_type, _) in successes().flat_map(decoded_media) {
            if !decoded.iter().any(|m| media_key(m) == media_key(media_type)) {
                decoded.push(media_type);
            }
        }
        // Plain JSON first, then JSON with parameters (`stream=watch`) or a suffix, then the rest.
        let rank = |m: &str| match Media::of(m) {
            Media::Json if m.starts_with("*/*") => 2,
            Media::Json if media_key(m) == "application/json" => 0,
            Media::Json => 1,
            _ => 2,
        };
        decoded.sort_by_key(|m| rank(m));
        let values = decoded.iter().enumerate().map(|(i, m)| if i == 0 { m.to_string() } else { format!("{m};q=0.5") });
        Some(values.collect::<Vec<_>>().join(", "))
    }

    /// One response's body, with its envelope unwrapped: the `response` of the
    /// operation, whether enveloped or not. `word` tells apart the inline types
    /// of an operation's later responses (`201 response`).
    fn lower_response(
        &mut self,
        status: &str,
        media_type: Option<&str>,
        schema: Option<SchemaId>,
        operation: OperationId,
        word: Option<&str>,
    ) -> ResponseShape {
        let status = status.to_string();
        let Some(media_type) = media_type else { return ResponseShape::Empty };
        let media = Media::of(media_type);
        let schema = match (media, schema) {
            (Media::Text, _) => {
                return ResponseShape::Plain { status, media: Media::Text, ty: TypeRef::Scalar(Scalar::String) };
            }
            (Media::Binary | Media::Form | Media::Multipart, _) => {
                return ResponseShape::Plain { status, media: Media::Binary, ty: TypeRef::Any };
            }
            (Media::Json, None) => return ResponseShape::Plain { status, media, ty: TypeRef::Any },
            (Media::Json, Some(schema)) => schema,
        };
        let ctx = match word {
            Some(word) => Ctx::operation(operation, word, Direction::Response).child("response"),
            None => Ctx::operation(operation, "response", Direction::Response),
        };
        let flat = Flat::of(self.spec, &[schema], self.diags);
        if let Some(envelope) = Envelope::recognise(&flat) {
            let result = self.lower_ids(&envelope.result, &ctx);
            let result_info = envelope
                .result_info
                .map(|ids| self.lower_ids(&ids, &Ctx::new(vec!["result_info".into()], Direction::Response)).wrapped());
            return ResponseShape::Envelope {
                status,
                result: result.ty,
                result_nullable: result.nullable,
                result_info,
            };
        }
        let ty = self.lower_ids(&[schema], &ctx).wrapped();
        ResponseShape::Plain { status, media, ty }
    }

    /// The operation's pagination with its item type, found along the scheme's items path in the
    /// lowered response; a declared scheme that leads nowhere gets a warning and no pages.
    fn paging(
        &mut self,
        op: &resolve::Operation,
        this: OperationId,
        scheme: &Scheme,
        response: &ResponseShape,
    ) -> Option<Paging> {
        // A list beside bodiless answers (`204`) is paged by that list: those are pages with no
        // items. Lists told apart by media type page the union of their items.
        let bodies: Vec<&ResponseShape> = match response {
            ResponseShape::Alternatives(id) => match &self.model.types[id.0 as usize].kind {
                TypeKind::Responses(cases) => {
                    cases.iter().map(|case| &case.shape).filter(|shape| **shape != ResponseShape::Empty).collect()
                }
                _ => Vec::new(),
            },
            other => vec![other],
        };
        let item = match (&scheme.items, bodies.as_slice()) {
            (PageItems::Envelope, [ResponseShape::Envelope { result, .. }]) => list_item(result),
            (PageItems::At(path), [_, ..]) => {
                let mut items: Vec<(TypeRef, String)> = Vec::new();
                for body in bodies.clone() {
                    let ResponseShape::Plain { media: Media::Json, ty, .. } = body else {
                        return self.not_paged(op, scheme);
                    };
                    let Some(found) = self.items_in(ty, path) else { return self.not_paged(op, scheme) };
                    for (item, hint) in found {
                        if !items.iter().any(|(known, _)| *known == item) {
                            items.push((item, hint));
                        }
                    }
                }
                match items.len() {
                    0 => None,
                    1 => items.pop().map(|(item, _)| item),
                    _ => Some(self.union_of_items(items, this, &op.location)),
                }
            }
            _ => None,
        };
        let Some(item) = item else { return self.not_paged(op, scheme) };
        Some(Paging {
            items: scheme.items.clone(),
            next: scheme.next.clone(),
            keep_only: scheme.keep_only.clone(),
            item,
            source: scheme.source.clone(),
        })
    }

    /// No page for a scheme whose items are not a list of the response; a declared or configured
    /// one says so.
    fn not_paged(&mut self, op: &resolve::Operation, scheme: &Scheme) -> Option<Paging> {
        if !scheme.source.starts_with("inferred") {
            self.diags.warn(
                &op.location,
                format!(
                    "the `{}` pagination's items are not a list of the response; the operation is not paged",
                    scheme.source
                ),
            );
        }
        None
    }

    /// The item types of the list at `path` in `ty`, each with a variant hint: one, or one per
    /// list of a body that is one of several (`anyOf: [User[], Stargazer[]]`).
    fn items_in(&self, ty: &TypeRef, path: &[String]) -> Option<Vec<(TypeRef, String)>> {
        let hint_of = |item: &TypeRef, fallback: &str| {
            item.named_type()
                .and_then(|id| self.model.types[id.0 as usize].hints.first())
                .filter(|hint| hint.from_component)
                .map_or_else(|| fallback.to_string(), |hint| hint.parts.join(" "))
        };
        if let Some(item) = self.item_at(ty, path) {
            let hint = hint_of(&item, "item");
            return Some(vec![(item, hint)]);
        }
        let TypeRef::Named(id) = ty else { return None };
        let TypeKind::Union(union) = &self.model.types.get(id.0 as usize)?.kind else { return None };
        if !path.is_empty() || union.tag.is_some() {
            return None;
        }
        union
            .variants
            .iter()
            .map(|variant| {
                let item = list_item(&variant.ty)?;
                let hint = hint_of(&item, &variant.hint);
                Some((item, hint))
            })
            .collect()
    }

    /// A union of the item types, for a list that comes in several shapes: each item decodes as
    /// the first variant it fits.
    fn union_of_items(&mut self, items: Vec<(TypeRef, String)>, operation: OperationId, at: &Location) -> TypeRef {
        let variants = items
            .into_iter()
            .map(|(ty, hint)| Variant { hint, ty, tag_value: None, boxed: false, docs: Docs::default() })
            .collect();
        let item = TypeId(self.model.types.len() as u32);
        self.model.types.push(TypeDef {
            hints: vec![NameHint {
                operation: Some(operation),
                parts: vec!["item".to_string()],
                from_component: false,
            }],
            docs: Docs {
                description: Some("One item of the list, in one of the shapes it comes in.".into()),
                ..Docs::default()
            },
            location: at.clone(),
            kind: TypeKind::Union(Union { variants, tag: None, required: Vec::new() }),
        });
        TypeRef::Named(item)
    }

    /// The item type of the list at `path` in `ty` (through structs' fields and aliases).
    fn item_at(&self, ty: &TypeRef, path: &[String]) -> Option<TypeRef> {
        let Some((first, rest)) = path.split_first() else { return list_item(ty) };
        let TypeRef::Named(id) = ty else { return None };
        match &self.model.types.get(id.0 as usize)?.kind {
            TypeKind::Alias(inner) => self.item_at(inner, path),
            TypeKind::Struct(fields) => {
                let field = fields.fields.iter().find(|f| f.name == *first)?;
                self.item_at(&field.ty, rest)
            }
            _ => None,
        }
    }

    /// Error responses whose JSON body has a schema of its own; envelopes are
    /// left out, their `errors[]` already reach the caller.
    fn lower_errors(&mut self, op: &resolve::Operation, operation: OperationId) -> Vec<ErrorResponse> {
        let has_success = op.responses.iter().any(|r| r.status.starts_with('2'));
        let mut out = Vec::new();
        // Exact statuses, then ranges (`4XX`), then `default`, whatever order the spec lists them in.
        let mut responses: Vec<&resolve::Response> = op.responses.iter().collect();
        responses.sort_by_key(|r| (r.status == "default", r.status.contains(['X', 'x']), r.status.clone()));
        for response in responses {
            if response.status.starts_with('2') || (response.status == "default" && !has_success) {
                continue;
            }
            let Some(schema) = response.content.iter().find(|(m, _)| Media::of(m) == Media::Json).and_then(|(_, s)| *s)
            else {
                continue;
            };
            if is_envelope(self.spec, schema, self.diags) {
                continue;
            }
            let ty = self.lower_ids(&[schema], &Ctx::operation(operation, "error", Direction::Response)).wrapped();
            out.push(ErrorResponse { status: response.status.clone(), ty });
        }
        out
    }
}

/// The item type of a list (a nullable list too: a `null` page has no items).
fn list_item(ty: &TypeRef) -> Option<TypeRef> {
    match ty {
        TypeRef::List(item) => Some(item.as_ref().clone()),
        TypeRef::Nullable(inner) => list_item(inner),
        _ => None,
    }
}

/// Whether two responses decode to the same value (status codes and media types aside).
fn same_decoding(a: &ResponseShape, b: &ResponseShape) -> bool {
    match (a, b) {
        (ResponseShape::Empty, ResponseShape::Empty) => true,
        (ResponseShape::Plain { media: ma, ty: ta, .. }, ResponseShape::Plain { media: mb, ty: tb, .. }) => {
            ma == mb && ta == tb
        }
        (
            ResponseShape::Envelope { result: ra, result_nullable: na, result_info: ia, .. },
            ResponseShape::Envelope { result: rb, result_nullable: nb, result_info: ib, .. },
        ) => ra == rb && na == nb && ia == ib,
        _ => false,
    }
}

/// `{type: object}` and nothing else: a body with no fields to set (Cloudflare's token roll).
/// The media types a success response is decoded from: a schema offered as JSON and in other
/// formats too (YAML, protobuf, HCL) is read as JSON; the other formats stay reachable through
/// the raw response. A stream of values (`stream=watch`) is a format of the JSON stream only,
/// not of the one JSON value; server-sent events and JSON Lines are the operation's stream
/// (`lower_stream`), not a response of its method.
fn decoded_media(response: &resolve::Response) -> Vec<(&String, Option<SchemaId>)> {
    let json: Vec<(SchemaId, bool)> = response
        .content
        .iter()
        .filter(|(m, _)| Media::of(m) == Media::Json)
        .filter_map(|(m, schema)| Some(((*schema)?, is_stream(m))))
        .collect();
    let read_as_json = |m: &str, schema: Option<SchemaId>| {
        Media::of(m) != Media::Json && schema.is_some_and(|s| json.contains(&(s, is_stream(m))))
    };
    response
        .content
        .iter()
        .filter(|(m, schema)| !read_as_json(m, **schema) && Framing::of(m).is_none())
        .map(|(m, schema)| (m, *schema))
        .collect()
}

fn is_bare_object(spec: &Spec, schema: SchemaId, diags: &mut crate::diagnostics::Diagnostics) -> bool {
    let flat = Flat::of(spec, &[schema], diags);
    flat.properties.is_empty() && flat.additional == crate::resolve::Additional::Unspecified && flat.unions.is_empty()
}

pub(super) fn is_envelope(spec: &Spec, id: SchemaId, diags: &mut crate::diagnostics::Diagnostics) -> bool {
    Envelope::recognise(&Flat::of(spec, &[id], diags)).is_some()
}

/// The parts of a `{success, errors, messages, result}` response envelope.
struct Envelope {
    result: Vec<SchemaId>,
    result_info: Option<Vec<SchemaId>>,
}

impl Envelope {
    fn recognise(flat: &Flat) -> Option<Envelope> {
        let has = |name: &str| flat.properties.contains_key(name);
        if !(has("success") && has("errors") && has("result")) {
            return None;
        }
        Some(Envelope {
            result: flat.properties["result"].clone(),
            result_info: flat.properties.get("result_info").cloned(),
        })
    }
}

/// JSON first (`application/json` or any `+json`), else the first listed.
#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn operations_with_the_same_parameters_share_one_struct() {
        let page =
            |docs: &str| json!([{"name": "page", "in": "query", "schema": {"type": "integer"}, "description": docs}]);
        let list =
            |docs: &str| json!({"get": {"parameters": page(docs), "responses": {"204": {"description": "done"}}}});
        let spec = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/apples": list("Page."), "/pears": list("Page."), "/plums": list("The plum page.")}
        });
        let generated = crate::generate_from_value("t.json", spec, std::path::Path::new("."), &Default::default())
            .expect("generates");
        let types = &generated.files["types.rs"];
        assert_eq!(types.matches("model::params!").count(), 2, "{types}");
        assert!(types.contains("pub type PearsListParams = ApplesListParams;"), "{types}");
        assert!(types.contains("pub struct PlumsListParams"), "{types}");
    }
}
