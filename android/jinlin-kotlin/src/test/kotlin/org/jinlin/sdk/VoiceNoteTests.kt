package org.jinlin.sdk

import java.time.Duration
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlinx.coroutines.delay
import org.jinlin.core.AudioType
import org.jinlin.core.JinlinException
import org.jinlin.core.RequestKind

/* Voice notes through the presenter, against a real relay: she records, sends, he plays. */

/** A microphone that gives back what it was handed, as MediaRecorder would give its file. */
private class Microphone(var next: Recording) : VoiceRecorder {
    override fun start() {}

    override fun stop(): Recording = next
}

/** A speaker that keeps what it played. */
private class Speaker : VoicePlayer {
    var played: ByteArray? = null

    override fun play(bytes: ByteArray, media: AudioType) {
        played = bytes
    }

    override fun stop() {}
}

val voiceNoteCases = listOf(
    Case("her_voice_note_on_an_urgent_ride_is_played_by_the_driver_alerted_in_another_building") {
        val relay = relay()
        val n = neighbourhood(relay)
        val ride = n.resident.raise(n.building3.id, RequestKind.HOSPITAL, urgent = true)
        val sound = ByteArray(24_000) { (it % 199).toByte() }
        val mic = Microphone(Recording(sound, AudioType.AAC, Duration.ofSeconds(75)))
        val hers = VoiceNotePresenter(n.resident, mic, Speaker())

        // Over a minute: refused in her language, nothing written.
        hers.handle(VoiceNoteEvent.Record)
        hers.handle(VoiceNoteEvent.StopRecording)
        hers.handle(VoiceNoteEvent.Send(ride.id))
        val tooLong = assertIs<JinlinException.VoiceTooLong>(hers.state.value.error)
        assertEquals(75L to 60L, tooLong.seconds to tooLong.max)
        assertEquals("语音太长了：75 秒，最多 60 秒。请说短一点再发。", tooLong.localized(chinese))
        assertEquals("That voice note is too long: 75 seconds, at most 60. Please keep it shorter.", tooLong.localized(english))
        assertNull(n.resident.show(ride.id).voice, "nothing written")

        mic.next = Recording(sound, AudioType.AAC, Duration.ofMillis(7_500))
        hers.handle(VoiceNoteEvent.Record)
        assertEquals(VoicePhase.RECORDING, hers.state.value.phase)
        hers.handle(VoiceNoteEvent.StopRecording)
        assertEquals(Duration.ofMillis(7_500), hers.state.value.duration)
        hers.handle(VoiceNoteEvent.Send(ride.id))
        assertNull(hers.state.value.error)
        assertEquals(VoicePhase.SENT, hers.state.value.phase)
        assertFalse(hers.state.value.offline, "it went out at once")

        // The driver lives in building 5; the alert lets him read the ride and hear her.
        val deadline = System.currentTimeMillis() + 10_000
        while (runCatching { n.driver.show(ride.id).voice }.getOrNull() == null) {
            check(System.currentTimeMillis() < deadline) { "the driver never read the ride" }
            n.driver.sync()
            delay(20)
        }
        assertEquals(Duration.ofMillis(7_500), n.driver.show(ride.id).voice?.duration)
        val speaker = Speaker()
        val his = VoiceNotePresenter(n.driver, Microphone(Recording(ByteArray(0), AudioType.AAC, Duration.ZERO)), speaker)
        his.handle(VoiceNoteEvent.Play(ride.id))
        assertNull(his.state.value.error)
        assertEquals(VoicePhase.PLAYING, his.state.value.phase)
        assertEquals(Duration.ofMillis(7_500), his.state.value.duration)
        assertContentEquals(sound, speaker.played)
        his.handle(VoiceNoteEvent.Finished)
        assertEquals(VoicePhase.IDLE, his.state.value.phase)
    },
)
