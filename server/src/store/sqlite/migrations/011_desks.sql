-- The dashboard's sign-ins (`store/desks.rs`): pairings waiting for a phone's approval and the
-- sessions they became, each by the SHA-256 of the browser's secret. As PostgreSQL's
-- 005_desks.sql.
CREATE TABLE desk_pairings (
    secret_hash BLOB PRIMARY KEY,
    code TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    member_id TEXT
);
CREATE INDEX desk_pairings_by_code ON desk_pairings (code);
CREATE TABLE desk_sessions (
    secret_hash BLOB PRIMARY KEY,
    member_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    installation BLOB NOT NULL
);
CREATE INDEX desk_sessions_by_member ON desk_sessions (member_id);
