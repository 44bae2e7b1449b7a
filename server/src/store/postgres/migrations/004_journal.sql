-- Several relay instances on one database: the journal each commit appends to, numbered without
-- gaps in commit order (the head row is locked until the appending transaction ends), read by
-- the other instances to bring their memory and live connections up to date
-- (`store/journal.rs`). The body is the commit's summary as JSON. SQLite serves one process
-- and has no journal.
CREATE TABLE journal_head (id BIGINT NOT NULL);
INSERT INTO journal_head (id) VALUES (0);
CREATE TABLE journal (
    id BIGINT PRIMARY KEY,
    origin BIGINT NOT NULL,
    at BIGINT NOT NULL,
    body TEXT NOT NULL
);
