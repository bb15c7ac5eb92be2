-- The audit trail: one row per access to patient data and per security event, append-only.
--
-- Each row carries row_mac, an HMAC-SHA256 of its content keyed with a secret kept outside the
-- database (<dataDir>/security/audit-key), so a row cannot be forged or altered undetected by
-- someone who has only the database. A sealer later gives every row its place in a hash chain
-- (chain_seq 1..n without gaps, chain_hash = HMAC(key, seq || previous chain_hash || row_mac)),
-- so a deleted row leaves a gap or a broken link; audit_chain_head keeps the last link, MAC'd, so
-- deleting the newest rows is noticed too. `openspine audit verify` checks all of it.

CREATE TABLE audit_event (
    id               uuid        PRIMARY KEY,   -- time-ordered (UUIDv7), assigned by the writer; the AuditEvent id
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
    row_mac          bytea       NOT NULL,
    chain_seq        bigint,                    -- NULL until sealed
    chain_hash       bytea,
    CHECK ((chain_seq IS NULL) = (chain_hash IS NULL))
);

-- Who accessed patient X: the GIN index answers patients @> ARRAY[X].
CREATE INDEX audit_event_patients ON audit_event USING gin (patients);
-- What did user U do, newest first, by date.
CREATE INDEX audit_event_agent ON audit_event (agent_id, recorded DESC, id DESC);
-- Everything in a date range, newest first (and the keyset order of every listing).
CREATE INDEX audit_event_recorded ON audit_event (recorded DESC, id DESC);
-- The sealer's work list: small, since rows leave it about a second after they are written.
CREATE INDEX audit_event_unsealed ON audit_event (id) WHERE chain_seq IS NULL;
-- One row per chain position; the verifier walks the chain in this order.
CREATE UNIQUE INDEX audit_event_chain ON audit_event (chain_seq);

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

-- Append-only: the one UPDATE is the sealer's, once, setting the chain columns of an unsealed row.
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change('chain_seq', 'chain_hash');
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The newest link of the chain, written in the same transaction as the rows it seals. mac covers
-- seq and hash, so removing the newest rows and winding the head back cannot go unnoticed.
CREATE TABLE audit_chain_head (
    id        smallint    PRIMARY KEY CHECK (id = 1),
    seq       bigint      NOT NULL,
    hash      bytea       NOT NULL,
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
