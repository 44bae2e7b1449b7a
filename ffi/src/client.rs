//! [`JinlinClient`]: one device, opened with its store path and relay URL, and every action a
//! person takes. Each action is async: it runs on the library's runtime, writes at once to the
//! local store (offline first) and returns the view the shell shows next.

use std::sync::Arc;

use jinlin_core::{Device, MemberId, Phone};

use crate::error::JinlinError;
use crate::grid::{
    self, CoverageView, HouseholdSummary, NewHousehold, NewVisit, VisitCorrection, VisitEditView, VisitView,
};
use crate::household_needs::{self, HouseholdNeedView};
use crate::kinds::{GroupKind, NeedStatus, Role, Skill};
use crate::listeners::{self, GroupListener, RequestListener, SyncStateListener, UrgentAlertListener};
use crate::relay;
use crate::runtime::blocking;
use crate::task_handle::TaskHandle;
use crate::views::{
    GroupView, IdentityView, InviteView, NewRequest, RefusedChangeView, RequestFilter, RequestView, SyncReport, doc_id,
    parse_id,
};

/// One device's Jinlin: its local store and the relay it syncs with.
#[derive(Debug, uniffi::Object)]
pub struct JinlinClient {
    phone: Phone,
    relay_url: String,
}

impl JinlinClient {
    /// The device underneath.
    pub fn device(&self) -> &Arc<Device> {
        self.phone.device()
    }

    /// The phone: the device with its relay client and live channel.
    pub fn phone(&self) -> &Phone {
        &self.phone
    }

    /// A client over an open device (tests give it a hand-set clock).
    #[cfg(test)]
    pub(crate) fn over(device: Device, relay_url: &str) -> Arc<Self> {
        Arc::new(Self {
            phone: Phone::over(Arc::new(device)),
            relay_url: relay_url.to_string(),
        })
    }

    /// Runs `f` with the device on the runtime's blocking pool.
    pub(crate) async fn with_device<T, F>(&self, f: F) -> Result<T, JinlinError>
    where
        F: FnOnce(&Device) -> Result<T, JinlinError> + Send + 'static,
        T: Send + 'static,
    {
        let device = self.device().clone();
        blocking(move || f(&device)).await
    }

