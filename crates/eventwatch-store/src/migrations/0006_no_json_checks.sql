-- eventwatch-store migration 6: no `json_valid` CHECK on the JSON columns the store writes
-- for every event, incident and mention (`events.event_json`, `incidents.incident_json`
-- and `sources`, `incident_mentions.addresses`). Every value written there is serialised
-- by serde_json in the same statement's caller, so the check only parsed ~80 MB of
-- JSON a second time per 5,000 articles (json_valid was ~2.5% of ingest's CPU time);
-- readers still report unreadable JSON (`Error::CorruptEvent`, `Error::CorruptIncident`).
-- `overrides.override_json` (written rarely) keeps its check, and so does every other
-- CHECK.
--
-- Removing a CHECK constraint changes no stored byte, so this migration edits the table
-- definitions in `sqlite_schema` in place (SQLite's documented procedure for removing
-- CHECK constraints, https://sqlite.org/lang_altertable.html#otheralter) instead of
-- copying every table: the store's migration runner turns `writable_schema` on around
-- it and increments `schema_version` in the same transaction, so other connections
-- re-read the schema. Never edit a migration that has shipped; add the next numbered file
-- instead.
UPDATE sqlite_schema
SET sql = replace(sql, 'NOT NULL CHECK (json_valid(event_json))', 'NOT NULL')
WHERE type = 'table' AND name = 'events';

UPDATE sqlite_schema
SET sql = replace(
    replace(sql, 'NOT NULL CHECK (json_valid(sources))', 'NOT NULL'),
    'NOT NULL CHECK (json_valid(incident_json))', 'NOT NULL')
WHERE type = 'table' AND name = 'incidents';

UPDATE sqlite_schema
SET sql = replace(sql, 'DEFAULT ''[]'' CHECK (json_valid(addresses))', 'DEFAULT ''[]''')
WHERE type = 'table' AND name = 'incident_mentions';
