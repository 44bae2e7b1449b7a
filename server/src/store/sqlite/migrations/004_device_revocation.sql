-- Device revocation: a device that signed out, or whose phone staff reported lost, is cut off.
-- Its row stays (its member id can never be registered again, so nobody takes over its
-- memberships), and so does everything it uploaded.
ALTER TABLE devices ADD COLUMN revoked_at INTEGER;
ALTER TABLE devices ADD COLUMN revoked_by TEXT;
