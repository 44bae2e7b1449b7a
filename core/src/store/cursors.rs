//! The device's position in each group's feed on the relay, kept in the `sync_cursors` table,
//! with the relay's [`CatchUp`] while a download of whole documents is spread over several
//! answers. A sync response sets positions as the relay states them; a live message only moves
//! one forward.

use rusqlite::{Connection, params};

use jinlin_model::error::Result;
use jinlin_model::ids::DocId;
use jinlin_model::protocol::{CatchUp, GroupCursor};

/// Forgets every feed position: the feeds are read again from the start.
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_cursors", [])?;
    Ok(())
}

/// Every stored feed position.
pub fn all(conn: &Connection) -> Result<Vec<GroupCursor>> {
    let mut stmt =
        conn.prepare_cached("SELECT group_id, cursor, catch_from, catch_upto FROM sync_cursors ORDER BY group_id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (group, cursor, from, upto) = r?;
        Ok(GroupCursor {
            group_id: group.parse()?,
            cursor: from_sql(cursor),
            catch_up: from.zip(upto).map(|(from, upto)| CatchUp {
                from: from_sql(from),
                upto: from_sql(upto),
            }),
        })
    })
    .collect()
}

/// One group's position (0 when the device has never read its feed).
pub fn get(conn: &Connection, group: DocId) -> Result<u64> {
    let mut stmt = conn.prepare_cached("SELECT cursor FROM sync_cursors WHERE group_id = ?1")?;
    let mut rows = stmt.query([group.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(from_sql(r.get::<_, i64>(0)?)),
        None => Ok(0),
    }
}

/// Sets a group's position (and catch-up) to what the relay stated.
pub fn set(conn: &Connection, cursor: &GroupCursor) -> Result<()> {
    let catch_up = cursor.catch_up.map(|c| (to_sql(c.from), to_sql(c.upto)));
    conn.execute(
        "INSERT INTO sync_cursors (group_id, cursor, catch_from, catch_upto) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (group_id) DO UPDATE SET cursor = excluded.cursor, catch_from = excluded.catch_from,
         catch_upto = excluded.catch_upto",
        params![
            cursor.group_id.to_string(),
            to_sql(cursor.cursor),
            catch_up.map(|c| c.0),
            catch_up.map(|c| c.1)
        ],
    )?;
    Ok(())
}

/// Moves a group's position forward to `cursor` (never back). A position moved forward this
/// way ends any catch-up: the next sync starts a fresh one from there if needed. Only a feed the
/// device already reads moves: a live frame about a request read by alert, in a group the device
/// is not in, must not make a later member of that group skip the group's history.
pub fn advance(conn: &Connection, cursor: &GroupCursor) -> Result<()> {
    conn.execute(
        "UPDATE sync_cursors SET
           catch_from = CASE WHEN ?2 > cursor THEN NULL ELSE catch_from END,
           catch_upto = CASE WHEN ?2 > cursor THEN NULL ELSE catch_upto END,
           cursor = max(cursor, ?2)
         WHERE group_id = ?1",
        params![cursor.group_id.to_string(), to_sql(cursor.cursor)],
    )?;
    Ok(())
}

fn to_sql(cursor: u64) -> i64 {
    i64::try_from(cursor).unwrap_or(i64::MAX)
}

fn from_sql(cursor: i64) -> u64 {
    u64::try_from(cursor).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut c = Connection::open_in_memory().expect("open");
        crate::store::schema::migrate(&mut c).expect("migrate");
        c
    }

    #[test]
    fn a_live_message_never_moves_a_position_back_but_the_relay_may() {
        let c = db();
        let g = DocId::random();
        assert_eq!(get(&c, g).expect("get"), 0);
        set(&c, &GroupCursor::at(g, 0)).expect("the first sync reads the feed");
        advance(&c, &GroupCursor::at(g, 9)).expect("advance");
        advance(&c, &GroupCursor::at(g, 4)).expect("advance");
        assert_eq!(get(&c, g).expect("get"), 9);
        set(&c, &GroupCursor::at(g, 4)).expect("set");
        assert_eq!(all(&c).expect("all"), vec![GroupCursor::at(g, 4)]);
    }

    #[test]
    fn a_live_frame_about_a_group_whose_feed_the_device_never_read_moves_no_position() {
        let c = db();
        let other_building = DocId::random();
        advance(&c, &GroupCursor::at(other_building, 40)).expect("advance");
        assert_eq!(
            get(&c, other_building).expect("get"),
            0,
            "joining later reads it from the start"
        );
        assert!(all(&c).expect("all").is_empty());
    }

    #[test]
    fn a_catch_up_is_kept_until_the_relay_drops_it_or_a_live_message_moves_past() {
        let c = db();
        let g = DocId::random();
        let paged = GroupCursor {
            group_id: g,
            cursor: 10,
            catch_up: Some(CatchUp { from: 0, upto: 50 }),
        };
        set(&c, &paged).expect("set");
        assert_eq!(all(&c).expect("all"), vec![paged]);
        advance(&c, &GroupCursor::at(g, 8)).expect("an older frame");
        assert_eq!(all(&c).expect("all"), vec![paged], "an older frame changes nothing");
        advance(&c, &GroupCursor::at(g, 12)).expect("a newer frame");
        assert_eq!(all(&c).expect("all"), vec![GroupCursor::at(g, 12)]);
        set(&c, &paged).expect("set");
        set(&c, &GroupCursor::at(g, 50)).expect("the last page");
        assert_eq!(all(&c).expect("all"), vec![GroupCursor::at(g, 50)]);
    }
}
