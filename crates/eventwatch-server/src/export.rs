//! Exports of a selection: ACLED-like CSV (the columns of
//! [`eventwatch_schema::render::CSV_COLUMNS`]), GeoJSON, JSON Lines, and Parquet when the
//! crate is built with the `parquet` feature (off by default: arrow and parquet take
//! minutes to build).

use eventwatch_schema::render::{csv_header, csv_rows, geojson_collection, geojson_features};
use eventwatch_schema::DocumentEvents;
use eventwatch_store::StoredEvent;

use crate::error::ApiError;
use crate::views::EventView;

/// Whether this build can write Parquet.
pub const PARQUET: bool = cfg!(feature = "parquet");

/// A one-event document for the schema's renderers.
fn single(e: &StoredEvent) -> DocumentEvents {
    DocumentEvents {
        id: e.doc_id.clone(),
        title: None,
        published: None,
        events: vec![e.event.clone()],
    }
}

/// The CSV line of one event with its `event_index` set to its salience rank.
///
/// [`csv_rows`] numbers the events of the document it is given; an export has only some
/// events of each document, so each is rendered alone and its index (always `0`, the
/// second field) is replaced. A test checks this against `csv_rows` of a whole document.
pub fn csv_line(e: &StoredEvent) -> String {
    let row = csv_rows(&single(e));
    // The first field is the document id, quoted by the renderer when it has to be.
    let id_field = if e.doc_id.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", e.doc_id.replace('"', "\"\""))
    } else {
        e.doc_id.clone()
    };
    let prefix = format!("{id_field},0,");
    match row.strip_prefix(&prefix) {
        Some(rest) => format!("{id_field},{},{rest}", e.ordinal),
        None => row,
    }
}

pub fn csv(events: &[StoredEvent]) -> String {
    let mut out = csv_header();
    for e in events {
        out.push_str(&csv_line(e));
    }
    out
}

/// A FeatureCollection of the located events; each feature's properties are the event
/// plus `doc_id`, `event_index` (its salience rank) and `id` (the store id).
pub fn geojson(events: &[StoredEvent]) -> String {
    let mut features = Vec::with_capacity(events.len());
    for e in events {
        for mut f in geojson_features(&single(e)) {
            if let Some(props) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                props.insert("event_index".into(), e.ordinal.into());
                props.insert("id".into(), e.id.into());
            }
            features.push(f);
        }
    }
    geojson_collection(features).to_string()
}

