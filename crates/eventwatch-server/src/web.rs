//! The web page: files of `web/` at the repository root, embedded in the binary, so the
//! page works with no network beyond the server itself (no tile server, no CDN).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One embedded file: its URL path, content type and bytes.
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
    /// Vendored files never change for a given build; our own may, between builds.
    pub immutable: bool,
}

macro_rules! asset {
    ($path:literal, $file:literal, $type:literal, $immutable:literal) => {
        Asset {
            path: $path,
            content_type: $type,
            body: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/", $file)),
            immutable: $immutable,
        }
    };
}

pub const ASSETS: [Asset; 7] = [
    asset!("/", "index.html", "text/html; charset=utf-8", false),
    asset!("/app.js", "app.js", "text/javascript; charset=utf-8", false),
    asset!("/app.css", "app.css", "text/css; charset=utf-8", false),
    asset!(
        "/vendor/leaflet.js",
        "vendor/leaflet.js",
        "text/javascript; charset=utf-8",
        true
    ),
    asset!(
        "/vendor/leaflet.css",
        "vendor/leaflet.css",
        "text/css; charset=utf-8",
        true
    ),
    asset!(
        "/vendor/topojson-client.min.js",
        "vendor/topojson-client.min.js",
        "text/javascript; charset=utf-8",
        true
    ),
    asset!(
        "/vendor/countries-110m.json",
        "vendor/countries-110m.json",
        "application/json",
        true
    ),
];

/// Everything the page loads comes from this server; inline scripts are not allowed.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

impl Asset {
    pub fn response(&self) -> Response {
        let cache = if self.immutable {
            "public, max-age=86400"
        } else {
            "no-cache"
        };
        (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(self.content_type),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CSP),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            self.body,
        )
            .into_response()
    }
}
