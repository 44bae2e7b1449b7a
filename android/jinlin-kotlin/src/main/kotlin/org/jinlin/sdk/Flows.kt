package org.jinlin.sdk

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn
import org.jinlin.core.GroupListener
import org.jinlin.core.RequestChange
import org.jinlin.core.RequestListener
import org.jinlin.core.RequestView
import org.jinlin.core.Status
import org.jinlin.core.SyncState
import org.jinlin.core.SyncStateListener
import org.jinlin.core.TaskHandle
import org.jinlin.core.UrgentAlertListener

/*
 * Listeners as Flows. Each Flow subscribes when collected and stops the subscription (cancels
 * and frees its TaskHandle) when the collector goes away.
 */

private fun TaskHandle.stop() {
    cancel()
    close()
}

/** Every request change on this device, local or from the relay. */
fun Jinlin.requestChanges(): Flow<RequestChange> = callbackFlow {
    val handle = client.subscribeRequests(object : RequestListener {
        override fun onChange(change: RequestChange) {
            trySend(change)
        }
    })
    awaitClose { handle.stop() }
}.buffer(Channel.UNLIMITED)

/** Ids of groups that changed (a member joined, a role changed). */
fun Jinlin.groupChanges(): Flow<String> = callbackFlow {
    val handle = client.subscribeGroups(object : GroupListener {
        override fun onGroupChange(groupId: String, remote: Boolean) {
            trySend(groupId)
        }
    })
    awaitClose { handle.stop() }
}.buffer(Channel.UNLIMITED)

/** Each change of the relay connection: online or not, and how many documents wait to be sent. */
fun Jinlin.syncStates(): Flow<SyncState> = callbackFlow {
    val handle = client.subscribeSyncState(object : SyncStateListener {
        override fun onSyncState(state: SyncState) {
            trySend(state)
        }
    })
    awaitClose { handle.stop() }
}.conflate()

/**
 * The relay connection as a [StateFlow], kept while [scope] lives: its value is there at once
 * (not online until a sync reaches the relay; the documents waiting to be sent, read now), then
 * follows every change.
 */
fun Jinlin.syncState(scope: CoroutineScope): StateFlow<SyncState> =
    syncStates().stateIn(scope, SharingStarted.Eagerly, SyncState(online = false, pending = client.pendingCount()))

/** Urgent requests from neighbours, once each, as they arrive. */
fun Jinlin.urgentAlerts(): Flow<RequestView> = callbackFlow {
    val handle = client.subscribeUrgent(object : UrgentAlertListener {
        override fun onUrgent(request: RequestView) {
            trySend(request)
        }
    })
    awaitClose { handle.stop() }
}.buffer(Channel.UNLIMITED)

/**
 * A tick now and after every request change. The first tick is sent once the subscription is
 * live, so a reader that starts on it misses no change; ticks conflate for slow readers.
 */
private fun Jinlin.requestTicks(): Flow<Unit> = callbackFlow {
    val handle = client.subscribeRequests(object : RequestListener {
        override fun onChange(change: RequestChange) {
            trySend(Unit)
        }
    })
    trySend(Unit)
    awaitClose { handle.stop() }
}.conflate()

/** The request list, read now and again after every change; a reading equal to the last is not sent again. */
fun Jinlin.requests(groupId: String? = null, status: Status? = null): Flow<List<RequestView>> =
    requestTicks().map { list(groupId, status) }.distinctUntilChanged()

/** Open requests near this member that it has not declined, kept up to date. */
fun Jinlin.nearbyRequests(): Flow<List<RequestView>> = requestTicks().map { nearby() }.distinctUntilChanged()

/**
 * The unfinished requests this member signed up for, kept up to date. (Named apart from the
 * one-shot [Jinlin.followUps], which as a member would hide an extension of the same name.)
 */
fun Jinlin.followUpRequests(): Flow<List<RequestView>> = requestTicks().map { followUps() }.distinctUntilChanged()
