package org.jinlin.sdk

import java.io.EOFException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.jinlin.core.JinlinException
import org.jinlin.core.PeerLink
import org.jinlin.core.PeerReport

/*
 * Syncing with a neighbour's phone when no relay can be reached, over the app's own transport
 * (Bluetooth LE, Wi-Fi Direct): a [PeerLink] takes the bytes that arrive and gives the bytes to
 * send. What it accepts is stored at once and reaches the Flows like anything from the relay
 * (an urgent request new to this phone comes through [urgentAlerts]); the next [Jinlin.sync]
 * carries it to the relay. A refused or broken link throws `JinlinException.Peer` with a reason
 * a person can act on; nothing arrives from a refused phone.
 */

/** Bytes both ways between two phones, as the app's transport carries them. */
interface PeerTransport {
    /** Sends [bytes] to the neighbour's phone, whole and in order. */
    suspend fun send(bytes: ByteArray)

    /** The next bytes that arrived (any cut of them), or null once the link closed. */
    suspend fun receive(): ByteArray?
}

/**
 * Opens a link with a neighbour's phone; [initiator] is the side that reached out (it sends
 * [PeerLink.firstBytes] first). Throws `JinlinException.Peer` without a credential from the
 * relay (sync once first). Close it with `use {}`.
 */
suspend fun Jinlin.peerLink(initiator: Boolean): PeerLink = withContext(Dispatchers.IO) { client.peerLink(initiator) }

/**
 * Takes bytes that arrived; the bytes to send back (often none until a whole packet is in).
 * After it throws, send [PeerLink.farewell] if the transport still can, then close the link.
 */
suspend fun PeerLink.answer(bytes: ByteArray): ByteArray = withContext(Dispatchers.IO) { receive(bytes) }

/**
 * One whole session with a neighbour's phone over [transport], as the side that reached out
 * ([initiator]) or the side that was reached; what it did. On a refusal the neighbour is told
 * why before `JinlinException.Peer` is thrown; a transport that closes early throws
 * [EOFException]. What arrived whole before either is kept.
 */
suspend fun Jinlin.syncWithPeer(initiator: Boolean, transport: PeerTransport): PeerReport =
    peerLink(initiator).use { link ->
        val first = link.firstBytes()
        if (first.isNotEmpty()) transport.send(first)
        while (!link.isOver()) {
            val bytes = transport.receive() ?: throw EOFException("the neighbour's phone closed the link")
            val out = try {
                link.answer(bytes)
            } catch (e: JinlinException) {
                val why = link.farewell()
                if (why.isNotEmpty()) runCatching { transport.send(why) }
                throw e
            }
            if (out.isNotEmpty()) transport.send(out)
        }
        link.report()
    }
