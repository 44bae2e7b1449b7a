-- Quotas count what one device made in the last day: groups and invites by their maker.
CREATE INDEX IF NOT EXISTS groups_by_maker ON groups (created_by, created_at);
CREATE INDEX IF NOT EXISTS invites_by_maker ON invites (created_by, created_at);