    /// Runs a request action, then reads the request back.
    async fn act<F>(&self, request_id: String, f: F) -> Result<RequestView, JinlinError>
    where
        F: FnOnce(&Device, jinlin_core::DocId) -> jinlin_core::Result<()> + Send + 'static,
    {
        self.with_device(move |d| {
            let id = doc_id(&request_id)?;
            f(d, id)?;
            Ok(d.request(id)?.into())
        })
        .await
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl JinlinClient {
    /// Opens the device whose store is the file at `store_path` (created if needed), syncing
    /// with the relay at `relay_url`. Nothing is sent until an action that needs the relay.
    /// `register` registers with `relay_url`; once registered, the device keeps syncing with the
    /// relay it registered with, which holds its token.
    #[uniffi::constructor]
    pub fn new(store_path: String, relay_url: String) -> Result<Arc<Self>, JinlinError> {
        Ok(Arc::new(Self {
            phone: Phone::open(&store_path)?,
            relay_url,
        }))
    }

    /// The relay this device syncs with.
    pub fn relay_url(&self) -> String {
        self.relay_url.clone()
    }

    // ---- identity ----

    /// This device's member, if it has one yet.
    pub async fn identity(&self) -> Result<Option<IdentityView>, JinlinError> {
        self.with_device(|d| Ok(d.identity()?.map(Into::into))).await
    }

    /// Sets the name and home neighbours see, making the member id on first use. Works offline.
    pub async fn set_identity(
        &self,
        name: String,
        building: Option<String>,
        unit: Option<String>,
    ) -> Result<IdentityView, JinlinError> {
        self.with_device(move |d| Ok(d.set_identity(&name, building.as_deref(), unit.as_deref())?.into()))
            .await
    }

    /// Registers this device with the relay under `name` (and home), keeping its token. The
    /// identity is saved first, so the device works even if the relay cannot be reached.
    pub async fn register(
        &self,
        name: String,
        building: Option<String>,
        unit: Option<String>,
    ) -> Result<IdentityView, JinlinError> {
        let identity = relay::register(self.phone.clone(), self.relay_url.clone(), name, building, unit).await?;
        Ok(identity.into())
    }

    /// Signs this device out of its relay for good: its token stops working on every call and
    /// its live channel closes. Send what waits first (`sync`); what it wrote stays. To use
    /// Jinlin again, the phone starts a new store and registers as a new member.
    pub async fn sign_out(&self) -> Result<(), JinlinError> {
        relay::sign_out(self.phone.clone()).await
    }

    // ---- groups ----

    /// Joins a group with an invite code, then syncs to receive it and its requests.
    pub async fn join(
        &self,
        code: String,
        building: Option<String>,
        unit: Option<String>,
    ) -> Result<GroupView, JinlinError> {
        relay::join(self.phone.clone(), code, building, unit).await
    }

    /// As staff of a group, cuts off the device of one of its members (or of a group below it)
    /// whose phone was lost or handed on: its token stops working at once. What they wrote stays.
    pub async fn revoke_device(&self, group_id: String, member_id: String) -> Result<(), JinlinError> {
        relay::revoke_device(self.phone.clone(), group_id, member_id).await
    }

    /// Makes an invite code admitting `uses` people to a group with `role`, valid for
    /// `expires_in` (whole seconds). Staff may invite anyone; grid workers and building leaders,
    /// residents and volunteers. A negative `uses` is refused with `InvalidInput` and nothing is
    /// sent.
    pub async fn create_invite(
        &self,
        group_id: String,
        role: Role,
        uses: i32,
        expires_in: std::time::Duration,
    ) -> Result<InviteView, JinlinError> {
        relay::create_invite(self.phone.clone(), group_id, role, uses, expires_in).await
    }

    /// Creates a group with this member as its staff.
    pub async fn create_group(
        &self,
        name: String,
        kind: GroupKind,
        parent_id: Option<String>,
    ) -> Result<GroupView, JinlinError> {
        self.with_device(move |d| {
            let parent = parent_id.as_deref().map(doc_id).transpose()?;
            let id = d.create_group(&name, kind.into(), parent)?;
            Ok(d.group(id)?.into())
        })
        .await
    }

    /// Every group this device holds.
    pub async fn groups(&self) -> Result<Vec<GroupView>, JinlinError> {
        self.with_device(|d| Ok(d.groups()?.into_iter().map(Into::into).collect()))
            .await
    }

    /// The group the one button raises in: the member's own building, else estate, else
    /// community. `None` before joining, or when two groups are equally close.
    pub async fn own_group(&self) -> Result<Option<GroupView>, JinlinError> {
        self.with_device(|d| Ok(d.own_group()?.map(Into::into))).await
    }

    /// One group.
    pub async fn group(&self, group_id: String) -> Result<GroupView, JinlinError> {
        self.with_device(move |d| Ok(d.group(doc_id(&group_id)?)?.into())).await
    }

    /// Updates this member's skills and home in a group.
    pub async fn set_profile(
        &self,
        group_id: String,
        skills: Vec<Skill>,
        building: Option<String>,
        unit: Option<String>,
    ) -> Result<GroupView, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&group_id)?;
            let skills: Vec<_> = skills.into_iter().map(Into::into).collect();
            d.set_profile(id, &skills, building.as_deref(), unit.as_deref())?;
            Ok(d.group(id)?.into())
        })
        .await
    }

    /// As staff, sets the days between visits to a household of each risk tier in a group;
    /// the due list follows them. Returns the group as it now stands.
    pub async fn set_visit_intervals(
        &self,
        group_id: String,
        red_days: i64,
        yellow_days: i64,
        blue_days: i64,
    ) -> Result<GroupView, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&group_id)?;
            d.set_visit_intervals(
                id,
                jinlin_model::VisitIntervals {
                    red: red_days,
                    yellow: yellow_days,
                    blue: blue_days,
                },
            )?;
            Ok(d.group(id)?.into())
        })
        .await
    }

    /// As staff, names the group's time zone (an IANA name such as "Asia/Shanghai"), or clears
    /// it with `None`: urgent alerts widen faster at night by that zone's clock. Returns the
    /// group as it now stands.
    pub async fn set_time_zone(&self, group_id: String, zone: Option<String>) -> Result<GroupView, JinlinError> {
        self.with_device(move |d| {
            let id = doc_id(&group_id)?;
            d.set_time_zone(id, zone.as_deref())?;
            Ok(d.group(id)?.into())
        })
        .await
    }

    // ---- requests ----

    /// Raises a request. It is saved at once and leaves with the next sync.
    pub async fn raise(&self, request: NewRequest) -> Result<RequestView, JinlinError> {
        self.with_device(move |d| {
            let id = d.raise(request.into_core()?)?;
            Ok(d.request(id)?.into())
        })
        .await
    }

    /// Signs this member up to help. Tentative until the relay has seen it.
    pub async fn accept(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, |d, id| d.accept(id).map(drop)).await
    }

    /// Withdraws this member's sign-up; the first on standby moves up.
    pub async fn withdraw(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, |d, id| d.withdraw(id)).await
    }

    /// Marks the request in progress (a confirmed volunteer or the requester).
    pub async fn start(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, |d, id| d.start(id)).await
    }

    /// Marks the request done (a confirmed volunteer or the requester).
    pub async fn done(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, |d, id| d.complete(id)).await
    }

    /// Cancels the request (the requester only).
    pub async fn cancel(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, |d, id| d.cancel(id)).await
    }

    /// Comments on the request.
    pub async fn comment(&self, request_id: String, text: String) -> Result<RequestView, JinlinError> {
        self.act(request_id, move |d, id| d.comment(id, &text)).await
    }

    /// The requester picks a volunteer by hand, ahead of the relay's order.
    pub async fn pick(&self, request_id: String, member_id: String) -> Result<RequestView, JinlinError> {
        let member: MemberId = parse_id(&member_id)?;
        self.act(request_id, move |d, id| d.pick(id, member)).await
    }

    /// Requests, urgent first, then nearest to this member, then newest.
    pub async fn list(&self, filter: RequestFilter) -> Result<Vec<RequestView>, JinlinError> {
        self.with_device(move |d| {
            let filter = filter.into_core()?;
            Ok(d.list_requests(&filter)?.into_iter().map(Into::into).collect())
        })
        .await
    }

    /// Hides a request from this device's nearby list ("not me, not now") and tells the relay,
    /// so an urgent alert passes on; offline the decline stays on this device.
    pub async fn decline(&self, request_id: String) -> Result<RequestView, JinlinError> {
        relay::decline(self.phone.clone(), doc_id(&request_id)?).await
    }

    /// Open requests from neighbours, nearest first, without the declined ones.
    pub async fn nearby(&self) -> Result<Vec<RequestView>, JinlinError> {
        let phone = self.phone.clone();
        blocking(move || Ok(phone.nearby()?.into_iter().map(Into::into).collect())).await
    }

    /// The unfinished requests this member signed up for: the volunteer's visit list.
    pub async fn follow_ups(&self) -> Result<Vec<RequestView>, JinlinError> {
        let phone = self.phone.clone();
        blocking(move || Ok(phone.follow_ups()?.into_iter().map(Into::into).collect())).await
    }

    /// One request with its sign-ups and comments.
    pub async fn show(&self, request_id: String) -> Result<RequestView, JinlinError> {
        self.with_device(move |d| Ok(d.request(doc_id(&request_id)?)?.into()))
            .await
    }

    // ---- the visit log (grid workers, building leaders) ----

    /// Registers a household (grid workers, staff, a building leader for their building).
    pub async fn add_household(&self, household: NewHousehold) -> Result<HouseholdSummary, JinlinError> {
        self.with_device(move |d| grid::add_household(d, household)).await
    }

    /// Households of a group (every group when `None`), optionally one building, in walking order.
    pub async fn households(
        &self,
        group_id: Option<String>,
        building: Option<String>,
    ) -> Result<Vec<HouseholdSummary>, JinlinError> {
        self.with_device(move |d| grid::households(d, group_id, building)).await
    }

    /// Households due a visit (not reached within their tier's interval), in walking order.
    pub async fn due_households(&self, group_id: Option<String>) -> Result<Vec<HouseholdSummary>, JinlinError> {
        self.with_device(move |d| grid::due(d, group_id)).await
    }

    /// Logs a visit to a household; saved at once, offline too.
    pub async fn log_visit(&self, household_id: String, visit: NewVisit) -> Result<VisitView, JinlinError> {
        self.with_device(move |d| grid::log_visit(d, household_id, visit)).await
    }

    /// Corrects a logged visit (the worker who logged it, or staff): each field given changes,
    /// and the old values are kept in its history. Nothing is written on bad input.
    pub async fn edit_visit(
        &self,
        household_id: String,
        visit_id: String,
        correction: VisitCorrection,
    ) -> Result<VisitView, JinlinError> {
        self.with_device(move |d| grid::edit_visit(d, household_id, visit_id, correction))
            .await
    }

    /// Households visited this cycle against the total, per building (staff, grid workers).
    pub async fn coverage(&self, group_id: Option<String>) -> Result<Vec<CoverageView>, JinlinError> {
        self.with_device(move |d| grid::coverage(d, group_id)).await
    }

    /// The needs found on visits, of a group (every group kept when `None`), with one status or any.
    pub async fn household_needs(
        &self,
        group_id: Option<String>,
        status: Option<NeedStatus>,
    ) -> Result<Vec<HouseholdNeedView>, JinlinError> {
        self.with_device(move |d| household_needs::needs(d, group_id, status))
            .await
    }

    /// Marks a need found on a visit resolved, with what was done.
    pub async fn resolve_household_need(
        &self,
        need_id: String,
        resolution: Option<String>,
    ) -> Result<HouseholdNeedView, JinlinError> {
        self.with_device(move |d| household_needs::resolve(d, need_id, resolution))
            .await
    }

    /// Who changed what on a visit, and when, oldest first.
    pub async fn visit_history(
        &self,
        household_id: String,
        visit_id: String,
    ) -> Result<Vec<VisitEditView>, JinlinError> {
        self.with_device(move |d| grid::visit_history(d, household_id, visit_id))
            .await
    }

    /// Logged visits, newest first: of one household, or of a group (every group when `None`);
    /// at most `limit` of them (a negative `limit` is `InvalidInput`).
    pub async fn visits(
        &self,
        group_id: Option<String>,
        household_id: Option<String>,
        limit: i32,
    ) -> Result<Vec<VisitView>, JinlinError> {
        self.with_device(move |d| grid::visits(d, group_id, household_id, limit))
            .await
    }

    /// Visits with a follow-up date and no later visit, soonest first.
    pub async fn visit_follow_ups(&self, group_id: Option<String>) -> Result<Vec<VisitView>, JinlinError> {
        self.with_device(move |d| grid::open_follow_ups(d, group_id)).await
    }

    // ---- sync ----

    /// Sends what this device did and receives what it missed. Offline, the changes stay on
    /// the device and this fails with `Offline`.
    pub async fn sync(&self) -> Result<SyncReport, JinlinError> {
        relay::sync(self.phone.clone()).await
    }

    /// The changes this device made that the relay refused, newest first, each with the
    /// relay's reason. They no longer wait to be sent; the documents were rebuilt without them.
    pub async fn refused(&self) -> Result<Vec<RefusedChangeView>, JinlinError> {
        self.with_device(|d| Ok(d.refused()?.into_iter().map(RefusedChangeView::from).collect()))
            .await
    }

    /// Keeps a live connection to the relay until the returned handle is cancelled or dropped:
    /// changes arrive as they happen and local ones leave at once. It reconnects by itself.
    pub fn connect_live(&self) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(relay::connect_live(self.phone.clone())?))
    }

    // ---- listeners ----

    /// Calls `listener` on every request change until the returned handle is cancelled or dropped.
    pub fn subscribe_requests(&self, listener: Arc<dyn RequestListener>) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(listeners::requests(self.device(), listener)?))
    }

    /// Calls `listener` on every group change until the returned handle is cancelled or dropped.
    pub fn subscribe_groups(&self, listener: Arc<dyn GroupListener>) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(listeners::groups(self.device(), listener)?))
    }

    /// How many documents have changes the relay has not yet acknowledged, read now: what a
    /// screen shows as waiting to be sent before the first sync-state event.
    pub fn pending_count(&self) -> Result<i64, JinlinError> {
        Ok(crate::numbers::to_i64(self.device().unsynced_docs()?.len()))
    }

    /// Calls `listener` when the relay connection's state changes.
    pub fn subscribe_sync_state(&self, listener: Arc<dyn SyncStateListener>) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(listeners::sync_state(self.device(), listener)?))
    }

    /// Calls `listener` once for each urgent request from a neighbour that arrives.
    pub fn subscribe_urgent(&self, listener: Arc<dyn UrgentAlertListener>) -> Result<Arc<TaskHandle>, JinlinError> {
        Ok(Arc::new(listeners::urgent(self.phone.clone(), listener)?))
    }
}
