-- Indexes the search plan check (SearchPlanIT) showed a query shape needs.

-- _lastUpdated: rids are handed out in creation order, so recent changes sit at the end of the rid
-- order pages are read in. Without the rid in this index, PostgreSQL reads a _lastUpdated=ge<recent>
-- page by walking the whole type in rid order to reach them; with it, the matches' rids come from
-- the (res_type, last_updated) range alone (an index-only scan) and are sorted. Same writes as before:
-- the index is replaced, not added.
DROP INDEX resource_type_updated;
CREATE INDEX resource_type_updated ON resource (res_type, last_updated) INCLUDE (rid) WHERE NOT deleted;
