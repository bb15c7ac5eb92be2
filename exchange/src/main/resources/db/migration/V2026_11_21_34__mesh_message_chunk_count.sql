-- How many chunks have arrived is counted from mesh_part when it matters (the last chunk); the column kept
-- for it was never maintained, so it goes rather than mislead.
ALTER TABLE mesh_message DROP COLUMN chunks_received;
