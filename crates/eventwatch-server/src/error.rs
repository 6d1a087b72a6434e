//! [`ApiError`]: a status code and a message, sent as `{"error": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error answer of the API. Messages are lowercase, name the parameter or field, and
/// say what was expected and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A malformed query parameter: `parameter "bbox": expected ..., found ...`.
    pub fn parameter(name: &str, expected: &str, found: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("parameter {name:?}: expected {expected}, found {found:?}"),
        )
    }

    /// Like [`ApiError::parameter`] with `found` a description, not a value.
    pub fn parameter_described(name: &str, expected: &str, found: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("parameter {name:?}: expected {expected}, found {found}"),
        )
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// A failure of the server itself: logged with its whole chain, answered vaguely.
    pub fn internal(context: &str, error: &dyn std::error::Error) -> ApiError {
        let mut chain = format!("{context}: {error}");
        let mut source = error.source();
        while let Some(s) = source {
            chain.push_str(&format!(": {s}"));
            source = s.source();
        }
        eprintln!("error: {chain}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{context}: internal error, see the server log"),
        )
    }
}

impl From<eventwatch_store::Error> for ApiError {
    fn from(e: eventwatch_store::Error) -> ApiError {
        match e {
            // The server checks every parameter before the store sees it; this is the
            // safety net, named by the store's field.
            eventwatch_store::Error::InvalidFilter { .. } => {
                ApiError::new(StatusCode::BAD_REQUEST, e.to_string())
            }
            other => ApiError::internal("store", &other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.message }));
        (self.status, body).into_response()
    }
}
