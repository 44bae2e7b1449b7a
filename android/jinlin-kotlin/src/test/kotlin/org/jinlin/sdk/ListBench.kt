package org.jinlin.sdk

import java.nio.file.Files
import kotlinx.coroutines.runBlocking
import org.jinlin.core.GroupKind
import org.jinlin.core.RequestKind

/*
 * Listing 1,000 requests from Kotlin, through the generated bindings and JNA: the figure compared
 * with the same call from Rust (ffi/benches/ffi_list.rs). Run by scripts/bench-mobile.sh.
 */

private const val REQUESTS = 1_000
private const val RUNS = 30

fun main() = runBlocking {
    val dir = Files.createTempDirectory("jinlin-bench")
    Jinlin.open(dir.resolve("bench.db").toString(), "http://127.0.0.1:9").use { phone ->
        phone.setIdentity("Resident", building = "3", unit = "1202")
        val group = phone.createGroup("Riverside Estate", GroupKind.ESTATE)
        for (i in 0 until REQUESTS) {
            phone.raise(group.id, RequestKind.ERRAND, "Errand number $i: medicine from the pharmacy", urgent = i % 10 == 0)
        }
        repeat(5) { check(phone.list().size == REQUESTS) }
        val times = (0 until RUNS).map {
            val start = System.nanoTime()
            val n = phone.list().size
            val elapsed = System.nanoTime() - start
            check(n == REQUESTS)
            elapsed
        }.sorted()
        println("list $REQUESTS requests, median of $RUNS:")
        println("  Jinlin.list from Kotlin (JNA): %.2f ms".format(times[RUNS / 2] / 1e6))
    }
    dir.toFile().deleteRecursively()
    Unit
}
