-- eventwatch-store migration 2: consolidated events ("incidents"), their mentions, and the
-- user overrides of consolidation. Applied in one transaction with `PRAGMA user_version = 2`.
-- Never edit a migration that has shipped; add the next numbered file instead.

-- One row per consolidated event (`eventwatch_consolidate::ConsolidatedEvent`). Incidents
-- are derived data: a function of the stored events and `overrides`, rewritten by the
-- consolidator in the same transaction as the documents that changed them. `id` is
-- `ce-` + a hash of the smallest mention key, so it changes when events merge or split.
-- The filterable fields are columns; `incident_json` is the whole event (every report,
-- the merge steps and reasons, the overrides), which is what readers deserialise.
CREATE TABLE incidents (
    id             TEXT    PRIMARY KEY,
    event_type     TEXT    NOT NULL,
    sub_event_type TEXT    NOT NULL,
    date           TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    location_name  TEXT,
    lat            REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon            REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    admin1         TEXT,
    country        TEXT,
    fatalities     INTEGER NOT NULL CHECK (fatalities >= 0),
    fatalities_min INTEGER NOT NULL CHECK (fatalities_min >= 0),
    fatalities_max INTEGER NOT NULL CHECK (fatalities_max >= 0),
    injuries       INTEGER NOT NULL CHECK (injuries >= 0),
    injuries_min   INTEGER NOT NULL CHECK (injuries_min >= 0),
    injuries_max   INTEGER NOT NULL CHECK (injuries_max >= 0),
    reports        INTEGER NOT NULL CHECK (reports >= 1),
    -- JSON array of the distinct outlets.
    sources        TEXT    NOT NULL CHECK (json_valid(sources)),
    aggregate      INTEGER NOT NULL CHECK (aggregate IN (0, 1)),
    hedged         INTEGER NOT NULL CHECK (hedged IN (0, 1)),
    incident_json  TEXT    NOT NULL CHECK (json_valid(incident_json))
) WITHOUT ROWID;

CREATE INDEX incidents_date ON incidents (date, id);
CREATE INDEX incidents_country_date ON incidents (country, date);

-- Which incident each event row (a mention: document + event index) belongs to. Every
-- stored event has exactly one row once consolidation is in step. `addresses` keeps the
-- street addresses the consolidator found near the event's evidence (JSON array), so a
-- later run rebuilds the consolidator without rescanning the texts.
CREATE TABLE incident_mentions (
    doc_rowid   INTEGER NOT NULL,
    ordinal     INTEGER NOT NULL,
    incident_id TEXT    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    addresses   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(addresses)),
    PRIMARY KEY (doc_rowid, ordinal),
    FOREIGN KEY (doc_rowid, ordinal) REFERENCES events (doc_rowid, ordinal) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX incident_mentions_incident ON incident_mentions (incident_id);

-- The user's corrections (`eventwatch_consolidate::Override`: split, merge, keep apart).
-- They name mentions by document id and event index, not by row, so they survive
-- re-ingestion and may name mentions not stored yet (they apply when those arrive).
CREATE TABLE overrides (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('split', 'merge', 'keep_apart')),
    override_json TEXT    NOT NULL UNIQUE CHECK (json_valid(override_json)),
    created_by    TEXT,
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    note          TEXT
);
