//! What the dashboard reads: every document of one kind the signed-in member may read, each read
//! into its view. Who may read what is the one access policy (`access/policy.rs`,
//! [`Access::may_read`]); a building leader's household is decided by its building, exactly as
//! for a sync. Views are kept in memory ([`ViewCache`]) and dropped when their document changes
//! (the live broadcast tells, see [`run_invalidation`]), so a page over a thousand open
//! requests does not rebuild a thousand documents.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use jinlin_model::docs::household::HouseholdView;
use jinlin_model::docs::need::NeedView;
use jinlin_model::docs::notice::NoticeView;
use jinlin_model::docs::order::OrderView;
use jinlin_model::docs::proposal::ProposalView;
use jinlin_model::docs::report::ReportView;
use jinlin_model::docs::{household, need, notice, order, proposal, report, request};
use jinlin_model::{DocId, DocKind, RequestView};
use lru::LruCache;
use tokio::sync::broadcast::error::RecvError;

use crate::access::{Access, DocRef};
use crate::doc_cache::CachedDoc;
use crate::error::Error;
use crate::live::LiveEvent;
use crate::relay::Relay;

/// A document read for the dashboard.
#[derive(Debug, Clone)]
pub enum View {
    /// A help request.
    Request(RequestView),
    /// A service order.
    Order(OrderView),
    /// A household of the registry.
    Household(HouseholdView),
    /// A photo report.
    Report(ReportView),
    /// A proposal put to a vote.
    Proposal(ProposalView),
    /// A notice.
    Notice(NoticeView),
    /// A need on the board.
    Need(NeedView),
    /// A kind the dashboard has no page for yet.
    Other,
}

/// Views kept at most; the least recently used goes first.
pub const VIEW_CACHE_CAPACITY: usize = 20_000;

/// Views read since their document last changed, at most [`VIEW_CACHE_CAPACITY`].
#[derive(Debug)]
pub struct ViewCache {
    views: Mutex<LruCache<DocId, Arc<View>>>,
    /// Bumped by every invalidation: a view read before one is not kept.
    epoch: AtomicU64,
    /// Whether a task is dropping changed documents (otherwise nothing is kept).
    watched: AtomicBool,
}

impl Default for ViewCache {
    fn default() -> Self {
        ViewCache {
            views: Mutex::new(LruCache::new(
                NonZeroUsize::new(VIEW_CACHE_CAPACITY).unwrap_or(NonZeroUsize::MIN),
            )),
            epoch: AtomicU64::new(0),
            watched: AtomicBool::new(false),
        }
    }
}

impl ViewCache {
    fn get(&self, id: DocId) -> Option<Arc<View>> {
        if !self.watched.load(Ordering::Acquire) {
            return None;
        }
        self.views.lock().unwrap_or_else(|p| p.into_inner()).get(&id).cloned()
    }

    fn keep(&self, id: DocId, view: Arc<View>, epoch: u64) {
        let mut views = self.views.lock().unwrap_or_else(|p| p.into_inner());
        if self.watched.load(Ordering::Acquire) && self.epoch.load(Ordering::Acquire) == epoch {
            views.put(id, view);
        }
    }

    /// Forgets the view of `id` now, for a page that changed it and reads it straight after,
    /// before the broadcast would tell.
    pub(crate) fn forget(&self, id: DocId) {
        self.drop_doc(Some(id));
    }

    fn drop_doc(&self, id: Option<DocId>) {
        let mut views = self.views.lock().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        match id {
            Some(id) => {
                views.pop(&id);
            }
            None => views.clear(),
        }
    }
}

/// Drops the view of every document that changes, for as long as the relay runs.
pub async fn run_invalidation(relay: Arc<Relay>) {
    let mut events = relay.subscribe();
    let cache = relay.dashboard().views();
    cache.drop_doc(None);
    cache.watched.store(true, Ordering::Release);
    loop {
        match events.recv().await {
            Ok(LiveEvent::Changes(batch)) => cache.drop_doc(Some(batch.doc_id)),
            Ok(LiveEvent::Resync) | Err(RecvError::Lagged(_)) => cache.drop_doc(None),
            Ok(_) => {}
            Err(RecvError::Closed) => break,
        }
    }
    cache.watched.store(false, Ordering::Release);
    cache.drop_doc(None);
}

