//! The handlers of `/api/*`: parse and check parameters, run the store work on the read
//! pool, answer JSON (or CSV, GeoJSON, JSON Lines for exports).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::ApiError;
use crate::export;
use crate::params::{Params, DEFAULT_PAGE, MAX_EXPORT, MAX_PAGE};
use crate::query;
use crate::views::{DocumentView, EventDetail};
use crate::AppState;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn pairs(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "query string: expected name=value pairs, found {}",
                e.body_text()
            ),
        )
    })
}

fn json_response(status: StatusCode, body: impl IntoResponse) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// `GET /api/events`
pub async fn events(State(state): State<Arc<AppState>>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let params = Params::new(&pairs, true, &["limit", "offset"])?;
    let sel = params.selection()?;
    let limit = params.limit(DEFAULT_PAGE, MAX_PAGE)?;
    let offset = params.offset()?;
    let key = cache_key("events", pairs);
    cached(&state, key, move |store| {
        let page = query::brief_page(store, &sel, limit, offset)?;
        event_list_json(&page, offset, limit).map_err(|e| ApiError::internal("events", &e))
    })
    .await
}

/// The JSON of [`EventList`] for a page of summaries, each event's object copied as the
/// store keeps it (the fields of [`crate::views::Brief`]) rather than parsed and written
/// again: a quarter of a page's work before.
fn event_list_json(
    page: &query::Page<eventwatch_store::EventBrief>,
    offset: u32,
    limit: u32,
) -> Result<String, serde_json::Error> {
    use std::fmt::Write as _;
    let size: usize = page.events.iter().map(|b| b.json.len() + 64).sum();
    let mut out = String::with_capacity(size + 80);
    out.push_str("{\"events\":[");
    for (i, brief) in page.events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{},\"doc_id\":{},\"event_index\":{},\"event\":{}}}",
            brief.id,
            serde_json::to_string(&brief.doc_id)?,
            brief.ordinal,
            brief.json
        );
    }
    let _ = write!(
        out,
        "],\"offset\":{offset},\"limit\":{limit},\"next_offset\":{}}}",
        serde_json::to_string(&page.next_offset)?
    );
    Ok(out)
}

/// The cache key of a request: its route and its parameters in a canonical order.
fn cache_key(route: &str, mut pairs: Vec<(String, String)>) -> String {
    pairs.sort();
    format!(
        "{route}?{}",
        serde_json::to_string(&pairs).unwrap_or_default()
    )
}

/// Answers from the cache if the store is unchanged since the answer was computed, else
/// runs `compute` on the read pool and caches its JSON. Cache hits take no connection, and
/// identical requests that miss together share one computation.
async fn cached<F>(state: &Arc<AppState>, key: String, compute: F) -> Result<Response, ApiError>
where
    F: FnOnce(&eventwatch_store::Store) -> Result<String, ApiError> + Send + 'static,
{
    let run = |compute: F| async move {
        state
            .pool
            .run(move |store| compute(store).map(Bytes::from))
            .await
    };
    let Some(generation) = state.cache.generation() else {
        return Ok(json_response(StatusCode::OK, run(compute).await?));
    };
    if let Some(body) = state.cache.get(&key, &generation) {
        return Ok(json_response(StatusCode::OK, body));
    }
    let flight = state.cache.flight(&key, &generation);
    let mut computed_here = false;
    let answer = flight
        .get_or_init(|| {
            computed_here = true;
            run(compute)
        })
        .await
        .clone();
    if computed_here {
        if let Ok(body) = &answer {
            state.cache.put(key.clone(), generation, body.clone());
        }
        state.cache.landed(&key, &flight);
    }
    Ok(json_response(StatusCode::OK, answer?))
}

fn event_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::parameter("id", "a positive whole number (an event's store id)", raw)
    })
}

/// `GET /api/events/{id}`
pub async fn event(
    State(state): State<Arc<AppState>>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = event_id(&raw)?;
    state
        .pool
        .run(move |store| {
            let Some(e) = store.event(id)? else {
                return Err(ApiError::not_found(format!("event {id}: no such event")));
            };
            let doc = store.document(&e.doc_id)?;
            let json = serde_json::to_string(&EventDetail::of(&e, doc.as_ref()))
                .map_err(|err| ApiError::internal("event", &err))?;
            Ok(json_response(StatusCode::OK, json))
        })
        .await
}

/// `GET /api/documents/{id}`
pub async fn document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    state
        .pool
        .run(move |store| {
            let Some(doc) = store.document(&id)? else {
                return Err(ApiError::not_found(format!(
                    "document {id:?}: no such document"
                )));
            };
            let json = serde_json::to_string(&DocumentView::of(&doc))
                .map_err(|e| ApiError::internal("document", &e))?;
            Ok(json_response(StatusCode::OK, json))
        })
        .await
}

/// `GET /api/stats` (cached: the fatality sum reads every event row).
pub async fn stats(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    cached(&state, "stats".to_string(), |store| {
        let s = store.stats()?;
        Ok(serde_json::json!({
            "documents": s.documents,
            "events": s.events,
            "fatalities": s.fatalities,
            "schema_version": eventwatch_schema::SCHEMA_VERSION,
        })
        .to_string())
    })
    .await
}

