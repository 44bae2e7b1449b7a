package org.jinlin.sdk

import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/*
 * A small test runner for the JVM tests: no test framework needs downloading. Each test is a
 * named suspend function run with a fresh [Ctx] and a time limit; the last line printed is
 * `N passed, N failed`, and the exit status is non-zero when any test fails.
 */

/** One named test. */
class Case(val name: String, val body: suspend Ctx.() -> Unit)

/** Every test, in the order they run. */
val allCases: List<Case> = localCases + errorCases + messageCases + requestWordsCases + parityCases + relayCases + alertCases + checkinCases +
    registryCases + staffCases + voiceNoteCases + oneTapCases + helpNowCases + nearbyCases + urgentAlertCases + visitLogCases + placeCases + pushCases + pushChoiceCases + peerCases + refusalCases

fun main(args: Array<String>) {
    val only = args.firstOrNull()
    val cases = allCases.filter { only == null || it.name.contains(only) }
    var passed = 0
    var failed = 0
    for (case in cases) {
        val started = System.nanoTime()
        val error = Ctx().use { ctx ->
            runCatching { runBlocking { withTimeout(60_000) { case.body(ctx) } } }.exceptionOrNull()
                ?.also { ctx.dumpRelayLogs() }
        }
        val ms = (System.nanoTime() - started) / 1_000_000
        if (error == null) {
            passed++
            println("test ${case.name} ... ok (${ms} ms)")
        } else {
            failed++
            println("test ${case.name} ... FAILED (${ms} ms)")
            error.printStackTrace(System.out)
        }
    }
    println()
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && cases.isNotEmpty()) 0 else 1)
}
