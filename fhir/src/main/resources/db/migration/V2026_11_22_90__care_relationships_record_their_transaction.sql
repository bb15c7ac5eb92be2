-- Each care relationship records the transaction that wrote it, so a write can be checked against the
-- relationships its writer had before it: an open Encounter, referral, appointment or Task naming the writer's
-- own organisation must not be what lets them into an unrelated patient's record (RecordGuard.requireWritten).
-- Existing rows take this migration's transaction, which no later write is.
ALTER TABLE care_relationship ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
