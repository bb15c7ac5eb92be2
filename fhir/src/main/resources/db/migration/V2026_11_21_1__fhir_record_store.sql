-- The FHIR record store. Every row carries the patient compartment key (patient_id) so the
-- store can later be distributed by patient (Citus) without cross-patient joins on hot paths.

-- Current version of every resource, including deleted ones (a tombstone answers 410).
CREATE TABLE resource (
    res_type     text        NOT NULL,
    res_id       text        NOT NULL,
    version      integer     NOT NULL,
    last_updated timestamptz NOT NULL,
    deleted      boolean     NOT NULL,
    patient_id   text,
    seq          bigint      NOT NULL,
    json         text,       -- normalised once at write; served as stored; NULL when deleted
    PRIMARY KEY (res_type, res_id)
);
CREATE INDEX resource_patient ON resource (patient_id) WHERE patient_id IS NOT NULL;

-- Every version ever written, in write order (seq): history at instance, type and system level.
CREATE TABLE resource_version (
    seq          bigserial   PRIMARY KEY,
    res_type     text        NOT NULL,
    res_id       text        NOT NULL,
    version      integer     NOT NULL,
    last_updated timestamptz NOT NULL,
    deleted      boolean     NOT NULL,
    patient_id   text,
    method       text        NOT NULL,  -- POST, PUT or DELETE: the history entry's request.method
    json         text,
    UNIQUE (res_type, res_id, version)
);
CREATE INDEX resource_version_type_seq ON resource_version (res_type, seq);
CREATE INDEX resource_version_updated ON resource_version (last_updated);

-- Token index for identifiers, written in the same transaction as the resource. It backs
-- conditional create/update/delete and identifier search until full search indexing lands.
CREATE TABLE index_token (
    res_type   text NOT NULL,
    res_id     text NOT NULL,
    param      text NOT NULL,
    system     text,
    code       text NOT NULL,
    patient_id text
);
CREATE INDEX index_token_lookup ON index_token (res_type, param, code, system);
CREATE INDEX index_token_owner ON index_token (res_type, res_id);
