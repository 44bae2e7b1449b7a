//! The PostgreSQL engine's side of urgent alerts: settings, saved dispatches and alert rows in
//! their tables ([`AlertStore`] for [`PostgresStore`]), and saving a dispatch inside an upload's
//! own transaction. The same statements as SQLite's `sqlite/alerts.rs`, in PostgreSQL's dialect.

use std::collections::HashMap;

use jinlin_model::dispatch::{Dispatch, QuietHours};
use jinlin_model::protocol::PushKind;
use jinlin_model::{DocId, MemberId, Millis, Role};
use tokio_postgres::Row;

use super::pool::Session;
use super::{PostgresStore, parse, unsigned};
use crate::error::Error;
use crate::store::journal::{Journal, JournalDispatch};
use crate::store::{AlertStore, DispatchWrite, MemberSettings, ReceiptCounts, StoredDispatch};

/// The columns [`settings_row`] reads, from its `at` on.
const SETTINGS_COLUMNS: &str =
    "available, quiet_start, quiet_end, medical_through, push_kind, push_token, home_lat, home_lon, language";

fn settings_row(member: MemberId, r: &Row, at: usize) -> Result<MemberSettings, Error> {
    let minute = |i: usize| -> Result<Option<u32>, Error> { r.try_get::<_, Option<i64>>(i)?.map(unsigned).transpose() };
    let (start, end) = (minute(at + 1)?, minute(at + 2)?);
    let (kind, token): (Option<String>, Option<String>) = (r.try_get(at + 4)?, r.try_get(at + 5)?);
    let (lat, lon): (Option<f64>, Option<f64>) = (r.try_get(at + 6)?, r.try_get(at + 7)?);
    Ok(MemberSettings {
        member,
        available: r.try_get(at)?,
        quiet: start.zip(end).map(|(start, end)| QuietHours { start, end }),
        medical_through: r.try_get(at + 3)?,
        push: kind.as_deref().and_then(PushKind::parse).zip(token),
        home: lat.zip(lon),
        language: MemberSettings::read_language(r.try_get::<_, Option<String>>(at + 8)?.as_deref()),
    })
}

fn dispatch_row(r: &Row) -> Result<StoredDispatch, Error> {
    let group: String = r.try_get(0)?;
    let state: String = r.try_get(1)?;
    let dispatch: Dispatch = serde_json::from_str(&state).map_err(|e| Error::CorruptDocument {
        id: group.clone(),
        reason: format!("a stored dispatch does not read: {e}"),
    })?;
    Ok(StoredDispatch {
        group_id: parse(group)?,
        dispatch,
        closed: r.try_get(2)?,
        started_at: r.try_get(3)?,
    })
}

/// Records a delivery, keeping the first.
const DELIVERED_SQL: &str = "UPDATE alerts SET delivered_at = coalesce(delivered_at, $3), via = coalesce(via, $4)
     WHERE request_id = $1 AND member_id = $2";

/// Writes a dispatch step inside the caller's transaction (see [`AlertStore::save_dispatch`]).
pub(super) fn save_dispatch_in(tx: &Session, step: &DispatchWrite) -> Result<(), Error> {
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
    tx.execute(
        "INSERT INTO dispatches (request_id, group_id, state, wake_at, closed, started_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (request_id) DO UPDATE SET state = excluded.state, wake_at = excluded.wake_at,
         closed = excluded.closed",
        &[
            &request,
            &d.group_id.to_string(),
            &state,
            &d.dispatch.deadline,
            &d.closed,
            &d.started_at,
        ],
    )?;
    // One statement per list, not one per member: a wave of a thousand is one round trip.
    if !alerted.is_empty() {
        let members: Vec<String> = alerted.iter().map(|a| a.member.to_string()).collect();
        let waves: Vec<i64> = alerted.iter().map(|a| i64::from(a.wave)).collect();
        // Alerted again (a dispatch that reopened): the alert stands again.
        tx.execute(
            "INSERT INTO alerts (request_id, member_id, wave, alerted_at)
             SELECT $1, m, w, $4 FROM unnest($2::text[], $3::bigint[]) AS t (m, w)
             ON CONFLICT (request_id, member_id) DO UPDATE SET ended_at = NULL",
            &[&request, &members, &waves, now],
        )?;
    }
    if !ended.is_empty() {
        let members: Vec<String> = ended.iter().map(MemberId::to_string).collect();
        tx.execute(
            "UPDATE alerts SET ended_at = $3 WHERE request_id = $1 AND member_id = ANY($2) AND ended_at IS NULL",
            &[&request, &members, now],
        )?;
    }
    if let Some(m) = declined {
        tx.execute(
            "UPDATE alerts SET declined_at = coalesce(declined_at, $3) WHERE request_id = $1 AND member_id = $2",
            &[&request, &m.to_string(), now],
        )?;
    }
    for m in readers {
        tx.execute(
            "UPDATE alerts SET signed_up_at = coalesce(signed_up_at, $3) WHERE request_id = $1 AND member_id = $2",
            &[&request, &m.to_string(), now],
        )?;
    }
    Ok(())
}

