-- Proposals put to a vote (议事): one row per proposal with its view, and the columns lists
-- filter and sort on (its group, when the vote closes).
CREATE TABLE proposals (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    closes_at  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    view_json  TEXT NOT NULL
) STRICT;
CREATE INDEX proposals_by_group ON proposals (group_id, created_at);
