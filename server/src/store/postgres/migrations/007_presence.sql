-- Several relay instances on one database: which members hold a live connection to which
-- instance, so the instance that sends an urgent wave pushes only to members live on none of
-- them (the others get the alert on their live socket from their own instance). Each instance
-- says it is alive at least once a second (`seen_at`, the database's clock in milliseconds);
-- the presence of an instance not heard from for a few seconds counts for nothing
-- (`store/postgres/cluster.rs`, `server/src/presence.rs`).
CREATE TABLE relay_instances (
    instance BIGINT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
CREATE TABLE presence (
    instance BIGINT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (instance, member_id)
);
CREATE INDEX presence_by_member ON presence (member_id);
