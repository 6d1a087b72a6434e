//! The HTTP API and the offline web page over the event store (`eventwatch serve`).
//!
//! [`router`] builds the axum [`Router`] over an [`AppState`]; [`serve`] opens the store,
//! binds (loopback by default: `127.0.0.1:8080`, never all interfaces unless asked) and
//! runs until Ctrl-C. Routes are listed in [`ROUTES`] and described in `openapi.json`
//! (served at `/api/openapi.json`; a test checks that the two agree).
//!
//! - Reads are public: `GET /api/events` (filters and paging), `/api/events/{id}` (the
//!   event with each evidence span in its sentence), `/api/documents/{id}`,
//!   `/api/count`, `/api/aggregates?by=day|admin1|type`, `/api/stats`,
//!   `/api/export.{csv,geojson,jsonl}` (and `.parquet` with the `parquet` feature).
//! - Writes need the bearer token given with `--token` or `EVENTWATCH_TOKEN`:
//!   `POST /api/documents` runs the extraction pipeline and stores the documents. Without
//!   a configured token every write is refused.
//! - Bad requests are 4xx with `{"error": "parameter \"bbox\": expected ..., found ..."}`.
//! - The page (`web/` at the repository root, with vendored Leaflet, topojson-client and
//!   Natural Earth countries) is embedded in the binary and needs no other server.
//!
//! Store access goes through the store's public API only (the server writes no SQL): a
//! small [`pool`] of read connections used from blocking threads, and one writer. Every
//! filter, count and grouping runs in the store's SQL ([`query`]); nothing is scanned in
//! the server. JSON answers of reads are cached while the store files are unchanged, and
//! identical requests that miss the cache together share one computation ([`cache`]).
//!
//! Not here yet: streaming of large exports (they are built in memory, at most
//! [`params::MAX_EXPORT`] events), TLS (put a reverse proxy in front).

mod api;
mod cache;
mod error;
mod export;
mod ingest;
pub mod params;
mod pool;
pub mod query;
mod views;
mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use eventwatch_store::Store;
use tower_http::limit::RequestBodyLimitLayer;

pub use error::ApiError;
pub use ingest::{new_document, MAX_DOCUMENTS};

/// The hand-written OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Largest request body, in bytes (`POST /api/documents`).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Every route as `(method, path)`, paths in OpenAPI form.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/events"),
    ("GET", "/api/events/{id}"),
    ("GET", "/api/documents/{id}"),
    ("POST", "/api/documents"),
    ("GET", "/api/count"),
    ("GET", "/api/aggregates"),
    ("GET", "/api/stats"),
    ("GET", "/api/export.csv"),
    ("GET", "/api/export.geojson"),
    ("GET", "/api/export.jsonl"),
    ("GET", "/api/export.parquet"),
    ("GET", "/api/openapi.json"),
    ("GET", "/"),
];

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The store file (created if missing).
    pub db: PathBuf,
    /// Where to listen; [`DEFAULT_ADDR`] unless the operator says otherwise.
    pub addr: SocketAddr,
    /// The bearer token for writes; `None` refuses every write.
    pub token: Option<String>,
    /// Read connections in the pool.
    pub readers: usize,
    /// Cache JSON answers while the store is unchanged (and share identical computations).
    /// Off only to measure the store's own query time.
    pub cache: bool,
}

impl ServerConfig {
    /// The config for `db` with the defaults: loopback, token from `EVENTWATCH_TOKEN`,
    /// four readers, the response cache on.
    pub fn new(db: PathBuf) -> ServerConfig {
        ServerConfig {
            db,
            addr: DEFAULT_ADDR
                .parse()
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080))),
            token: std::env::var("EVENTWATCH_TOKEN")
                .ok()
                .filter(|t| !t.trim().is_empty()),
            readers: 4,
            cache: true,
        }
    }
}

/// What every handler shares.
pub struct AppState {
    pool: Arc<pool::Pool>,
    writer: Option<Arc<ingest::Writer>>,
    token: Option<String>,
    cache: cache::ResponseCache,
}

impl AppState {
    /// Opens the store at `config.db`: `config.readers` read connections, and a writer if
    /// a token is configured.
    pub fn open(config: &ServerConfig) -> anyhow::Result<AppState> {
        let open_error = || format!("cannot open store {}", config.db.display());
        let token = config.token.clone().filter(|t| !t.trim().is_empty());
        // The writer opens first: it creates the file and applies migrations alone.
        let writer = match &token {
            Some(_) => Some(Arc::new(ingest::Writer::new(
                Store::open(&config.db).with_context(open_error)?,
            ))),
            None => None,
        };
        let pool = pool::Pool::open(&config.db, config.readers).with_context(open_error)?;
        Ok(AppState {
            pool: Arc::new(pool),
            writer,
            token,
            cache: cache::ResponseCache::new(&config.db, config.cache),
        })
    }
}

/// The router: API, page and limits. Use with `axum::serve` or `tower::ServiceExt::oneshot`.
pub fn router(state: Arc<AppState>) -> Router {
    let mut app = Router::new()
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/documents", post(api::post_documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/count", get(api::count))
        .route("/api/aggregates", get(api::aggregates))
        .route("/api/stats", get(api::stats))
        .route("/api/export.csv", get(api::export_csv))
        .route("/api/export.geojson", get(api::export_geojson))
        .route("/api/export.jsonl", get(api::export_jsonl))
        .route("/api/export.parquet", get(api::export_parquet))
        .route("/api/openapi.json", get(api::openapi));
    for asset in &web::ASSETS {
        app = app.route(asset.path, get(move || async move { asset.response() }));
    }
    app.fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .with_state(state)
}

/// Opens the store, binds `config.addr` and serves until Ctrl-C (or SIGTERM).
pub async fn serve(config: ServerConfig) -> anyhow::Result<()> {
    let state = Arc::new(AppState::open(&config)?);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let local = listener.local_addr()?;
    eprintln!(
        "eventwatch: serving {} on http://{local}/ (writes {})",
        config.db.display(),
        if state.token.is_some() {
            "need the bearer token"
        } else {
            "disabled: no token"
        }
    );
    serve_on(listener, state).await
}

/// Serves on a bound listener until Ctrl-C or SIGTERM (for tests and tools that bind
/// port 0 themselves).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
) -> anyhow::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .context("server failed")
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
