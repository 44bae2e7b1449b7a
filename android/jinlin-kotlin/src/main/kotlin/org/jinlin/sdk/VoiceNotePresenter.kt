package org.jinlin.sdk

import java.time.Duration
import org.jinlin.core.AudioType
import org.jinlin.core.JinlinException

/** What the microphone gave: the sound, how it is encoded, how long it plays. */
class Recording(val bytes: ByteArray, val media: AudioType, val duration: Duration)

/** The phone's microphone: the app's MediaRecorder (AAC in `.m4a`, at most [MAX_VOICE_SECONDS]). */
interface VoiceRecorder {
    /** Starts recording. */
    fun start()

    /** Stops and returns what was recorded. */
    fun stop(): Recording
}

/** The phone's speaker: the app's MediaPlayer. */
interface VoicePlayer {
    /** Plays [bytes]; the app sends [VoiceNoteEvent.Finished] when it ends. */
    fun play(bytes: ByteArray, media: AudioType)

    /** Stops playing. */
    fun stop()
}

/** Where the voice note control stands. */
enum class VoicePhase { IDLE, RECORDING, RECORDED, SENT, PLAYING }

/** What the voice note control shows. Words come from the app's strings; this is only data. */
data class VoiceNoteState(
    val phase: VoicePhase = VoicePhase.IDLE,
    /** How long the recording, or the note being played, lasts. */
    val duration: Duration? = null,
    /** The note was kept on the phone but the relay could not be reached: it leaves with the next sync. */
    val offline: Boolean = false,
    /** What went wrong with the last action. */
    val error: JinlinException? = null,
)

/** What the control asks for. */
sealed interface VoiceNoteEvent {
    /** "按住说话": start recording. */
    data object Record : VoiceNoteEvent

    /** Let go: stop recording and keep it to send or discard. */
    data object StopRecording : VoiceNoteEvent

    /** Send the recording as the voice note of request [requestId], at once. */
    data class Send(val requestId: String) : VoiceNoteEvent

    /** Throw the recording away. */
    data object Discard : VoiceNoteEvent

    /** Play the voice note of request [requestId] (fetched from the relay the first time). */
    data class Play(val requestId: String) : VoiceNoteEvent

    /** Stop playing. */
    data object StopPlaying : VoiceNoteEvent

    /** The player reached the end. */
    data object Finished : VoiceNoteEvent
}

/**
 * Record, send and play a voice note: the requester records a short message and sends it with
 * her request; a neighbour plays it. The microphone and the speaker are the app's.
 */
class VoiceNotePresenter(
    private val jinlin: Jinlin,
    private val recorder: VoiceRecorder,
    private val player: VoicePlayer,
) : Presenter<VoiceNoteState>(VoiceNoteState()) {
    private var recording: Recording? = null

    override fun VoiceNoteState.withError(error: JinlinException?) = copy(error = error)

    /** Handles one event; failures become [VoiceNoteState.error], never a crash. */
    suspend fun handle(event: VoiceNoteEvent) = attempt {
        when (event) {
            VoiceNoteEvent.Record -> {
                recorder.start()
                recording = null
                update { VoiceNoteState(phase = VoicePhase.RECORDING) }
            }
            VoiceNoteEvent.StopRecording -> {
                val made = recorder.stop()
                recording = made
                update { it.copy(phase = VoicePhase.RECORDED, duration = made.duration) }
            }
            is VoiceNoteEvent.Send -> send(event.requestId)
            VoiceNoteEvent.Discard -> {
                recording = null
                update { VoiceNoteState() }
            }
            is VoiceNoteEvent.Play -> {
                val clip = jinlin.voiceNote(event.requestId)
                player.play(clip.bytes, clip.media)
                update { it.copy(phase = VoicePhase.PLAYING, duration = clip.duration) }
            }
            VoiceNoteEvent.StopPlaying -> {
                player.stop()
                update { it.copy(phase = VoicePhase.IDLE) }
            }
            VoiceNoteEvent.Finished -> update { it.copy(phase = VoicePhase.IDLE) }
        }
    }

    private suspend fun send(requestId: String) {
        val made = recording ?: return
        jinlin.attachVoice(requestId, made.bytes, made.media, made.duration)
        recording = null
        val sent = jinlin.sendNow()
        update { it.copy(phase = VoicePhase.SENT, offline = !sent) }
    }
}
