// Listeners as AsyncStreams. Each stream subscribes when made and cancels its TaskHandle when
// the consumer stops iterating (the task is cancelled or the stream is dropped).

import Foundation
import JinlinFFI

private final class Forward<Value: Sendable>: RequestListener, UrgentAlertListener, SyncStateListener,
    @unchecked Sendable
{
    let yield: @Sendable (Value) -> Void
    init(_ yield: @escaping @Sendable (Value) -> Void) { self.yield = yield }

    func onChange(change: RequestChange) { if let v = change as? Value { yield(v) } }
    func onUrgent(request: RequestView) { if let v = request as? Value { yield(v) } }
    func onSyncState(state: SyncState) { if let v = state as? Value { yield(v) } }
}

extension Jinlin {
    /// Every request change on this device, local or from the relay.
    public func requestChanges() -> AsyncStream<RequestChange> {
        stream { try self.client.subscribeRequests(listener: $0) }
    }

    /// Urgent requests from neighbours, once each, as they arrive.
    public func urgentAlerts() -> AsyncStream<RequestView> {
        stream { try self.client.subscribeUrgent(listener: $0) }
    }

    /// The relay connection: online or not, and how many documents wait to be sent.
    public func syncStates() -> AsyncStream<SyncState> {
        stream { try self.client.subscribeSyncState(listener: $0) }
    }

    /// The relay connection as known now, before any sync-state event: not online until a sync
    /// reaches the relay, and the documents waiting to be sent, read now.
    public func syncState() throws -> SyncState {
        SyncState(online: false, pending: try client.pendingCount())
    }

    /// The nearby list now and after every change.
    public func nearbyUpdates() -> AsyncStream<[RequestView]> {
        AsyncStream { continuation in
            let task = Task {
                if let first = try? await self.nearby() { continuation.yield(first) }
                for await _ in self.requestChanges() {
                    if let list = try? await self.nearby() { continuation.yield(list) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func stream<Value: Sendable>(_ subscribe: (Forward<Value>) throws -> TaskHandle) -> AsyncStream<Value> {
        AsyncStream(bufferingPolicy: .bufferingNewest(256)) { continuation in
            let forward = Forward<Value> { continuation.yield($0) }
            do {
                let handle = try subscribe(forward)
                continuation.onTermination = { _ in handle.cancel() }
            } catch {
                continuation.finish()
            }
        }
    }
}
