//! The device's position in each group's feed on the relay, kept in the `sync_cursors` table.
//! A sync response sets positions as the relay states them; a live message only moves one
//! forward.

use rusqlite::{Connection, params};

use crate::error::Result;
use crate::ids::DocId;
use crate::protocol::GroupCursor;

/// Every stored feed position.
pub fn all(conn: &Connection) -> Result<Vec<GroupCursor>> {
    let mut stmt = conn.prepare_cached("SELECT group_id, cursor FROM sync_cursors ORDER BY group_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|r| {
        let (group, cursor) = r?;
        Ok(GroupCursor {
            group_id: group.parse()?,
            cursor: u64::try_from(cursor).unwrap_or(0),
        })
    })
    .collect()
}

/// One group's position (0 when the device has never read its feed).
pub fn get(conn: &Connection, group: DocId) -> Result<u64> {
    let mut stmt = conn.prepare_cached("SELECT cursor FROM sync_cursors WHERE group_id = ?1")?;
    let mut rows = stmt.query([group.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0)),
        None => Ok(0),
    }
}

/// Sets a group's position to what the relay stated.
pub fn set(conn: &Connection, cursor: &GroupCursor) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_cursors (group_id, cursor) VALUES (?1, ?2)
         ON CONFLICT (group_id) DO UPDATE SET cursor = excluded.cursor",
        params![cursor.group_id.to_string(), to_sql(cursor.cursor)],
    )?;
    Ok(())
}

/// Moves a group's position forward to `cursor` (never back).
pub fn advance(conn: &Connection, cursor: &GroupCursor) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_cursors (group_id, cursor) VALUES (?1, ?2)
         ON CONFLICT (group_id) DO UPDATE SET cursor = max(cursor, excluded.cursor)",
        params![cursor.group_id.to_string(), to_sql(cursor.cursor)],
    )?;
    Ok(())
}

fn to_sql(cursor: u64) -> i64 {
    i64::try_from(cursor).unwrap_or(i64::MAX)
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
        advance(&c, &GroupCursor { group_id: g, cursor: 9 }).expect("advance");
        advance(&c, &GroupCursor { group_id: g, cursor: 4 }).expect("advance");
        assert_eq!(get(&c, g).expect("get"), 9);
        set(&c, &GroupCursor { group_id: g, cursor: 4 }).expect("set");
        assert_eq!(all(&c).expect("all"), vec![GroupCursor { group_id: g, cursor: 4 }]);
    }
}
