-- Guaranteed document exchange (MESH-compatible). A message is a row in mesh_message whose payload
-- is in mesh_part, each chunk as received in parts; PostgreSQL compresses the parts (TOAST, lz4 where
-- the server has it). Every change of a message's state is one transaction that also appends to
-- mesh_tracking, so the tracking history is exactly what happened.

CREATE TABLE mesh_mailbox (
    mailbox_id     text        PRIMARY KEY CHECK (mailbox_id ~ '^[A-Z0-9]{3,20}$'),
    ods_code       text        NOT NULL,
    name           text        NOT NULL,
    -- The NHSMESH scheme signs the password with the environment's shared key, so the server must
    -- know it; it is never returned by any API.
    password       text        NOT NULL,
    active         boolean     NOT NULL DEFAULT true,
    created        timestamptz NOT NULL,
    last_collected timestamptz                      -- last inbox list or download: a mailbox that stops collecting is alerted on
);
CREATE INDEX mesh_mailbox_ods ON mesh_mailbox (ods_code);

-- What a workflow requires: how long a message may wait unacknowledged before the monitor alerts,
-- what its content must be at send (assurance) and whether it is filed into the patient's record.
CREATE TABLE mesh_workflow (
    workflow_id    text        PRIMARY KEY,
    description    text        NOT NULL,
    sla_minutes    integer     NOT NULL CHECK (sla_minutes > 0),
    assurance      text        NOT NULL CHECK (assurance IN ('none', 'clinical-document', 'pathology-report')),
    clinical       boolean     NOT NULL            -- filed into the patient's record when sent to a GP practice
);

-- Which mailboxes receive which workflows: the answer to endpoint lookup (ODS code + workflow).
CREATE TABLE mesh_mailbox_workflow (
    mailbox_id     text        NOT NULL REFERENCES mesh_mailbox,
    workflow_id    text        NOT NULL REFERENCES mesh_workflow,
    PRIMARY KEY (mailbox_id, workflow_id)
);
CREATE INDEX mesh_mailbox_workflow_by_workflow ON mesh_mailbox_workflow (workflow_id);

CREATE TABLE mesh_message (
    message_id     text        PRIMARY KEY,
    sender         text        NOT NULL REFERENCES mesh_mailbox,
    recipient      text        NOT NULL REFERENCES mesh_mailbox,
    workflow_id    text        NOT NULL,
    message_type   text        NOT NULL CHECK (message_type IN ('DATA', 'REPORT')),
    -- uploading: chunks still to come; inbox: waiting for the recipient; acknowledged, expired: done
    status         text        NOT NULL CHECK (status IN ('uploading', 'inbox', 'acknowledged', 'expired')),
    local_id       text,
    subject        text,
    file_name      text,
    content_type   text,
    content_encoding text      CHECK (content_encoding = 'gzip'), -- as sent: each chunk gzipped on its own
    compressed     boolean     NOT NULL,
    encrypted      boolean     NOT NULL,
    checksum       text,
    chunks         integer     NOT NULL CHECK (chunks BETWEEN 1 AND 100000),
    chunks_received integer    NOT NULL,
    size_bytes     bigint      NOT NULL,
    linked_message_id text,                        -- a report: the message it reports on
    status_code    text,                           -- a report: MESH status code, e.g. 14 (undelivered)
    status_description text,
    sent           timestamptz NOT NULL,           -- the first request
    accepted       timestamptz,                    -- the last chunk: from now it is in the inbox
    downloaded     timestamptz,                    -- first download
    acknowledged   timestamptz,
    expires        timestamptz,                    -- acceptance + the unacknowledged period
    purge_after    timestamptz NOT NULL
);
-- Sending again with the same local id from the same mailbox finds the first message.
CREATE UNIQUE INDEX mesh_message_local_id ON mesh_message (sender, local_id) WHERE local_id IS NOT NULL AND message_type = 'DATA';
-- The inbox, oldest first.
CREATE INDEX mesh_message_inbox ON mesh_message (recipient, accepted, message_id) WHERE status = 'inbox';
-- The lifecycle sweeps.
CREATE INDEX mesh_message_expiry ON mesh_message (expires) WHERE status = 'inbox';
CREATE INDEX mesh_message_purge ON mesh_message (purge_after);
CREATE INDEX mesh_message_sender ON mesh_message (sender, sent);

-- A chunk is stored as it arrives, in parts of at most 1 MiB, so neither upload nor download ever
-- holds a whole chunk in memory (chunks may be 100 MB).
CREATE TABLE mesh_part (
    message_id     text        NOT NULL REFERENCES mesh_message ON DELETE CASCADE,
    chunk_no       integer     NOT NULL,
    part_no        integer     NOT NULL,
    data           bytea       NOT NULL,
    PRIMARY KEY (message_id, chunk_no, part_no)
);
DO $$
BEGIN
    ALTER TABLE mesh_part ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL; -- a server built without lz4 keeps pglz
END $$;

CREATE TABLE mesh_tracking (
    message_id     text        NOT NULL REFERENCES mesh_message ON DELETE CASCADE,
    seq            bigint      GENERATED ALWAYS AS IDENTITY,
    event          text        NOT NULL CHECK (event IN ('accepted', 'uploaded', 'downloaded', 'acknowledged',
                                                         'expired', 'reported', 'filed', 'queued')),
    at             timestamptz NOT NULL,
    detail         text,
    PRIMARY KEY (message_id, seq)
);

-- NHSMESH nonces already used (mailbox, nonce, count): each pair is good once. Kept past the
-- timestamp window, then swept.
CREATE TABLE mesh_nonce (
    mailbox_id     text        NOT NULL,
    nonce          text        NOT NULL,
    nonce_count    text        NOT NULL,
    used           timestamptz NOT NULL,
    PRIMARY KEY (mailbox_id, nonce, nonce_count)
);
CREATE INDEX mesh_nonce_used ON mesh_nonce (used);