/// `GET /api/count`
pub async fn count(State(state): State<Arc<AppState>>, q: Pairs) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let params = Params::new(&pairs, true, &[])?;
    let sel = params.selection()?;
    let key = cache_key("count", pairs);
    cached(&state, key, move |store| {
        let events = query::count(store, &sel)?;
        Ok(serde_json::json!({ "events": events }).to_string())
    })
    .await
}

/// `GET /api/aggregates?by=day|admin1|type`
pub async fn aggregates(
    State(state): State<Arc<AppState>>,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = pairs(q)?;
    let params = Params::new(&pairs, true, &["by"])?;
    let by = match params.get("by") {
        None => Err(ApiError::parameter_described(
            "by",
            "day, admin1 or type",
            "nothing",
        )),
        Some(v) => query::parse_group_by(v)
            .ok_or_else(|| ApiError::parameter("by", "day, admin1 or type", v)),
    }?;
    let sel = params.selection()?;
    let key = cache_key("aggregates", pairs);
    cached(&state, key, move |store| {
        let agg = query::aggregate(store, &sel, by)?;
        let json = serde_json::json!({
            "by": query::group_by_name(by),
            "buckets": agg.buckets,
            "unkeyed": { "events": agg.unkeyed.events, "fatalities": agg.unkeyed.fatalities },
        });
        Ok(json.to_string())
    })
    .await
}

/// The formats of `/api/export.*`.
#[derive(Clone, Copy, Debug)]
pub enum ExportFormat {
    Csv,
    GeoJson,
    Jsonl,
    /// Only with the `parquet` feature; without it the route answers 501.
    Parquet,
}

async fn export(
    state: Arc<AppState>,
    q: Pairs,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    if matches!(format, ExportFormat::Parquet) && !export::PARQUET {
        return Err(export::parquet_unavailable());
    }
    let pairs = pairs(q)?;
    let params = Params::new(&pairs, true, &["limit"])?;
    let sel = params.selection()?;
    let limit = params.limit(MAX_EXPORT, MAX_EXPORT)?;
    state
        .pool
        .run(move |store| {
            let (events, truncated) = query::all(store, &sel, limit)?;
            let (body, content_type, name): (Vec<u8>, _, _) = match format {
                ExportFormat::Csv => (
                    export::csv(&events).into(),
                    "text/csv; charset=utf-8",
                    "events.csv",
                ),
                ExportFormat::GeoJson => (
                    export::geojson(&events).into(),
                    "application/geo+json",
                    "events.geojson",
                ),
                ExportFormat::Jsonl => (
                    export::jsonl(&events).into(),
                    "application/x-ndjson",
                    "events.jsonl",
                ),
                ExportFormat::Parquet => (
                    export::parquet(&events)?,
                    "application/vnd.apache.parquet",
                    "events.parquet",
                ),
            };
            let disposition = format!("attachment; filename=\"{name}\"");
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            headers.insert(
                "x-eventwatch-truncated",
                HeaderValue::from_static(if truncated { "true" } else { "false" }),
            );
            Ok(response)
        })
        .await
}

/// `GET /api/export.csv`
pub async fn export_csv(State(s): State<Arc<AppState>>, q: Pairs) -> Result<Response, ApiError> {
    export(s, q, ExportFormat::Csv).await
}

/// `GET /api/export.geojson`
pub async fn export_geojson(
    State(s): State<Arc<AppState>>,
    q: Pairs,
) -> Result<Response, ApiError> {
    export(s, q, ExportFormat::GeoJson).await
}

/// `GET /api/export.jsonl`
pub async fn export_jsonl(State(s): State<Arc<AppState>>, q: Pairs) -> Result<Response, ApiError> {
    export(s, q, ExportFormat::Jsonl).await
}

/// `GET /api/export.parquet`
pub async fn export_parquet(
    State(s): State<Arc<AppState>>,
    q: Pairs,
) -> Result<Response, ApiError> {
    export(s, q, ExportFormat::Parquet).await
}

/// Compares without an early exit, so the time taken does not tell how much matched.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        let y = b.get(i % b.len().max(1)).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Refuses a write without the server's bearer token.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: start the server with --token or EVENTWATCH_TOKEN to allow them",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if same_secret(given.trim().as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "header \"authorization\": expected the server's bearer token, found another token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "header \"authorization\": expected \"Bearer <token>\", found nothing",
        )),
    }
}

