package org.jinlin.sdk

import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
import org.jinlin.core.GroupKind
import org.jinlin.core.JinlinException
import org.jinlin.core.PeerReport
import org.jinlin.core.RequestKind
import org.jinlin.core.RequestView
import org.jinlin.core.SignupState
import org.jinlin.core.UrgentAlertListener

/*
 * Two phones in the basement: credentials from a real relay process, then no relay, and the
 * phones' PeerLinks exchanging bytes in memory, moved by Kotlin the way a Bluetooth transport
 * would move them (in pieces of at most a BLE payload).
 */

/** One end of an in-memory link: what it sends arrives at the other end in pieces of [mtu]. */
class Pipe(private val out: Channel<ByteArray>, private val into: Channel<ByteArray>, private val mtu: Int = 180) :
    PeerTransport {
    override suspend fun send(bytes: ByteArray) {
        for (at in bytes.indices step mtu) out.send(bytes.copyOfRange(at, minOf(at + mtu, bytes.size)))
    }

    override suspend fun receive(): ByteArray? = into.receiveCatching().getOrNull()

    /** The link closes from this end: the other end reads null. */
    fun close() {
        out.close()
    }
}

/** [opener] reaches out to [other]; both sessions run to their end over an in-memory pipe. */
suspend fun peerSync(opener: Jinlin, other: Jinlin): Pair<PeerReport, PeerReport> = coroutineScope {
    val (toOther, toOpener) = Channel<ByteArray>(Channel.UNLIMITED) to Channel<ByteArray>(Channel.UNLIMITED)
    suspend fun Jinlin.session(initiator: Boolean, pipe: Pipe): PeerReport =
        try {
            syncWithPeer(initiator, pipe)
        } finally {
            pipe.close()
        }
    val theirs = async { other.session(false, Pipe(toOpener, toOther)) }
    val mine = async { opener.session(true, Pipe(toOther, toOpener)) }
    mine.await() to theirs.await()
}

val peerCases = listOf(
    Case("in_the_basement_her_urgent_request_reaches_the_phone_beside_her_alerts_him_and_his_sign_up_stays_tentative") {
        val relay = relay()
        val e = estate(relay)
        // Both phones sync once with the relay: they receive their credentials.
        e.resident.sync()
        e.first.sync()
        val alerted = CompletableDeferred<RequestView>()
        val alerting = e.first.client.subscribeUrgent(object : UrgentAlertListener {
            override fun onUrgent(request: RequestView) {
                alerted.complete(request)
            }
        })

        // The power is out: no relay.
        relay.stop()
        val ride = e.resident.raise(e.group.id, RequestKind.HOSPITAL, "I fell in the stairwell, please come", urgent = true)
        assertFailsWith<JinlinException.Offline> { e.resident.sync() }

        val (hers, his) = peerSync(e.resident, e.first)
        assertEquals("First volunteer", hers.peerName)
        assertEquals("Resident", his.peerName)
        assertEquals(1L, his.receivedItems, "only what he lacked: her request")
        assertTrue(his.turns <= 3 && hers.turns <= 3, "at most three round trips: $hers $his")
        assertEquals(ride.id, withTimeout(10_000) { alerted.await() }.id, "his phone alerts him from its own store")
        alerting.cancel()
        alerting.close()
        assertTrue(e.first.show(ride.id).urgent)

        // He accepts in the basement; the next exchange brings his sign-up to her phone.
        assertEquals(listOf("First volunteer" to SignupState.TENTATIVE), e.first.accept(ride.id).lineUp())
        val (back, _) = peerSync(e.resident, e.first)
        assertEquals(1L, back.receivedChanges, "his sign-up, nothing else")
        for (phone in listOf(e.resident, e.first)) {
            assertEquals(
                listOf("First volunteer" to SignupState.TENTATIVE),
                phone.show(ride.id).lineUp(),
                "tentative on both phones until the relay has ordered it",
            )
        }

        // The power is back: he reaches the relay first and carries her request with his sign-up.
        restart(relay)
        e.first.sync()
        assertEquals(listOf("First volunteer" to SignupState.CONFIRMED), e.first.show(ride.id).lineUp())
        e.resident.sync()
        assertEquals(listOf("First volunteer" to SignupState.CONFIRMED), e.resident.show(ride.id).lineUp())
    },

    Case("a_phone_of_another_community_is_refused_with_the_peer_error_and_receives_nothing") {
        val relay = relay()
        val e = estate(relay)
        e.resident.sync()
        val outsider = device("outsider", relay.url)
        outsider.register("Haicang office")
        outsider.createGroup("Haicang Community", GroupKind.COMMUNITY)
        outsider.sync()
        relay.stop()
        val ride = e.resident.raise(e.group.id, RequestKind.ERRAND, "Bread and milk, please")

        outsider.peerLink(true).use { theirs ->
            e.resident.peerLink(false).use { hers ->
                val refused = assertFailsWith<JinlinException.Peer> { hers.answer(theirs.firstBytes()) }
                assertTrue(refused.message.orEmpty().contains("another community"), refused.message)
                // Her phone tells the outsider's why; it reads the same refusal.
                val told = assertFailsWith<JinlinException.Peer> { theirs.answer(hers.farewell()) }
                assertTrue(told.message.orEmpty().contains("another community"), told.message)
            }
        }
        assertFailsWith<JinlinException.NotFound> { outsider.show(ride.id) }

        // A phone that never reached a relay holds no credential: no link at all.
        val stranger = device("stranger")
        stranger.setIdentity("Stranger")
        assertFailsWith<JinlinException.Peer> { stranger.peerLink(true) }
    },
)
