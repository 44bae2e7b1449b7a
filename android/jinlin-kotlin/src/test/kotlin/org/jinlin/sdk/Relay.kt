package org.jinlin.sdk

import java.nio.file.Path
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * A real relay process on loopback: the `jinlin-relay` binary (path from `JINLIN_RELAY`,
 * default `target/debug/jinlin-relay`) started with `--listen 127.0.0.1:PORT --data DIR`. Its
 * address is read from the `listening on 127.0.0.1:PORT` line it prints.
 */
class Relay private constructor(private val data: Path, private val process: Process, val port: Int) :
    AutoCloseable {
    private val lines = mutableListOf<String>()

    val url: String get() = "http://127.0.0.1:$port"

    companion object {
        private val binary: String = System.getenv("JINLIN_RELAY") ?: "target/debug/jinlin-relay"
        private val listening = Regex("""listening on (?:http://)?127\.0\.0\.1:(\d+)""")

        /** Starts a relay with its data in [data], on [port] (0: any free port). */
        fun start(data: Path, port: Int = 0): Relay {
            data.toFile().mkdirs()
            val process = ProcessBuilder(binary, "--listen", "127.0.0.1:$port", "--data", data.toString())
                .redirectErrorStream(true)
                .start()
            val seen = LinkedBlockingQueue<String>()
            val reader = Thread {
                // Ends when the process exits and its output closes.
                runCatching { process.inputStream.bufferedReader().forEachLine { seen.put(it) } }
            }
            reader.isDaemon = true
            reader.start()
            val early = mutableListOf<String>()
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
            while (System.nanoTime() < deadline) {
                val line = seen.poll(100, TimeUnit.MILLISECONDS)
                if (line == null) {
                    if (!process.isAlive) break
                    continue
                }
                early += line
                val found = listening.find(line) ?: continue
                return Relay(data, process, found.groupValues[1].toInt()).also {
                    it.lines += early
                    it.follow(seen)
                }
            }
            process.destroy()
            error("the relay did not say where it listens; it printed:\n" + early.joinToString("\n"))
        }
    }

    private fun follow(seen: LinkedBlockingQueue<String>) {
        val t = Thread {
            while (true) {
                val line = seen.poll(200, TimeUnit.MILLISECONDS)
                if (line != null) synchronized(lines) { lines += line } else if (!process.isAlive) break
            }
        }
        t.isDaemon = true
        t.start()
    }

    /** Everything the relay printed so far. */
    fun log(): List<String> = synchronized(lines) { lines.toList() }

    /** Stops the relay and waits for it to exit. */
    fun stop() {
        if (process.isAlive) {
            process.destroy()
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
        }
    }

    /** Stops this relay and starts another on the same port with the same data. */
    fun restart(): Relay {
        stop()
        return start(data, port)
    }

    override fun close() = stop()
}
