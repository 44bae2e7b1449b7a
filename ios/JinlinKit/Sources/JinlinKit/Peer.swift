// Syncing with a neighbour's phone when no relay can be reached, over the app's own transport
// (Bluetooth LE, Multipeer): a `PeerLink` takes the bytes that arrive and gives the bytes to
// send. What it accepts is stored at once and reaches the streams like anything from the relay
// (an urgent request new to this phone comes through `urgentAlerts()`); the next `sync()`
// carries it to the relay. A refused or broken link throws `JinlinError.Peer` with a reason a
// person can act on; nothing arrives from a refused phone. The same calls as the Kotlin
// library's Peer.kt.

import Foundation
import JinlinFFI

/// Bytes both ways between two phones, as the app's transport carries them.
public protocol PeerTransport: Sendable {
    /// Sends `bytes` to the neighbour's phone, whole and in order.
    func send(_ bytes: Data) async throws
    /// The next bytes that arrived (any cut of them), or `nil` once the link closed.
    func receive() async throws -> Data?
}

/// The transport closed before the session was over.
public struct PeerLinkClosed: Error, Sendable {}

extension Jinlin {
    /// Opens a link with a neighbour's phone; `initiator` is the side that reached out (it sends
    /// `firstBytes()` first). Throws `JinlinError.Peer` without a credential from the relay.
    public func peerLink(initiator: Bool) throws -> PeerLink {
        try client.peerLink(initiator: initiator)
    }

    /// One whole session with a neighbour's phone over `transport`, as the side that reached
    /// out (`initiator`) or the side that was reached; what it did. On a refusal the neighbour
    /// is told why before the error is thrown; a transport that closes early throws
    /// `PeerLinkClosed`. What arrived whole before either is kept.
    public func syncWithPeer(initiator: Bool, transport: PeerTransport) async throws -> PeerReport {
        let link = try peerLink(initiator: initiator)
        let first = link.firstBytes()
        if !first.isEmpty { try await transport.send(first) }
        while !link.isOver() {
            guard let bytes = try await transport.receive() else { throw PeerLinkClosed() }
            let out: Data
            do {
                out = try await link.answer(bytes)
            } catch {
                let why = link.farewell()
                if !why.isEmpty { try? await transport.send(why) }
                throw error
            }
            if !out.isEmpty { try await transport.send(out) }
        }
        return link.report()
    }
}

extension PeerLink {
    /// Takes bytes that arrived, off the caller's thread; the bytes to send back (often none
    /// until a whole packet is in). After it throws, send `farewell()` if the transport still
    /// can, then close the link.
    public func answer(_ bytes: Data) async throws -> Data {
        try await Task.detached { try self.receive(bytes: bytes) }.value
    }
}
