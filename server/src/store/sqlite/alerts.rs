//! The SQLite engine's side of urgent alerts: settings, saved dispatches and alert rows in
//! their tables ([`AlertStore`] for [`SqliteStore`]), and saving a dispatch inside an upload's own
//! transaction.

use jinlin_model::dispatch::{Dispatch, QuietHours};
use jinlin_model::protocol::PushKind;
use jinlin_model::{DocId, MemberId, Millis, Role};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{SqliteStore, parse};
use crate::error::Error;
use crate::store::{AlertStore, DispatchWrite, MemberSettings, ReceiptCounts, StoredDispatch};

/// Reads `available, quiet_start, quiet_end, medical_through, push_kind, push_token, home_lat,
/// home_lon` from column `at` on.
fn settings_row(member: MemberId, r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<MemberSettings> {
    let (qs, qe): (Option<u32>, Option<u32>) = (r.get(at + 1)?, r.get(at + 2)?);
    let (kind, token): (Option<String>, Option<String>) = (r.get(at + 4)?, r.get(at + 5)?);
    Ok(MemberSettings {
        member,
        available: r.get::<_, i64>(at)? != 0,
        quiet: qs.zip(qe).map(|(start, end)| QuietHours { start, end }),
        medical_through: r.get::<_, i64>(at + 3)? != 0,
        push: kind.as_deref().and_then(PushKind::parse).zip(token),
        home: r.get::<_, Option<f64>>(at + 6)?.zip(r.get::<_, Option<f64>>(at + 7)?),
        language: MemberSettings::read_language(r.get::<_, Option<String>>(at + 8)?.as_deref()),
    })
}

fn dispatch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, i64, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_stored((group, state, closed, started_at): (String, String, i64, i64)) -> Result<StoredDispatch, Error> {
    let dispatch: Dispatch = serde_json::from_str(&state).map_err(|e| Error::CorruptDocument {
        id: group.clone(),
        reason: format!("a stored dispatch does not read: {e}"),
    })?;
    Ok(StoredDispatch {
        group_id: parse(0, group)?,
        dispatch,
        closed: closed != 0,
        started_at,
    })
}

/// Records a decline on the member's alert row.
const DECLINE_SQL: &str =
    "UPDATE alerts SET declined_at = coalesce(declined_at, ?3) WHERE request_id = ?1 AND member_id = ?2";

/// Writes a dispatch step inside the caller's transaction (see [`AlertStore::save_dispatch`]).
pub(super) fn save_dispatch_in(tx: &rusqlite::Transaction<'_>, step: &DispatchWrite) -> Result<(), Error> {
    let DispatchWrite {
        dispatch: d,
        alerted,
        ended,
        declined,
        readers,
        at: now,
    } = step;
    let state = serde_json::to_string(&d.dispatch).map_err(|e| Error::Task(e.to_string()))?;
    let request = d.dispatch.request.to_string();
    tx.prepare_cached(
        "INSERT INTO dispatches (request_id, group_id, state, wake_at, closed, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (request_id) DO UPDATE SET state = excluded.state, wake_at = excluded.wake_at,
         closed = excluded.closed",
    )?
    .execute(params![
        request,
        d.group_id.to_string(),
        state,
        d.dispatch.deadline,
        d.closed as i64,
        d.started_at
    ])?;
    for a in alerted {
        tx.prepare_cached(
            // Alerted again (a dispatch that reopened): the alert stands again.
            "INSERT INTO alerts (request_id, member_id, wave, alerted_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (request_id, member_id) DO UPDATE SET ended_at = NULL",
        )?
        .execute(params![request, a.member.to_string(), a.wave, now])?;
    }
    for m in ended {
        tx.prepare_cached(
            "UPDATE alerts SET ended_at = ?3 WHERE request_id = ?1 AND member_id = ?2 AND ended_at IS NULL",
        )?
        .execute(params![request, m.to_string(), now])?;
    }
    if let Some(m) = declined {
        tx.prepare_cached(DECLINE_SQL)?
            .execute(params![request, m.to_string(), now])?;
    }
    for m in readers {
        tx.prepare_cached(
            "UPDATE alerts SET signed_up_at = coalesce(signed_up_at, ?3) WHERE request_id = ?1 AND member_id = ?2",
        )?
        .execute(params![request, m.to_string(), now])?;
    }
    Ok(())
}

impl AlertStore for SqliteStore {
    fn member_settings(&self, member: MemberId) -> Result<MemberSettings, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT available, quiet_start, quiet_end, medical_through, push_kind, push_token, home_lat, home_lon,
             language FROM member_settings WHERE member_id = ?1",
        )?;
        let row = stmt
            .query_row([member.to_string()], |r| settings_row(member, r, 0))
            .optional()?;
        Ok(row.unwrap_or_else(|| MemberSettings::default_for(member)))
    }

    fn members_settings(
        &self,
        members: &[MemberId],
    ) -> Result<std::collections::HashMap<MemberId, MemberSettings>, Error> {
        let conn = self.reader();
        // The members as one JSON array: one statement however many there are.
        let ids = serde_json::to_string(&members.iter().map(MemberId::to_string).collect::<Vec<_>>())
            .map_err(|e| Error::Task(e.to_string()))?;
        let mut stmt = conn.prepare_cached(
            "SELECT member_id, available, quiet_start, quiet_end, medical_through, push_kind, push_token,
             home_lat, home_lon, language FROM member_settings
             WHERE member_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([ids], |r| {
            let member: MemberId = parse(0, r.get(0)?)?;
            Ok((member, settings_row(member, r, 1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn put_member_settings(&self, s: &MemberSettings) -> Result<(), Error> {
        let conn = self.writer_conn();
        conn.prepare_cached(
            "INSERT OR REPLACE INTO member_settings
             (member_id, available, quiet_start, quiet_end, medical_through, push_kind, push_token,
              home_lat, home_lon, language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            s.member.to_string(),
            s.available as i64,
            s.quiet.map(|q| q.start),
            s.quiet.map(|q| q.end),
            s.medical_through as i64,
            s.push.as_ref().map(|(k, _)| k.as_str()),
            s.push.as_ref().map(|(_, t)| t.as_str()),
            s.home.map(|h| h.0),
            s.home.map(|h| h.1),
            s.stored_language(),
        ])?;
        Ok(())
    }

    fn forget_push(&self, member: MemberId, kind: PushKind, token: &str) -> Result<bool, Error> {
        let conn = self.writer_conn();
        let changed = conn
            .prepare_cached(
                "UPDATE member_settings SET push_kind = NULL, push_token = NULL
                 WHERE member_id = ?1 AND push_kind = ?2 AND push_token = ?3",
            )?
            .execute(params![member.to_string(), kind.as_str(), token])?;
        Ok(changed > 0)
    }

    fn group_members(&self, group: DocId) -> Result<Vec<(MemberId, Role)>, Error> {
        let conn = self.reader();
        // A revoked device is nobody to alert: its phone is lost or signed out.
        let mut stmt = conn.prepare_cached(
            "SELECT m.member_id, m.role FROM memberships m WHERE m.group_id = ?1 AND NOT EXISTS
             (SELECT 1 FROM devices d WHERE d.member_id = m.member_id AND d.revoked_at IS NOT NULL)",
        )?;
        let rows = stmt.query_map([group.to_string()], |r| {
            Ok((parse(0, r.get(0)?)?, parse(1, r.get(1)?)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn open_dispatches(&self) -> Result<Vec<StoredDispatch>, Error> {
        let rows: Vec<_> = {
            let conn = self.reader();
            let mut stmt =
                conn.prepare_cached("SELECT group_id, state, closed, started_at FROM dispatches WHERE closed = 0")?;
            let rows = stmt.query_map([], dispatch_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        rows.into_iter().map(to_stored).collect()
    }

    fn has_dispatch(&self, request: DocId) -> Result<bool, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT 1 FROM dispatches WHERE request_id = ?1")?;
        Ok(stmt.exists([request.to_string()])?)
    }

    fn save_dispatch(&self, step: &DispatchWrite) -> Result<(), Error> {
        let mut conn = self.writer_conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        save_dispatch_in(&tx, step)?;
        tx.commit()?;
        Ok(())
    }

    fn mark_delivered(&self, request: DocId, member: MemberId, via: &str, at: Millis) -> Result<bool, Error> {
        let conn = self.writer_conn();
        let n = conn
            .prepare_cached(
                "UPDATE alerts SET delivered_at = coalesce(delivered_at, ?3), via = coalesce(via, ?4)
                 WHERE request_id = ?1 AND member_id = ?2",
            )?
            .execute(params![request.to_string(), member.to_string(), at, via])?;
        Ok(n > 0)
    }

    fn mark_delivered_many(&self, receipts: &[(DocId, MemberId, String)], at: Millis) -> Result<(), Error> {
        let mut conn = self.writer_conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (request, member, via) in receipts {
            tx.prepare_cached(
                "UPDATE alerts SET delivered_at = coalesce(delivered_at, ?3), via = coalesce(via, ?4)
                 WHERE request_id = ?1 AND member_id = ?2",
            )?
            .execute(params![request.to_string(), member.to_string(), at, via])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn mark_seen(&self, request: DocId, member: MemberId, at: Millis) -> Result<bool, Error> {
        let conn = self.writer_conn();
        // Seeing an alert means it was delivered, whatever the delivery receipt said.
        let n = conn
            .prepare_cached(
                "UPDATE alerts SET seen_at = coalesce(seen_at, ?3), delivered_at = coalesce(delivered_at, ?3)
                 WHERE request_id = ?1 AND member_id = ?2",
            )?
            .execute(params![request.to_string(), member.to_string(), at])?;
        Ok(n > 0)
    }

    fn was_alerted(&self, request: DocId, member: MemberId) -> Result<bool, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached("SELECT 1 FROM alerts WHERE request_id = ?1 AND member_id = ?2")?;
        Ok(stmt.exists([request.to_string(), member.to_string()])?)
    }

    fn may_answer(&self, request: DocId, member: MemberId) -> Result<bool, Error> {
        let conn = self.reader();
        let mut stmt = conn
            .prepare_cached("SELECT 1 FROM alerts WHERE request_id = ?1 AND member_id = ?2 AND declined_at IS NULL")?;
        Ok(stmt.exists([request.to_string(), member.to_string()])?)
    }

    fn alert_readers(&self) -> Result<Vec<(MemberId, DocId, DocId)>, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT a.member_id, a.request_id, d.group_id FROM alerts a JOIN docs d ON d.id = a.request_id
             WHERE a.signed_up_at IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
        rows.map(|r| {
            let (m, req, g) = r?;
            Ok((parse(0, m)?, parse(1, req)?, parse(2, g)?))
        })
        .collect()
    }

    fn receipts(&self, request: DocId) -> Result<ReceiptCounts, Error> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT count(*), count(delivered_at), count(seen_at), count(declined_at) FROM alerts WHERE request_id = ?1",
        )?;
        Ok(stmt.query_row([request.to_string()], |r| {
            Ok(ReceiptCounts {
                alerted: r.get(0)?,
                delivered: r.get(1)?,
                seen: r.get(2)?,
                declined: r.get(3)?,
            })
        })?)
    }
}
