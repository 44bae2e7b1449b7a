package org.jinlin.sdk

import java.nio.file.Files
import java.nio.file.Path

/**
 * What one test owns: a temporary folder for stores and relay data, the devices it opened and
 * the relays it started. Closing it closes and stops them all and removes the folder.
 */
class Ctx : AutoCloseable {
    val dir: Path = Files.createTempDirectory("jinlin-kotlin-test")
    private val devices = mutableListOf<Jinlin>()
    private val relays = mutableListOf<Relay>()

    /** A relay URL where nothing listens: the device is offline. */
    val nowhere = "http://127.0.0.1:9"

    /** Opens a device with its own store, syncing with [relayUrl]. */
    suspend fun device(name: String, relayUrl: String = nowhere): Jinlin =
        Jinlin.open(dir.resolve("$name.db").toString(), relayUrl).also { devices += it }

    /** Starts a relay on a free loopback port with its data in this test's folder. */
    fun relay(): Relay = Relay.start(dir.resolve("relay")).also { relays += it }

    /** Restarts [relay] on the same port and data, as after a power cut. */
    fun restart(relay: Relay): Relay = relay.restart().also { relays += it }

    /** Prints what the relays said, for a failed test. */
    fun dumpRelayLogs() {
        for (relay in relays) {
            println("--- relay ${relay.url} log:")
            relay.log().forEach { println("    $it") }
        }
    }

    override fun close() {
        devices.asReversed().forEach { runCatching { it.close() } }
        relays.forEach { runCatching { it.stop() } }
        dir.toFile().deleteRecursively()
    }
}
