-- The dashboard's sign-ins (`store/desks.rs`): pairings waiting for a phone's approval and the
-- sessions they became, each by the SHA-256 of the browser's secret. As SQLite's 011_desks.sql.
CREATE TABLE desk_pairings (
    secret_hash BYTEA PRIMARY KEY,
    code TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    member_id TEXT
);
CREATE INDEX desk_pairings_by_code ON desk_pairings (code);
CREATE TABLE desk_sessions (
    secret_hash BYTEA PRIMARY KEY,
    member_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    installation BYTEA NOT NULL
);
CREATE INDEX desk_sessions_by_member ON desk_sessions (member_id);
