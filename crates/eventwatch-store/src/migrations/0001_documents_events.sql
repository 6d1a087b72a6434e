-- eventwatch-store migration 1: documents, their full-text index, events and their R*Tree.
-- Applied in one transaction together with `PRAGMA user_version = 1`. Never edit a
-- migration that has shipped; add the next numbered file instead.

-- One row per accepted document. `text` is the full cleaned text, so every event can be
-- re-derived by a later pipeline version. `doc_rowid` is the integer key events refer to
-- (a BIGSERIAL in the PostgreSQL backend); `id` is the caller's stable text id.
CREATE TABLE documents (
    doc_rowid        INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE CHECK (length(id) > 0),
    content_hash     TEXT    NOT NULL UNIQUE CHECK (length(content_hash) > 0),
    title            TEXT,
    url              TEXT,
    source           TEXT,
    published        TEXT CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    language         TEXT,
    text             TEXT    NOT NULL,
    ingested_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    pipeline_version TEXT    NOT NULL
);

CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_source ON documents (source);

-- Full-text index over title and text, stored without a second copy of the text
-- (external content). Documents are only ever inserted or deleted, never updated in place;
-- the triggers keep the index in step with both.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title,
    text,
    content = 'documents',
    content_rowid = 'doc_rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.doc_rowid, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.doc_rowid, old.title, old.text);
END;

-- One row per event extracted from one document (a "mention" of an incident: consolidation
-- across documents will group these rows, it never rewrites them). `ordinal` is the
-- salience rank within the document, 0 first. The filterable fields are columns; `event_json`
-- is the whole `eventwatch_schema::Event`, evidence included (query the spans with
-- `json_each(event_json, '$.evidence')`), and is what readers deserialise.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    doc_rowid          INTEGER NOT NULL REFERENCES documents (doc_rowid) ON DELETE CASCADE,
    ordinal            INTEGER NOT NULL CHECK (ordinal >= 0),
    event_type         TEXT    NOT NULL,
    sub_event_type     TEXT    NOT NULL,
    plover_type        TEXT    NOT NULL,
    plover_mode        TEXT,
    cameo              TEXT,
    date               TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    date_precision     TEXT    NOT NULL,
    actor1_name        TEXT,
    actor1_inter       INTEGER,
    actor1_country     TEXT,
    actor2_name        TEXT,
    actor2_inter       INTEGER,
    actor2_country     TEXT,
    location_name      TEXT,
    geonameid          INTEGER,
    lat                REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon                REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    admin1             TEXT,
    country            TEXT,
    location_precision TEXT,
    fatalities         INTEGER NOT NULL CHECK (fatalities >= 0),
    fatalities_min     INTEGER,
    fatalities_max     INTEGER,
    injuries           INTEGER NOT NULL CHECK (injuries >= 0),
    aggregate          INTEGER NOT NULL CHECK (aggregate IN (0, 1)),
    hedged             INTEGER NOT NULL CHECK (hedged IN (0, 1)),
    event_json         TEXT    NOT NULL CHECK (json_valid(event_json)),
    UNIQUE (doc_rowid, ordinal)
);

CREATE INDEX events_date ON events (date, id);
CREATE INDEX events_country_date ON events (country, date);
CREATE INDEX events_type_date ON events (event_type, date);

-- Event points for bounding-box queries; `id` is `events.id`. Only events with a location
-- have a row. R*Tree stores 32-bit floats rounded outwards, so queries re-check the exact
-- `events.lat`/`events.lon`.
CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);

CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN
    INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat)
    VALUES (new.id, new.lon, new.lon, new.lat, new.lat);
END;

CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_rtree WHERE id = old.id;
END;