impl AlertStore for PostgresStore {
    fn member_settings(&self, member: MemberId) -> Result<MemberSettings, Error> {
        let s = self.pool.get()?;
        let sql = format!("SELECT {SETTINGS_COLUMNS} FROM member_settings WHERE member_id = $1");
        match s.query_opt(&sql, &[&member.to_string()])? {
            Some(row) => settings_row(member, &row, 0),
            None => Ok(MemberSettings::default_for(member)),
        }
    }

    fn members_settings(&self, members: &[MemberId]) -> Result<HashMap<MemberId, MemberSettings>, Error> {
        let s = self.pool.get()?;
        let ids: Vec<String> = members.iter().map(MemberId::to_string).collect();
        let sql = format!("SELECT member_id, {SETTINGS_COLUMNS} FROM member_settings WHERE member_id = ANY($1)");
        s.query(&sql, &[&ids])?
            .iter()
            .map(|r| {
                let member: MemberId = parse(r.try_get(0)?)?;
                Ok((member, settings_row(member, r, 1)?))
            })
            .collect()
    }

    fn put_member_settings(&self, m: &MemberSettings) -> Result<(), Error> {
        let s = self.pool.get()?;
        s.execute(
            "INSERT INTO member_settings
             (member_id, available, quiet_start, quiet_end, medical_through, push_kind, push_token, home_lat, home_lon,
              language)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (member_id) DO UPDATE SET available = excluded.available,
             quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
             medical_through = excluded.medical_through, push_kind = excluded.push_kind,
             push_token = excluded.push_token, home_lat = excluded.home_lat, home_lon = excluded.home_lon,
             language = excluded.language",
            &[
                &m.member.to_string(),
                &m.available,
                &m.quiet.map(|q| i64::from(q.start)),
                &m.quiet.map(|q| i64::from(q.end)),
                &m.medical_through,
                &m.push.as_ref().map(|(k, _)| k.as_str()),
                &m.push.as_ref().map(|(_, t)| t.as_str()),
                &m.home.map(|h| h.0),
                &m.home.map(|h| h.1),
                &m.stored_language(),
            ],
        )?;
        Ok(())
    }

    fn forget_push(&self, member: MemberId, kind: PushKind, token: &str) -> Result<bool, Error> {
        let s = self.pool.get()?;
        let changed = s.execute(
            "UPDATE member_settings SET push_kind = NULL, push_token = NULL
             WHERE member_id = $1 AND push_kind = $2 AND push_token = $3",
            &[&member.to_string(), &kind.as_str(), &token],
        )?;
        Ok(changed > 0)
    }

    fn group_members(&self, group: DocId) -> Result<Vec<(MemberId, Role)>, Error> {
        let s = self.pool.get()?;
        // A revoked device is nobody to alert: its phone is lost or signed out.
        s.query(
            "SELECT m.member_id, m.role FROM memberships m WHERE m.group_id = $1 AND NOT EXISTS
             (SELECT 1 FROM devices d WHERE d.member_id = m.member_id AND d.revoked_at IS NOT NULL)",
            &[&group.to_string()],
        )?
        .iter()
        .map(|r| Ok((parse(r.try_get(0)?)?, parse(r.try_get(1)?)?)))
        .collect()
    }

