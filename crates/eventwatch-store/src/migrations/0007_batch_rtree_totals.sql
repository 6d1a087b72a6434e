-- eventwatch-store migration 7: the store adds new events' points to `events_rtree` and
-- new documents and events to `totals` itself, once per batch (as it feeds the
-- full-text and actor indexes, migrations 3 and 4), instead of by triggers on every
-- inserted row. A trigger made every event insert (and every document insert) a
-- statement that may abort halfway, so SQLite copied each page it touched into a
-- statement journal and ran a trigger program per row. Removing rows still updates both
-- by triggers (unchanged). Never edit a migration that has shipped; add the next numbered
-- file instead.
DROP TRIGGER IF EXISTS events_rtree_insert;
DROP TRIGGER IF EXISTS totals_event_insert;
DROP TRIGGER IF EXISTS totals_document_insert;
