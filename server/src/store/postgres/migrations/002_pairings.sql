-- Paired neighbours and the daily check-in: one row per pairing, its whole state as JSON (the
-- pairing, the watch over a missed day with its timers, past watches), and when the relay next
-- judges it, so the due ones are found by index. As SQLite's 009_pairings.sql.
CREATE TABLE pairings (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,
    state TEXT NOT NULL,
    next_at BIGINT NOT NULL
);
CREATE INDEX pairings_by_next ON pairings (next_at);
