-- Residents' orders of items on a group's service menu: one row per order with its view, and the
-- columns lists filter on (where it stands, who it is for, the team that has it).
CREATE TABLE orders (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    status     TEXT NOT NULL,
    requester  TEXT,
    ordered_by TEXT,
    team       TEXT,
    created_at INTEGER NOT NULL,
    view_json  TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_group ON orders (group_id, status, created_at);
