-- The relay's tables on PostgreSQL: what SQLite's migrations 001 to 008 make, in PostgreSQL's
-- types (BYTEA for blobs, BIGINT for every number, BOOLEAN for flags). Later migrations of
-- either engine come in pairs: the same change, numbered in each engine's own sequence.

-- Devices: one row per member id; only a hash of the bearer token is kept. A revoked device's
-- row stays (its member id can never be registered again).
CREATE TABLE devices (
    member_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT
);

-- Groups nest community > estate > building; kind and parent never change.
CREATE TABLE groups (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    parent     TEXT REFERENCES groups (id),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX groups_by_maker ON groups (created_by, created_at);

-- Who belongs where, with which role. This table, not the group document, decides access.
CREATE TABLE memberships (
    member_id TEXT NOT NULL,
    group_id  TEXT NOT NULL REFERENCES groups (id),
    role      TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, group_id)
);
CREATE INDEX memberships_by_group ON memberships (group_id);

-- Invite codes, by hash; a building-leader invite names its building.
CREATE TABLE invites (
    code_hash  BYTEA PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups (id),
    role       TEXT NOT NULL,
    uses_left  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    building   TEXT
);
CREATE INDEX invites_by_maker ON invites (created_by, created_at);

-- Documents. `snapshot` (when present) holds every change of the document up to feed position
-- `snapshot_seq`; loading applies the document's later feed entries on top.
CREATE TABLE docs (
    id           TEXT PRIMARY KEY,
    doc_type     TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    snapshot     BYTEA,
    snapshot_seq BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);

-- The last feed position given. A change takes the next one by updating this one row, which
-- stays locked until its transaction ends: positions are given in commit order, so a device
-- reading the feed after position N never misses a change committed later with a smaller one
-- (as it could with a sequence, whose numbers are taken in start order). A transaction that
-- rolls back gives its positions back unseen.
CREATE TABLE feed_head (
    seq BIGINT NOT NULL
);
INSERT INTO feed_head (seq) VALUES (0);

-- The change feed: every change the relay holds, append-only, in the order it was committed.
CREATE TABLE feed (
    seq      BIGINT PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES docs (id),
    group_id TEXT NOT NULL,
    hash     BYTEA NOT NULL,
    bytes    BYTEA NOT NULL,
    UNIQUE (doc_id, hash)
);
CREATE INDEX feed_by_group ON feed (group_id, seq);
CREATE INDEX feed_by_doc ON feed (doc_id, seq);

-- Each member's alert settings: availability, quiet hours (minutes after local midnight), where
-- to push when the phone is offline, and where they live (kept on the relay only).
CREATE TABLE member_settings (
    member_id       TEXT PRIMARY KEY,
    available       BOOLEAN NOT NULL DEFAULT TRUE,
    quiet_start     BIGINT,
    quiet_end       BIGINT,
    medical_through BOOLEAN NOT NULL DEFAULT TRUE,
    push_kind       TEXT,
    push_token      TEXT,
    home_lat        DOUBLE PRECISION,
    home_lon        DOUBLE PRECISION
);

-- The dispatch of each urgent request: the core's `Dispatch` as JSON.
CREATE TABLE dispatches (
    request_id TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    state      TEXT NOT NULL,
    wake_at    BIGINT,
    closed     BOOLEAN NOT NULL DEFAULT FALSE,
    started_at BIGINT NOT NULL
);
CREATE INDEX dispatches_open ON dispatches (closed);

-- One row per member alerted about a request, with the receipts; one who signed up keeps
-- reading the request wherever it sits.
CREATE TABLE alerts (
    request_id   TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    wave         BIGINT NOT NULL,
    alerted_at   BIGINT NOT NULL,
    via          TEXT,
    delivered_at BIGINT,
    seen_at      BIGINT,
    declined_at  BIGINT,
    ended_at     BIGINT,
    signed_up_at BIGINT,
    PRIMARY KEY (request_id, member_id)
);
CREATE INDEX alerts_by_reader ON alerts (member_id) WHERE signed_up_at IS NOT NULL;

-- Which household or report names which attachment; `named` keeps the order of first naming
-- (the first names the attachment's owner).
CREATE TABLE blob_refs (
    named  BIGSERIAL NOT NULL,
    hash   TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES docs (id),
    PRIMARY KEY (hash, doc_id)
);

-- Work the relay owes the database, done once when the relay starts (as on SQLite, where
-- documents stored before `blob_refs` existed are read for the attachments they name).
CREATE TABLE pending_work (
    name TEXT PRIMARY KEY
);
INSERT INTO pending_work (name) VALUES ('blob_refs');
