-- Urgent alerts: members' alert settings, each request's dispatch and who was alerted.

-- Each member's alert settings: availability, quiet hours (minutes after local midnight) and
-- where to push when the phone is offline. A member without a row is available, with no quiet
-- hours and no push.
CREATE TABLE member_settings (
    member_id       TEXT PRIMARY KEY,
    available       INTEGER NOT NULL DEFAULT 1,
    quiet_start     INTEGER,
    quiet_end       INTEGER,
    medical_through INTEGER NOT NULL DEFAULT 1,
    push_kind       TEXT,
    push_token      TEXT
) STRICT;

-- The dispatch of each urgent request: the core's `Dispatch` as JSON. `wake_at` is the running
-- wave's deadline; `closed` is set once the request is final and nobody reads it by alert.
CREATE TABLE dispatches (
    request_id TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    state      TEXT NOT NULL,
    wake_at    INTEGER,
    closed     INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dispatches_open ON dispatches (closed);

-- One row per member alerted about a request, with the receipts.
CREATE TABLE alerts (
    request_id   TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    wave         INTEGER NOT NULL,
    alerted_at   INTEGER NOT NULL,
    via          TEXT,
    delivered_at INTEGER,
    seen_at      INTEGER,
    declined_at  INTEGER,
    ended_at     INTEGER,
    PRIMARY KEY (request_id, member_id)
) STRICT;

CREATE INDEX memberships_by_group ON memberships (group_id);
