-- Residents' photo reports, and the photos themselves: content-addressed blobs kept on the
-- device, with how much of each the relay already holds (so an upload cut off resumes).
CREATE TABLE reports (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    status     TEXT NOT NULL,
    reporter   TEXT,
    created_at INTEGER NOT NULL,
    view_json  TEXT NOT NULL
) STRICT;
CREATE INDEX reports_by_group ON reports (group_id, status, created_at);

CREATE TABLE blobs (
    hash       TEXT PRIMARY KEY,        -- lowercase hex SHA-256 of the bytes
    group_id   TEXT NOT NULL,           -- whose members may fetch it from the relay
    size       INTEGER NOT NULL,
    bytes      BLOB,                    -- NULL while known but not fetched
    uploaded   INTEGER NOT NULL DEFAULT 0,  -- bytes the relay has acknowledged
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX blobs_pending ON blobs (uploaded, size) WHERE bytes IS NOT NULL;
