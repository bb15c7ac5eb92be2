-- Working a practice's workqueue (org.openspine.exchange.filing.WorkqueueDecisions): a person at the practice
-- files an item's letter into the record they chose, or returns it as not the practice's. Either closes the item;
-- who decided, when and what is kept with it, so the workqueue is its own account of what became of each letter.
ALTER TABLE filing_workqueue
    ADD COLUMN decision        text CHECK (decision IN ('filed', 'returned')),
    ADD COLUMN decided_at      timestamptz,
    ADD COLUMN decided_by      text,            -- the person's id, as their token names them
    ADD COLUMN decided_by_name text,
    ADD COLUMN filed_patient   text,            -- filed: the Patient id
    ADD COLUMN filed_document  text,            -- filed: the DocumentReference id
    ADD COLUMN decision_note   text,            -- returned: why (for the sender, through tracking)
    ADD CONSTRAINT filing_workqueue_decided CHECK (
        (status = 'open' AND decision IS NULL AND decided_at IS NULL AND decided_by IS NULL)
        OR (status = 'done' AND decision = 'filed' AND decided_at IS NOT NULL AND decided_by IS NOT NULL
            AND filed_patient IS NOT NULL AND filed_document IS NOT NULL)
        OR (status = 'done' AND decision = 'returned' AND decided_at IS NOT NULL AND decided_by IS NOT NULL
            AND decision_note IS NOT NULL));

-- A returned letter is tracked as such, so its sender sees that it was not filed, and why.
ALTER TABLE mesh_tracking DROP CONSTRAINT mesh_tracking_event_check;
ALTER TABLE mesh_tracking ADD CONSTRAINT mesh_tracking_event_check CHECK (event IN ('accepted', 'uploaded',
    'downloaded', 'acknowledged', 'expired', 'reported', 'filed', 'queued', 'returned'));
