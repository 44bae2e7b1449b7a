-- The grid worker's query tables: households, their visits and needs, written with each
-- household document change.
CREATE TABLE households (
    id              TEXT PRIMARY KEY,
    group_id        TEXT NOT NULL,
    building        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    floor           INTEGER,
    tier            TEXT NOT NULL,
    last_contact_at INTEGER,
    summary_json    TEXT NOT NULL
) STRICT;
CREATE INDEX households_walk ON households (group_id, building, floor, unit);

CREATE TABLE visits (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    at           INTEGER NOT NULL,
    worker_id    TEXT NOT NULL,
    follow_up    TEXT,
    view_json    TEXT NOT NULL
) STRICT;
CREATE INDEX visits_by_household ON visits (household_id, at);
CREATE INDEX visits_by_worker ON visits (worker_id, at);
CREATE INDEX visits_follow_up ON visits (group_id, follow_up) WHERE follow_up IS NOT NULL;

CREATE TABLE needs (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    status       TEXT NOT NULL,
    due          TEXT,
    view_json    TEXT NOT NULL
) STRICT;
CREATE INDEX needs_by_status ON needs (group_id, status, due);
