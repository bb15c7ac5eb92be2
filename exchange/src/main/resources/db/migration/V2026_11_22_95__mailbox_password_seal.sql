-- Mailbox passwords are stored sealed (AES-256-GCM) under a key kept in the data directory, not in the
-- database: see PasswordSeal. This table keeps that key's fingerprint, HMAC(key, a fixed label), never the
-- key, so that a node started with another key refuses to start rather than seal passwords the other nodes
-- cannot open. Rows stored in the clear before this are sealed at the next start.
CREATE TABLE mesh_mailbox_key (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    fingerprint bytea       NOT NULL,
    created     timestamptz NOT NULL
);

COMMENT ON COLUMN mesh_mailbox.password IS
    'sealed:v1: and base64(nonce, AES-256-GCM ciphertext and tag) under the mailbox key, the mailbox id as associated data';
