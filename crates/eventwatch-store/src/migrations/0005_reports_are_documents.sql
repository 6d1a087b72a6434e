-- Migration 5: an incident's `reports` counts distinct documents, not mentions (an article
-- that tells the incident in two sentences is one report). Stores written before count
-- mentions; recount them from `incident_mentions`.
UPDATE incidents
SET reports = (
    SELECT count(DISTINCT m.doc_rowid)
    FROM incident_mentions m
    WHERE m.incident_id = incidents.id
)
WHERE EXISTS (SELECT 1 FROM incident_mentions m WHERE m.incident_id = incidents.id);
