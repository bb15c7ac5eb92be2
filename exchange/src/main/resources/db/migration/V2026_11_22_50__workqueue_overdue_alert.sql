-- The delivery monitor also alerts on a practice's workqueue left unworked (workqueue-overdue): letters auto-filing
-- acknowledged on the practice's behalf and queued for a person, the oldest waiting longer than allowed. One alert
-- per practice mailbox, like stopped-collecting (workflow_id ''), so exchange_alert_open still makes it once.
-- Re-adding the check scans exchange_alert under a brief exclusive lock: one row per alert ever raised, few.
ALTER TABLE exchange_alert DROP CONSTRAINT exchange_alert_kind_check;
ALTER TABLE exchange_alert ADD CONSTRAINT exchange_alert_kind_check
    CHECK (kind IN ('sla-breach', 'stopped-collecting', 'workqueue-overdue'));