/// `POST /api/documents`: JSON Lines (`application/x-ndjson`), or one JSON object or an
/// array of objects (`application/json`), in the ingest format.
pub async fn post_documents(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    authorize(&state, &headers)?;
    let body = body.map_err(|e| {
        let status = e.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "body: expected at most {} bytes, found more",
                crate::MAX_BODY_BYTES
            )
        } else {
            format!(
                "body: expected readable bytes, found an error ({})",
                e.body_text()
            )
        };
        ApiError::new(status, message)
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let lines: Vec<u8> = match content_type.as_str() {
        "application/x-ndjson" | "application/jsonl" | "application/json-lines" => body.to_vec(),
        "application/json" => json_to_lines(&body)?,
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "header \"content-type\": expected application/x-ndjson or application/json, found {other:?}"
                ),
            ))
        }
    };
    let Some(writer) = state.writer.clone() else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "writes are disabled"));
    };
    let report = tokio::task::spawn_blocking(move || writer.ingest(&lines))
        .await
        .map_err(|e| ApiError::internal("ingest task", &e));
    state.cache.wrote();
    let report = report??;
    Ok((StatusCode::OK, Json(report)).into_response())
}

/// One JSON object or an array of objects, as JSON Lines.
fn json_to_lines(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "body: expected a JSON object or an array of objects, found invalid JSON ({e})"
            ),
        )
    })?;
    let records = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    let mut out = Vec::new();
    for r in records {
        out.extend_from_slice(r.to_string().as_bytes());
        out.push(b'\n');
    }
    Ok(out)
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        crate::OPENAPI,
    )
        .into_response()
}

/// Any other `/api/...` path.
pub async fn not_found() -> ApiError {
    ApiError::not_found("path: expected an API route listed in /api/openapi.json, found another")
}

/// A known path with another method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method: expected one listed for this path in /api/openapi.json, found another",
    )
}

#[cfg(test)]
mod tests {
    use eventwatch_schema::{Actor, DatePrecision, Event, Evidence, Location, PlacePrecision};
    use eventwatch_store::{EventFilter, NewDocument, Order, Store};
    use serde::Serialize;

    use super::event_list_json;
    use crate::params::Selection;
    use crate::query;
    use crate::views::EventView;

    /// The answer of `GET /api/events` (written by [`event_list_json`]; tests check the two
    /// agree).
    #[derive(Serialize)]
    struct EventList<'a> {
        events: Vec<EventView<'a>>,
        offset: u32,
        limit: u32,
        /// The `offset` of the next page; null on the last page.
        next_offset: Option<u32>,
    }

    fn event(i: u32, full: bool) -> Event {
        Event {
            event_type: "Protests".into(),
            sub_event_type: "Peaceful protest".into(),
            plover_type: "PROTEST".into(),
            plover_mode: full.then(|| "demonstrate".into()),
            cameo: full.then(|| "14".into()),
            date: (!i.is_multiple_of(3)).then(|| format!("2020-01-{:02}", 1 + i % 28)),
            date_precision: DatePrecision::Day,
            actor1: full.then(|| Actor {
                text: "the \"students\" \u{e9}l\u{e8}ves".into(),
                name: "Protesters (Chad)".into(),
                inter: 6,
                country: Some("TCD".into()),
            }),
            actor2: None,
            location: full.then(|| Location {
                name: "N'Djamena".into(),
                geonameid: Some(2_427_123),
                lat: 12.106_72,
                lon: 15.044_4,
                admin1: None,
                country: Some("TCD".into()),
                precision: PlacePrecision::Town,
            }),
            fatalities: i,
            fatalities_min: full.then_some(i),
            fatalities_max: None,
            injuries: 1,
            means: vec!["tear gas".into()],
            aggregate: false,
            hedged: full,
            evidence: vec![Evidence {
                field: "fatalities".into(),
                start: 0,
                end: 4,
                text: "died".into(),
                rule: "count".into(),
            }],
        }
    }

    /// The list written from the store's summaries is the list the views describe.
    #[test]
    fn event_lists_from_summaries_are_the_brief_views() {
        let mut store = Store::open_in_memory().unwrap();
        for i in 0..7u32 {
            let id = format!("doc \"{i}\" \\ \u{e9}");
            let text = format!("report {i}");
            let doc = NewDocument {
                id: &id,
                content_hash: &text,
                title: None,
                url: None,
                source: None,
                published: None,
                language: Some("en"),
                text: &text,
                pipeline_version: "test",
            };
            store
                .insert(&doc, &[event(i, i % 2 == 0), event(i + 1, true)])
                .unwrap();
        }
        for (order, limit, offset) in [
            (Order::OldestFirst, 5, 0),
            (Order::NewestFirst, 5, 3),
            (Order::OldestFirst, 50, 0),
            (Order::NewestFirst, 2, 20),
        ] {
            let sel = Selection {
                filter: EventFilter {
                    order,
                    ..EventFilter::default()
                },
                actor: None,
            };
            let events = query::page(&store, &sel, limit, offset).unwrap();
            let want = serde_json::to_value(EventList {
                events: events.events.iter().map(EventView::brief).collect(),
                offset,
                limit,
                next_offset: events.next_offset,
            })
            .unwrap();
            let briefs = query::brief_page(&store, &sel, limit, offset).unwrap();
            let json = event_list_json(&briefs, offset, limit).unwrap();
            let found: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(found, want, "{order:?} {limit} {offset}");
        }
    }
}
