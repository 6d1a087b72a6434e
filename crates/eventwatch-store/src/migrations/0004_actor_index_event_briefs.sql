-- eventwatch-store migration 4: an index of the actors' names and words, so the actor
-- filter finds its events without reading every event's JSON, and a short summary of
-- each event for pages. Applied in one transaction
-- with `PRAGMA user_version = 4`. Never edit a migration that has shipped; add the next
-- numbered file instead.

-- One row per event that has an actor; `rowid` is `events.id`. The trigram tokenizer
-- (case-insensitive) answers "contains these characters" for any text of three or more
-- characters from the index; a phrase matches within one column, so a filter never
-- matches across two actors. Before this, the filter read `event_json` of every event
-- (0.3-0.7 s for a count on 100,000 events, and for a page of a rare actor).
CREATE VIRTUAL TABLE event_actors USING fts5 (
    actor1_name, actor1_text, actor2_name, actor2_text,
    tokenize = 'trigram'
);

INSERT INTO event_actors (rowid, actor1_name, actor1_text, actor2_name, actor2_text)
SELECT id, actor1_name, json_extract(event_json, '$.actor1.text'),
       actor2_name, json_extract(event_json, '$.actor2.text')
FROM events
WHERE actor1_name IS NOT NULL OR actor2_name IS NOT NULL;

-- The store adds new events' actors itself, once per batch (as for `documents_fts`, see
-- migration 3); removing an event removes its actors here.
CREATE TRIGGER event_actors_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_actors WHERE rowid = old.id;
END;

-- Each event's summary as the API lists it: the event JSON without its evidence, means,
-- PLOVER mode and CAMEO code (the evidence alone is most of an event's JSON), with the
-- event's document id and ordinal. A page of events walks a covering index and reads
-- only these short rows, packed many to a page, for the events it returns: neither the
-- events' rows (each with its whole JSON) nor their documents' (each with its text).
-- Kept like `event_actors`.
CREATE TABLE event_briefs (
    id      INTEGER PRIMARY KEY,
    doc_id  TEXT    NOT NULL,
    ordinal INTEGER NOT NULL,
    json    TEXT    NOT NULL
);

INSERT INTO event_briefs (id, doc_id, ordinal, json)
SELECT e.id, d.id, e.ordinal,
       json_remove(e.event_json, '$.evidence', '$.means', '$.plover_mode', '$.cameo')
FROM events e JOIN documents d ON d.doc_rowid = e.doc_rowid;

CREATE TRIGGER event_briefs_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_briefs WHERE id = old.id;
END;
