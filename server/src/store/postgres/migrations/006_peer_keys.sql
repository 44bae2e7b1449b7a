-- Peer-to-peer sync (docs/PROTOCOL.md, "Between phones"): the relay's own Ed25519 signing key,
-- made once and kept, and each device's public key, set once at registration. As SQLite's
-- 012_peer_keys.sql.
CREATE TABLE relay_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seed       BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE device_keys (
    member_id  TEXT PRIMARY KEY,
    public_key BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
