-- Message assurance and the delivery monitor.

-- The national workflows OpenSpine knows what to require of (workflow ids as NHS England publishes them
-- for MESH). A workflow a mailbox was given before this migration ran carries the "undefined workflow"
-- treatment; it takes these definitions, while one an administrator defined keeps its own.
--  * Transfer of Care (FHIR) letters and GP Connect Send Document reports are clinical documents: a FHIR
--    document (or an ITK3 message carrying one, or a DocumentReference) or a PDF with the NHS Number in its
--    metadata, filed into the record at a GP practice, expected to be collected within a working day.
--  * PATH_MEDRPT_V3 carries pathology reports as PMIP EDIFACT (NHS003), not FHIR, so its content is not
--    checked here (checking it for a FHIR DiagnosticReport would refuse every laboratory's report). Results
--    matter sooner than letters: four hours. A FHIR pathology workflow is defined with assurance
--    'pathology-report' when its id is allocated.
INSERT INTO mesh_workflow (workflow_id, description, sla_minutes, assurance, clinical) VALUES
    ('TOC_FHIR_IP_DISCH', 'Transfer of care: acute inpatient and day case discharge summary (FHIR)', 1440, 'clinical-document', true),
    ('TOC_FHIR_EC_DISCH', 'Transfer of care: emergency care discharge summary (FHIR)', 1440, 'clinical-document', true),
    ('TOC_FHIR_MH_DISCH', 'Transfer of care: mental health inpatient discharge summary (FHIR)', 1440, 'clinical-document', true),
    ('TOC_FHIR_OP_ATTEN', 'Transfer of care: outpatient clinic letter (FHIR)', 1440, 'clinical-document', true),
    ('GPFED_CONSULT_REPORT', 'GP Connect Send Document: consultation report to the registered practice', 1440, 'clinical-document', true),
    ('GPCONNECT_SEND_DOCUMENT', 'GP Connect Send Document (v2): document to the registered practice', 1440, 'clinical-document', true),
    ('PATH_MEDRPT_V3', 'Pathology report, PMIP EDIFACT (NHS003)', 240, 'none', true)
ON CONFLICT (workflow_id) DO UPDATE SET description = excluded.description, sla_minutes = excluded.sla_minutes,
    assurance = excluded.assurance, clinical = excluded.clinical
WHERE mesh_workflow.description = 'undefined workflow';

-- An alert of the delivery monitor: messages waiting past their workflow's SLA in one mailbox
-- (sla-breach, per mailbox and workflow), or a mailbox with messages waiting that has not collected for
-- longer than allowed (stopped-collecting, workflow ''). An alert is raised once for as long as its
-- condition lasts, not once per message: a backlog of thousands of letters is one alert that says how
-- many. The partial unique index makes "once" hold with any number of nodes checking at the same time;
-- when the condition clears the alert is resolved, and if it comes back a new alert is raised.
CREATE TABLE exchange_alert (
    alert_id       text        PRIMARY KEY,        -- also the id of the FHIR Task that publishes it
    kind           text        NOT NULL CHECK (kind IN ('sla-breach', 'stopped-collecting')),
    mailbox_id     text        NOT NULL REFERENCES mesh_mailbox,
    workflow_id    text        NOT NULL,           -- '' for an alert about the whole mailbox
    raised         timestamptz NOT NULL,
    resolved       timestamptz,
    messages       integer     NOT NULL,           -- at raising: the messages concerned
    since          timestamptz NOT NULL,           -- at raising: the oldest message's acceptance, or the last collection
    detail         text        NOT NULL            -- as logged: identifiers and counts, never patient data
);
CREATE UNIQUE INDEX exchange_alert_open ON exchange_alert (kind, mailbox_id, workflow_id) WHERE resolved IS NULL;
CREATE INDEX exchange_alert_raised ON exchange_alert (raised);

-- Webhook notices still to deliver (an outbox): one per alert raised or resolved, written in the same
-- transaction, claimed with SKIP LOCKED and a lease, retried on every run until the endpoint takes it.
CREATE TABLE exchange_alert_notice (
    alert_id       text        NOT NULL REFERENCES exchange_alert ON DELETE CASCADE,
    event          text        NOT NULL CHECK (event IN ('raised', 'resolved')),
    created        timestamptz NOT NULL,
    due            timestamptz NOT NULL,           -- the next attempt; pushed ahead while one is under way
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text,
    delivered      timestamptz,
    PRIMARY KEY (alert_id, event)
);
CREATE INDEX exchange_alert_notice_due ON exchange_alert_notice (due) WHERE delivered IS NULL;
