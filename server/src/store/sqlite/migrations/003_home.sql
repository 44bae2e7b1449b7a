-- Where a member lives, as coordinates, so an urgent request with a place ranks the nearest
-- first by distance. Kept on the relay only (never in a group document, never logged).
ALTER TABLE member_settings ADD COLUMN home_lat REAL;
ALTER TABLE member_settings ADD COLUMN home_lon REAL;