    fn open_dispatches(&self) -> Result<Vec<StoredDispatch>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT group_id, state, closed, started_at FROM dispatches WHERE NOT closed",
            &[],
        )?
        .iter()
        .map(dispatch_row)
        .collect()
    }

    fn has_dispatch(&self, request: DocId) -> Result<bool, Error> {
        let s = self.pool.get()?;
        Ok(s.query_opt(
            "SELECT 1 FROM dispatches WHERE request_id = $1",
            &[&request.to_string()],
        )?
        .is_some())
    }

    fn save_dispatch(&self, step: &DispatchWrite) -> Result<(), Error> {
        let s = self.pool.get()?;
        let tx = s.transaction()?;
        save_dispatch_in(&tx, step)?;
        let journal = Journal {
            dispatches: vec![JournalDispatch::of(step)],
            ..Journal::default()
        };
        super::cluster::append(&tx, self.instance, &self.channel, &journal)?;
        tx.commit()
    }

    fn mark_delivered(&self, request: DocId, member: MemberId, via: &str, at: Millis) -> Result<bool, Error> {
        let s = self.pool.get()?;
        let n = s.execute(DELIVERED_SQL, &[&request.to_string(), &member.to_string(), &at, &via])?;
        Ok(n > 0)
    }

    fn mark_delivered_many(&self, receipts: &[(DocId, MemberId, String)], at: Millis) -> Result<(), Error> {
        if receipts.is_empty() {
            return Ok(());
        }
        let requests: Vec<String> = receipts.iter().map(|(r, _, _)| r.to_string()).collect();
        let members: Vec<String> = receipts.iter().map(|(_, m, _)| m.to_string()).collect();
        let vias: Vec<String> = receipts.iter().map(|(_, _, v)| v.clone()).collect();
        let s = self.pool.get()?;
        // One statement for the batch (a wave of a thousand is one round trip); the first
        // receipt of a member is kept, as `DELIVERED_SQL` does one at a time.
        s.execute(
            "UPDATE alerts SET delivered_at = coalesce(alerts.delivered_at, $4), via = coalesce(alerts.via, t.via)
             FROM (SELECT DISTINCT ON (r, m) r, m, via
                   FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u (r, m, via, n)
                   ORDER BY r, m, n) AS t
             WHERE alerts.request_id = t.r AND alerts.member_id = t.m",
            &[&requests, &members, &vias, &at],
        )?;
        Ok(())
    }

    fn mark_seen(&self, request: DocId, member: MemberId, at: Millis) -> Result<bool, Error> {
        let s = self.pool.get()?;
        // Seeing an alert means it was delivered, whatever the delivery receipt said.
        let n = s.execute(
            "UPDATE alerts SET seen_at = coalesce(seen_at, $3), delivered_at = coalesce(delivered_at, $3)
             WHERE request_id = $1 AND member_id = $2",
            &[&request.to_string(), &member.to_string(), &at],
        )?;
        Ok(n > 0)
    }

    fn was_alerted(&self, request: DocId, member: MemberId) -> Result<bool, Error> {
        let s = self.pool.get()?;
        Ok(s.query_opt(
            "SELECT 1 FROM alerts WHERE request_id = $1 AND member_id = $2",
            &[&request.to_string(), &member.to_string()],
        )?
        .is_some())
    }

    fn may_answer(&self, request: DocId, member: MemberId) -> Result<bool, Error> {
        let s = self.pool.get()?;
        Ok(s.query_opt(
            "SELECT 1 FROM alerts WHERE request_id = $1 AND member_id = $2 AND declined_at IS NULL",
            &[&request.to_string(), &member.to_string()],
        )?
        .is_some())
    }

    fn alert_readers(&self) -> Result<Vec<(MemberId, DocId, DocId)>, Error> {
        let s = self.pool.get()?;
        s.query(
            "SELECT a.member_id, a.request_id, d.group_id FROM alerts a JOIN docs d ON d.id = a.request_id
             WHERE a.signed_up_at IS NOT NULL",
            &[],
        )?
        .iter()
        .map(|r| Ok((parse(r.try_get(0)?)?, parse(r.try_get(1)?)?, parse(r.try_get(2)?)?)))
        .collect()
    }

    fn receipts(&self, request: DocId) -> Result<ReceiptCounts, Error> {
        let s = self.pool.get()?;
        let r = s.query_one(
            "SELECT count(*), count(delivered_at), count(seen_at), count(declined_at) FROM alerts WHERE request_id = $1",
            &[&request.to_string()],
        )?;
        Ok(ReceiptCounts {
            alerted: unsigned(r.try_get(0)?)?,
            delivered: unsigned(r.try_get(1)?)?,
            seen: unsigned(r.try_get(2)?)?,
            declined: unsigned(r.try_get(3)?)?,
        })
    }
}
