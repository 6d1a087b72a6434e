//! Query parameters: checked one by one into a [`Selection`] (an [`EventFilter`] and an
//! actor), with errors that name the parameter.

use std::collections::BTreeMap;

use eventwatch_schema::{acled_event_type_of, ACLED_EVENT_TYPES};
use eventwatch_store::{EventFilter, Order};

use crate::error::ApiError;

/// Events per page when `limit` is not given.
pub const DEFAULT_PAGE: u32 = 100;
/// Most events per page of `/api/events`.
pub const MAX_PAGE: u32 = 1000;
/// Most events in one export.
pub const MAX_EXPORT: u32 = 100_000;
/// Longest accepted value of any parameter, in bytes.
const MAX_VALUE_BYTES: usize = 1000;

/// The filter parameters shared by `/api/events`, `/api/aggregates` and the exports.
pub const FILTER_PARAMS: [&str; 10] = [
    "from",
    "to",
    "bbox",
    "country",
    "admin1",
    "type",
    "actor",
    "min_fatalities",
    "q",
    "order",
];

/// Which events a request asks for: the store's filter (limit and offset left at 0) and
/// the actor filter, which the store applies too but which [`EventFilter`] lacks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub filter: EventFilter,
    /// Text that either actor's name or words must contain (case-insensitive; see
    /// [`eventwatch_store::EventQuery::actor`]).
    pub actor: Option<String>,
}

/// The parameters of one request, each given at most once and each one the endpoint knows.
pub struct Params<'a> {
    values: BTreeMap<&'a str, &'a str>,
}

impl<'a> Params<'a> {
    /// Checks that every name is in `allowed` (or in [`FILTER_PARAMS`] when `filters`),
    /// appears once, and has a value of sane length.
    pub fn new(
        pairs: &'a [(String, String)],
        filters: bool,
        allowed: &[&str],
    ) -> Result<Params<'a>, ApiError> {
        let mut values = BTreeMap::new();
        for (name, value) in pairs {
            let known = allowed.contains(&name.as_str())
                || (filters && FILTER_PARAMS.contains(&name.as_str()));
            if !known {
                let mut names: Vec<&str> = allowed.to_vec();
                if filters {
                    names.extend(FILTER_PARAMS);
                }
                names.sort_unstable();
                return Err(ApiError::parameter_described(
                    name,
                    &format!("one of {}", names.join(", ")),
                    "an unknown parameter",
                ));
            }
            if value.len() > MAX_VALUE_BYTES {
                return Err(ApiError::parameter_described(
                    name,
                    &format!("at most {MAX_VALUE_BYTES} bytes"),
                    &format!("{} bytes", value.len()),
                ));
            }
            if values.insert(name.as_str(), value.as_str()).is_some() {
                return Err(ApiError::parameter_described(
                    name,
                    "one value",
                    "it more than once",
                ));
            }
        }
        Ok(Params { values })
    }

    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.values.get(name).copied()
    }

    /// The filter parameters as a [`Selection`].
    pub fn selection(&self) -> Result<Selection, ApiError> {
        let mut filter = EventFilter {
            order: Order::NewestFirst,
            ..EventFilter::default()
        };
        if let Some(v) = self.get("from") {
            filter.date_from = Some(date("from", v)?);
        }
        if let Some(v) = self.get("to") {
            filter.date_to = Some(date("to", v)?);
        }
        if let (Some(from), Some(to)) = (&filter.date_from, &filter.date_to) {
            if from > to {
                return Err(ApiError::parameter(
                    "to",
                    &format!("a date on or after \"from\" ({from})"),
                    to,
                ));
            }
        }
        if let Some(v) = self.get("bbox") {
            filter.bbox = Some(bbox(v)?);
        }
        if let Some(v) = self.get("country") {
            if v.len() != 3 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiError::parameter(
                    "country",
                    "an ISO 3166-1 alpha-3 code like IRQ",
                    v,
                ));
            }
            filter.country = Some(v.to_ascii_uppercase());
        }
        if let Some(v) = self.get("admin1") {
            filter.admin1 = Some(non_empty("admin1", v)?);
        }
        if let Some(v) = self.get("type") {
            if acled_event_type_of(v).is_some() {
                filter.sub_event_type = Some(v.to_string());
            } else if ACLED_EVENT_TYPES.contains(&v) {
                filter.event_type = Some(v.to_string());
            } else {
                return Err(ApiError::parameter(
                    "type",
                    "an ACLED event type or sub-event type like Protests or Armed clash",
                    v,
                ));
            }
        }
        if let Some(v) = self.get("min_fatalities") {
            filter.min_fatalities = Some(number("min_fatalities", v, 0, u32::MAX)?);
        }
        if let Some(v) = self.get("q") {
            if !v.chars().any(char::is_alphanumeric) {
                return Err(ApiError::parameter("q", "at least one word", v));
            }
            filter.text = Some(v.to_string());
        }
        if let Some(v) = self.get("order") {
            filter.order = match v {
                "newest" => Order::NewestFirst,
                "oldest" => Order::OldestFirst,
                _ => return Err(ApiError::parameter("order", "newest or oldest", v)),
            };
        }
        let actor = match self.get("actor") {
            Some(v) => Some(non_empty("actor", v)?),
            None => None,
        };
        Ok(Selection { filter, actor })
    }

    /// `limit` (1 to `max`, `default` when absent).
    pub fn limit(&self, default: u32, max: u32) -> Result<u32, ApiError> {
        match self.get("limit") {
            None => Ok(default),
            Some(v) => number("limit", v, 1, max),
        }
    }

    /// `offset` (0 when absent).
    pub fn offset(&self) -> Result<u32, ApiError> {
        self.get("offset")
            .map_or(Ok(0), |v| number("offset", v, 0, u32::MAX))
    }
}

fn non_empty(name: &str, v: &str) -> Result<String, ApiError> {
    let t = v.trim();
    if t.is_empty() {
        Err(ApiError::parameter(name, "a non-empty value", v))
    } else {
        Ok(t.to_string())
    }
}

fn number(name: &str, v: &str, min: u32, max: u32) -> Result<u32, ApiError> {
    match v.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) && !v.starts_with('+') => Ok(n),
        _ => Err(ApiError::parameter(
            name,
            &format!("a whole number from {min} to {max}"),
            v,
        )),
    }
}

fn date(name: &str, v: &str) -> Result<String, ApiError> {
    let ok = v.len() == 10 && v.parse::<jiff::civil::Date>().is_ok();
    if ok {
        Ok(v.to_string())
    } else {
        Err(ApiError::parameter(name, "a date like 2019-11-29", v))
    }
}

fn bbox(v: &str) -> Result<[f64; 4], ApiError> {
    const EXPECTED: &str = "four numbers west,south,east,north";
    let numbers: Vec<Option<f64>> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    let [Some(west), Some(south), Some(east), Some(north)] = numbers.as_slice() else {
        return Err(ApiError::parameter("bbox", EXPECTED, v));
    };
    let lon = |x: f64| (-180.0..=180.0).contains(&x);
    let lat = |x: f64| (-90.0..=90.0).contains(&x);
    if !(lon(*west) && lon(*east) && lat(*south) && lat(*north)) {
        return Err(ApiError::parameter(
            "bbox",
            "longitudes from -180 to 180 and latitudes from -90 to 90",
            v,
        ));
    }
    if south > north {
        return Err(ApiError::parameter("bbox", "south <= north", v));
    }
    Ok([*west, *south, *east, *north])
}
