-- A Binary belongs to the patient its securityContext names, and a Task to the patient it is for
-- (CompartmentKey). Rows written before that rule carry no patient, so they would stay visible to every
-- caller who may read the type: give them their patient as the store now would, in the current and every
-- earlier version (history is filtered by each version's key). A reference counts when it is a literal
-- reference to a Patient, relative or absolute, with or without a version. The care relationships an open
-- Task establishes are derived from this key: run `./openspine reindex` once after upgrading.
CREATE FUNCTION pg_temp.patient_of(reference text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT substring(reference FROM '(?:^|/)Patient/([A-Za-z0-9.-]{1,64})(?:/_history/[^/]+)?$')
$$;

UPDATE resource SET patient_id = pg_temp.patient_of(json::jsonb #>> CASE res_type
        WHEN 'Binary' THEN '{securityContext,reference}' ELSE '{for,reference}' END::text[])
    WHERE res_type IN ('Binary', 'Task') AND patient_id IS NULL AND json IS NOT NULL;

UPDATE resource_version SET patient_id = pg_temp.patient_of(json::jsonb #>> CASE res_type
        WHEN 'Binary' THEN '{securityContext,reference}' ELSE '{for,reference}' END::text[])
    WHERE res_type IN ('Binary', 'Task') AND patient_id IS NULL AND json IS NOT NULL;

DROP FUNCTION pg_temp.patient_of(text);
