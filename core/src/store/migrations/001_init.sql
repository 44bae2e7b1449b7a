-- Documents: a compacted snapshot plus incremental chunks appended since.
CREATE TABLE docs (
    id          TEXT PRIMARY KEY,
    doc_type    TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    snapshot    BLOB NOT NULL,
    chunks      INTEGER NOT NULL DEFAULT 0,
    local_seq   INTEGER NOT NULL DEFAULT 0,  -- bumped by every change made on this device
    synced_seq  INTEGER NOT NULL DEFAULT 0,  -- local_seq the relay has acknowledged
    relay_heads BLOB NOT NULL DEFAULT x'',   -- heads the relay is known to hold
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX docs_unsynced ON docs (local_seq) WHERE local_seq > synced_seq;

CREATE TABLE doc_chunks (
    doc_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
) STRICT;

-- The device's identity and settings.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Query tables, written in the same transaction as the document they index.
CREATE TABLE groups (
    id        TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    parent    TEXT,
    view_json TEXT NOT NULL
) STRICT;

CREATE TABLE requests (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    status     TEXT NOT NULL,
    urgent     INTEGER NOT NULL,
    building   TEXT,
    created_at INTEGER NOT NULL,
    view_json  TEXT NOT NULL
) STRICT;
CREATE INDEX requests_by_group ON requests (group_id, status, urgent DESC, created_at DESC);
CREATE INDEX requests_by_status ON requests (status, urgent DESC, created_at DESC);
CREATE INDEX requests_by_building ON requests (building, status);

-- How far this device has read each group's feed on the relay.
CREATE TABLE sync_cursors (
    group_id TEXT PRIMARY KEY,
    cursor   INTEGER NOT NULL
) STRICT;
