-- Devices: one row per member id; only a hash of the bearer token is kept.
CREATE TABLE devices (
    member_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) STRICT;

-- Groups nest community > estate > building. Kind and parent are read from the group document
-- when it is first uploaded and never change afterwards.
CREATE TABLE groups (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    parent     TEXT REFERENCES groups (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- Who belongs where, with which role. This table, not the group document, decides access.
CREATE TABLE memberships (
    member_id TEXT NOT NULL,
    group_id  TEXT NOT NULL REFERENCES groups (id),
    role      TEXT NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, group_id)
) STRICT;

-- Invite codes, by hash.
CREATE TABLE invites (
    code_hash  BLOB PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups (id),
    role       TEXT NOT NULL,
    uses_left  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;

-- Documents. `snapshot` (when present) holds every change of the document up to feed position
-- `snapshot_seq`; loading applies the document's later feed entries on top.
CREATE TABLE docs (
    id           TEXT PRIMARY KEY,
    doc_type     TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    snapshot     BLOB,
    snapshot_seq INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
) STRICT;

-- The change feed: every change the relay holds, append-only, in the order it was applied.
CREATE TABLE feed (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id   TEXT NOT NULL REFERENCES docs (id),
    group_id TEXT NOT NULL,
    hash     BLOB NOT NULL,
    bytes    BLOB NOT NULL,
    UNIQUE (doc_id, hash)
) STRICT;
CREATE INDEX feed_by_group ON feed (group_id, seq);
CREATE INDEX feed_by_doc ON feed (doc_id, seq);
