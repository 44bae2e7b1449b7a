-- A member alerted about an urgent request who signed up to it keeps reading it (its later
-- changes, its end) even when it sits in a group they do not read: the drivers of other
-- buildings who answer waves 2 and 3. Kept on the alert row, so it survives a restart.
ALTER TABLE alerts ADD COLUMN signed_up_at INTEGER;
CREATE INDEX alerts_by_reader ON alerts (member_id) WHERE signed_up_at IS NOT NULL;
