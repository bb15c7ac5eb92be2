-- Whether auto-filing takes letters arriving in a mailbox (org.openspine.exchange.filing). On by default, as
-- before; a practice whose own document-management system collects its mailbox through the MESH API turns it off,
-- and its letters then wait in the inbox for that client as MESH's own would.
ALTER TABLE mesh_mailbox ADD COLUMN auto_file boolean NOT NULL DEFAULT true;
