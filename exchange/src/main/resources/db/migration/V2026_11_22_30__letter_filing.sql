-- Auto-filing of clinical letters into GP practices' records (org.openspine.exchange.filing). A letter
-- that cannot be filed unchecked waits here for a person at the practice; the record itself is written
-- through the FHIR store. An item is written in the transaction that acknowledges its message, so a
-- message is never acknowledged without being either filed or queued.
CREATE TABLE filing_workqueue (
    item_id        uuid        PRIMARY KEY,
    ods_code       text        NOT NULL,           -- the practice whose staff work the item
    mailbox_id     text        NOT NULL,           -- the practice mailbox the letter came to
    message_id     text        NOT NULL UNIQUE,    -- one item a message, whatever happens (no FK: messages are purged)
    sender         text        NOT NULL,
    workflow_id    text        NOT NULL,
    reason         text        NOT NULL CHECK (reason IN ('unmatched', 'ambiguous', 'not-registered', 'unidentified',
                                                          'unreadable')),
    detail         text        NOT NULL,           -- why, for the person working the item; never the payload
    subject        jsonb       NOT NULL,           -- what the letter says of its patient (NHS Number, names, ...)
    candidates     text[]      NOT NULL,           -- Patient ids a person should consider, best first
    title          text,
    document_date  timestamptz,                    -- the document's own date, when it has one
    received       timestamptz NOT NULL,           -- when the message arrived in the mailbox
    queued         timestamptz NOT NULL,
    status         text        NOT NULL CHECK (status IN ('open', 'done')),
    content_type   text        NOT NULL,
    file_name      text,
    -- the letter as received (decompressed when it could be), so the item outlives the message's purge
    payload        bytea       NOT NULL
);
CREATE INDEX filing_workqueue_open ON filing_workqueue (ods_code, queued, item_id) WHERE status = 'open';

-- A message whose filing failed for a reason other than its content (the database, a bug) stays in the
-- inbox and is tried again after retry_after, backing off, so one bad message cannot stall the rest.
CREATE TABLE filing_attempt (
    message_id     text        PRIMARY KEY REFERENCES mesh_message ON DELETE CASCADE,
    attempts       integer     NOT NULL CHECK (attempts > 0),
    last_failure   text        NOT NULL,
    retry_after    timestamptz NOT NULL
);

-- The latest summary task of each patient's delayed letters at each practice, so that letters delayed later join
-- it while it is still open, found by key rather than by a search over every Task. Only ids: the Task is the truth,
-- and is read to see whether it is still open.
CREATE TABLE filing_summary (
    organisation_id text       NOT NULL,
    patient_id     text        NOT NULL,
    task_id        text        NOT NULL,
    PRIMARY KEY (organisation_id, patient_id)
);
