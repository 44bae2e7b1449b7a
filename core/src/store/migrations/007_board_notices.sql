-- Needs on the community's board (认领) and notices to a group (让邻知事): one row per document
-- with its view, and the columns lists filter and sort on.
CREATE TABLE board_needs (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    status     TEXT NOT NULL,
    requester  TEXT,
    created_at INTEGER NOT NULL,
    view_json  TEXT NOT NULL
) STRICT;
CREATE INDEX board_needs_by_status ON board_needs (status, created_at);
CREATE INDEX board_needs_by_group ON board_needs (group_id, created_at);

CREATE TABLE notices (
    id           TEXT PRIMARY KEY,
    group_id     TEXT NOT NULL,
    pinned_until INTEGER,
    withdrawn    INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    view_json    TEXT NOT NULL
) STRICT;
CREATE INDEX notices_by_group ON notices (group_id, created_at);