/// One event per line, shaped as `GET /api/events` lists them but with the evidence.
pub fn jsonl(events: &[StoredEvent]) -> String {
    let mut out = String::new();
    for e in events {
        if let Ok(line) = serde_json::to_string(&EventView::full(e)) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// One row group of flat columns (snappy-compressed): store id, document id, the CSV's
/// fields (dates as `Date32`), and `evidence_json`, the evidence as a JSON array.
#[cfg(feature = "parquet")]
pub fn parquet(events: &[StoredEvent]) -> Result<Vec<u8>, ApiError> {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
        UInt32Array,
    };
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    let fail = |e: &dyn std::error::Error| ApiError::internal("export.parquet", e);
    let strings = |f: &dyn Fn(&StoredEvent) -> Option<&str>| -> ArrayRef {
        Arc::new(events.iter().map(f).collect::<StringArray>())
    };
    let counts = |f: &dyn Fn(&StoredEvent) -> Option<u32>| -> ArrayRef {
        Arc::new(events.iter().map(f).collect::<UInt32Array>())
    };
    let epoch = jiff::civil::date(1970, 1, 1);
    let day = |e: &StoredEvent| -> Option<i32> {
        let date: jiff::civil::Date = e.event.date.as_deref()?.parse().ok()?;
        Some(date.since(epoch).ok()?.get_days())
    };
    fn location(e: &StoredEvent) -> Option<&eventwatch_schema::Location> {
        e.event.location.as_ref()
    }
    let columns: Vec<(&str, DataType, bool, ArrayRef)> = vec![
        (
            "id",
            DataType::Int64,
            false,
            Arc::new(events.iter().map(|e| e.id).collect::<Int64Array>()),
        ),
        (
            "doc_id",
            DataType::Utf8,
            false,
            strings(&|e| Some(&e.doc_id)),
        ),
        (
            "event_index",
            DataType::UInt32,
            false,
            counts(&|e| Some(e.ordinal)),
        ),
        (
            "event_type",
            DataType::Utf8,
            false,
            strings(&|e| Some(&e.event.event_type)),
        ),
        (
            "sub_event_type",
            DataType::Utf8,
            false,
            strings(&|e| Some(&e.event.sub_event_type)),
        ),
        (
            "plover_type",
            DataType::Utf8,
            false,
            strings(&|e| Some(&e.event.plover_type)),
        ),
        (
            "date",
            DataType::Date32,
            true,
            Arc::new(events.iter().map(day).collect::<Date32Array>()),
        ),
        (
            "actor1",
            DataType::Utf8,
            true,
            strings(&|e| e.event.actor1.as_ref().map(|a| a.name.as_str())),
        ),
        (
            "actor2",
            DataType::Utf8,
            true,
            strings(&|e| e.event.actor2.as_ref().map(|a| a.name.as_str())),
        ),
        (
            "location",
            DataType::Utf8,
            true,
            strings(&|e| location(e).map(|l| l.name.as_str())),
        ),
        (
            "admin1",
            DataType::Utf8,
            true,
            strings(&|e| location(e).and_then(|l| l.admin1.as_deref())),
        ),
        (
            "country",
            DataType::Utf8,
            true,
            strings(&|e| location(e).and_then(|l| l.country.as_deref())),
        ),
        (
            "latitude",
            DataType::Float64,
            true,
            Arc::new(
                events
                    .iter()
                    .map(|e| location(e).map(|l| l.lat))
                    .collect::<Float64Array>(),
            ),
        ),
        (
            "longitude",
            DataType::Float64,
            true,
            Arc::new(
                events
                    .iter()
                    .map(|e| location(e).map(|l| l.lon))
                    .collect::<Float64Array>(),
            ),
        ),
        (
            "fatalities",
            DataType::UInt32,
            false,
            counts(&|e| Some(e.event.fatalities)),
        ),
        (
            "fatalities_min",
            DataType::UInt32,
            true,
            counts(&|e| e.event.fatalities_min),
        ),
        (
            "fatalities_max",
            DataType::UInt32,
            true,
            counts(&|e| e.event.fatalities_max),
        ),
        (
            "injuries",
            DataType::UInt32,
            false,
            counts(&|e| Some(e.event.injuries)),
        ),
        (
            "aggregate",
            DataType::Boolean,
            false,
            Arc::new(
                events
                    .iter()
                    .map(|e| Some(e.event.aggregate))
                    .collect::<BooleanArray>(),
            ),
        ),
        (
            "hedged",
            DataType::Boolean,
            false,
            Arc::new(
                events
                    .iter()
                    .map(|e| Some(e.event.hedged))
                    .collect::<BooleanArray>(),
            ),
        ),
        ("evidence_json", DataType::Utf8, false, {
            let json: Vec<String> = events
                .iter()
                .map(|e| serde_json::to_string(&e.event.evidence).unwrap_or_else(|_| "[]".into()))
                .collect();
            Arc::new(
                json.iter()
                    .map(|j| Some(j.as_str()))
                    .collect::<StringArray>(),
            )
        }),
    ];
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, ty, nullable, _)| Field::new(*name, ty.clone(), *nullable))
            .collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        columns.into_iter().map(|(_, _, _, array)| array).collect(),
    )
    .map_err(|e| fail(&e))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, Some(props)).map_err(|e| fail(&e))?;
    writer.write(&batch).map_err(|e| fail(&e))?;
    writer.close().map_err(|e| fail(&e))?;
    Ok(out)
}

/// The answer of `/api/export.parquet` in a build without the `parquet` feature.
pub fn parquet_unavailable() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        "export.parquet: expected a server built with the \"parquet\" feature, found one without it",
    )
}

/// Without the `parquet` feature the route answers 501 before it gets here.
#[cfg(not(feature = "parquet"))]
pub fn parquet(_events: &[StoredEvent]) -> Result<Vec<u8>, ApiError> {
    Err(parquet_unavailable())
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwatch_schema::{DatePrecision, Event};

    fn event(sub: &str) -> Event {
        Event {
            date: Some("2019-11-28".into()),
            date_precision: DatePrecision::Day,
            fatalities: 2,
            ..Event::of_type("Protests", sub, "PROTEST")
        }
    }

    #[test]
    fn csv_lines_match_the_schema_renderer_of_a_whole_document() {
        for doc_id in ["plain", "with,comma", "with \"quotes\""] {
            let events = vec![
                event("Peaceful protest"),
                event("Protest with intervention"),
            ];
            let whole = csv_rows(&DocumentEvents {
                id: doc_id.into(),
                title: None,
                published: None,
                events: events.clone(),
            });
            let mine: String = events
                .into_iter()
                .enumerate()
                .map(|(i, event)| {
                    csv_line(&StoredEvent {
                        id: 1,
                        doc_id: doc_id.into(),
                        ordinal: i as u32,
                        event,
                    })
                })
                .collect();
            assert_eq!(mine, whole, "{doc_id}");
        }
    }
}