/// Reads document `id` of `kind` from the store into its view.
fn read_view(relay: &Relay, id: DocId, kind: DocKind) -> Result<Option<View>, Error> {
    let Some(stored) = relay.store().load_doc(id)? else {
        return Ok(None);
    };
    let doc = CachedDoc::rebuild(id, stored)?.into_doc();
    Ok(Some(match kind {
        DocKind::Request => View::Request(request::read(&doc)?),
        DocKind::Order => View::Order(order::read(&doc)?),
        DocKind::Household => View::Household(household::read(&doc)?),
        DocKind::Report => View::Report(report::read(&doc)?),
        DocKind::Proposal => View::Proposal(proposal::read(&doc)?),
        DocKind::Notice => View::Notice(notice::read(&doc)?),
        DocKind::Need => View::Need(need::read(&doc)?),
        _ => View::Other,
    }))
}

impl Relay {
    /// The view of document `id` of `kind`, from memory when it has not changed since.
    pub(crate) fn desk_view(&self, id: DocId, kind: DocKind) -> Result<Option<Arc<View>>, Error> {
        let cache = self.dashboard().views();
        if let Some(v) = cache.get(id) {
            return Ok(Some(v));
        }
        let epoch = cache.epoch.load(Ordering::Acquire);
        let Some(view) = read_view(self, id, kind)? else {
            return Ok(None);
        };
        let view = Arc::new(view);
        cache.keep(id, view.clone(), epoch);
        Ok(Some(view))
    }

    /// Every document of `kind` that `access` may read, read into views. A document that
    /// cannot be read is left out and logged, so one bad document does not hide the others.
    pub(crate) fn desk_docs(&self, access: &Access<'_>, kind: DocKind) -> Result<Vec<Arc<View>>, Error> {
        let mut out = Vec::new();
        for id in self.store.docs_of_type(kind)? {
            let Some(meta) = self.store.doc(id)? else { continue };
            let doc = DocRef {
                id,
                kind,
                group: meta.group_id,
            };
            // Everything but a building leader's household is decided without the document.
            let mut loaded = None;
            let readable = access.may_read(&doc, || -> Result<Option<String>, Error> {
                let view = self.desk_view(id, kind)?;
                let building = match view.as_deref() {
                    Some(View::Household(h)) => Some(h.building.clone()),
                    _ => None,
                };
                loaded = view;
                Ok(building)
            });
            match readable {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::warn!(doc = %id, error = %e, "dashboard: document not readable");
                    continue;
                }
            }
            let view = match loaded {
                Some(v) => Some(v),
                None => match self.desk_view(id, kind) {
                    Ok(v) => v,
                    Err(e) => {
                        tracing::warn!(doc = %id, error = %e, "dashboard: document not readable");
                        continue;
                    }
                },
            };
            if let Some(v) = view {
                out.push(v);
            }
        }
        Ok(out)
    }
}

impl Relay {
    /// A group's view, as last committed (read through the writer's loaded documents).
    pub(crate) fn desk_group(&self, id: DocId) -> Option<Arc<jinlin_model::GroupView>> {
        let mut cache = self.docs();
        match self.load(&mut cache, id).and_then(|d| Ok(d.group_view()?)) {
            Ok(view) => Some(view),
            Err(e) => {
                tracing::warn!(group = %id, error = %e, "dashboard: group not readable");
                None
            }
        }
    }
}

/// Group names, each read once per page.
#[derive(Debug, Default)]
pub struct GroupNames(HashMap<DocId, String>);

impl GroupNames {
    /// The name of `group`.
    pub fn name(&mut self, relay: &Relay, group: DocId) -> String {
        self.0
            .entry(group)
            .or_insert_with(|| relay.desk_group(group).map(|g| g.name.clone()).unwrap_or_default())
            .clone()
    }
}
