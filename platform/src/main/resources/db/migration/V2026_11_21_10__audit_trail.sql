-- The audit trail: one row per access to patient data and per security event, append-only.
--
-- Each row carries row_mac, an HMAC-SHA256 of its content keyed with a secret kept outside the
-- database (<dataDir>/security/audit-key), so a row cannot be forged or altered undetected by
-- someone who has only the database. A sealer then chains the rows: every row gets a position
-- (1, 2, ... without gaps) and a link, HMAC(key, position || previous link || row_mac). Rows are
-- never updated for it: each sealing run writes one audit_seal row listing the rows it sealed, in
-- chain order, with the link after the last of them, so sealing costs a few bytes per row instead of
-- a second write of every row and its indexes. audit_chain_head keeps the newest seal, MAC'd, so
-- deleting the newest rows and their seal is noticed too. `openspine audit verify` checks all of it.

CREATE TABLE audit_event (
    id               uuid        PRIMARY KEY,   -- time-ordered (UUIDv7, from recorded), assigned by the writer; the AuditEvent id
    -- The writing transaction. The sealer takes a row only once every transaction up to its own has
    -- ended, so a row committed late (after rows with higher ids) is never skipped.
    tx               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    recorded         timestamptz NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('patient-record', 'security')),
    subtype          text        NOT NULL,
    action           text        NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
    outcome          smallint    NOT NULL CHECK (outcome IN (0, 4, 8)),
    outcome_desc     text,
    agent_kind       text        NOT NULL,      -- staff | citizen | system | unauthenticated
    agent_id         text,
    agent_name       text,
    agent_role       text,                      -- staff: national RBAC role code of the acting role profile
    agent_job_role   text,
    agent_org        text,                      -- staff: ODS code of the acting role profile's organisation
    agent_nhs_number text,                      -- citizen: their NHS Number
    patients         text[]      NOT NULL,      -- Patient ids involved; may be empty
    resources        text[]      NOT NULL,      -- 'Type/id' touched, the first ones only (bounded)
    resource_count   integer     NOT NULL,      -- how many were touched in all
    purpose          text,                      -- v3-ActReason: TREAT | PATRQT | BTG
    purpose_reason   text,                      -- the break-glass reason as stated
    request_method   text,
    request_target   text,                      -- path and query, truncated
    source_address   text,
    request_id       text,
    row_mac          bytea       NOT NULL
);

-- Who accessed patient X: the GIN index answers patients @> ARRAY[X].
CREATE INDEX audit_event_patients ON audit_event USING gin (patients);
-- What did user U do, newest first. The id is time-ordered, so it is the order "newest first" and the
-- primary key serves date ranges and the unfiltered listing: no separate index on recorded.
CREATE INDEX audit_event_agent ON audit_event (agent_id, id);
-- The sealer's and the verifier's order: by writing transaction, then id.
CREATE INDEX audit_event_tx ON audit_event (tx, id);

-- Kept tables refuse DELETE, TRUNCATE and UPDATE, with one exception a trigger may name in its
-- arguments: a column set once, from NULL (TG_ARGV[0]), together with the columns that come with it
-- (the rest of TG_ARGV), while nothing else changes. (A superuser can disable triggers; the MACs
-- and the chain are what detect that.)
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 THEN
        IF to_jsonb(OLD) ->> TG_ARGV[0] IS NULL AND to_jsonb(NEW) ->> TG_ARGV[0] IS NOT NULL
                AND to_jsonb(NEW) - TG_ARGV = to_jsonb(OLD) - TG_ARGV THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is kept for the audit trail: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- One sealing run: the rows it chained, which are exactly the rows after the previous seal's last
-- (tx, id) up to and including its own, in (tx, id) order. mac covers every column but itself.
CREATE TABLE audit_seal (
    seq        bigint      PRIMARY KEY,         -- 1, 2, ... without gaps
    first_pos  bigint      NOT NULL,            -- chain position of event_ids[1]; positions run on across seals
    after_tx   xid8        NOT NULL,            -- the previous seal's last row
    after_id   uuid        NOT NULL,
    last_tx    xid8        NOT NULL,            -- this seal's last row
    last_id    uuid        NOT NULL,
    event_ids  uuid[]      NOT NULL,            -- the rows, in chain order
    link       bytea       NOT NULL,            -- the chain link after the last of them
    sealed_at  timestamptz NOT NULL,
    mac        bytea       NOT NULL
);
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Which seal is the newest, moved in the same transaction as each seal is written. mac covers the
-- seal's number and MAC; without the key it cannot be pointed back at an older seal, so deleting the
-- newest seal with its rows cannot go unnoticed.
CREATE TABLE audit_chain_head (
    id        smallint    PRIMARY KEY CHECK (id = 1),
    seal_seq  bigint      NOT NULL,
    seal_mac  bytea       NOT NULL,
    mac       bytea       NOT NULL,
    sealed_at timestamptz NOT NULL
);

-- Which key the trail is written with: HMAC(key, a fixed label), never the key. A node whose key
-- file differs (a second node started with a fresh key, a lost key regenerated) refuses to start
-- rather than write rows that could never be verified.
CREATE TABLE audit_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    fingerprint bytea       NOT NULL,
    created     timestamptz NOT NULL
);

CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_key_kept BEFORE UPDATE OR DELETE ON audit_key
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_key_no_truncate BEFORE TRUNCATE ON audit_key
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Break-glass alerts for the privacy officer, raised in the same transaction as the break-glass
-- audit row. Open until acknowledged; acknowledging records who and when.
CREATE TABLE privacy_alert (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          uuid        NOT NULL UNIQUE REFERENCES audit_event (id),
    raised            timestamptz NOT NULL,
    agent_id          text        NOT NULL,
    agent_name        text        NOT NULL,
    agent_org         text,
    patients          text[]      NOT NULL,
    reason            text        NOT NULL,
    acknowledged      timestamptz,
    acknowledged_by   text,
    acknowledged_name text,
    note              text,
    CHECK ((acknowledged IS NULL) = (acknowledged_by IS NULL))
);
CREATE INDEX privacy_alert_open ON privacy_alert (raised, id) WHERE acknowledged IS NULL;

-- An alert is never removed, and is acknowledged once: nothing else about it changes.
CREATE TRIGGER privacy_alert_acknowledged_once BEFORE UPDATE OR DELETE ON privacy_alert
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change('acknowledged', 'acknowledged_by', 'acknowledged_name', 'note');
CREATE TRIGGER privacy_alert_no_truncate BEFORE TRUNCATE ON privacy_alert
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
