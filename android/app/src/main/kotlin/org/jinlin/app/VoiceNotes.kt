package org.jinlin.app

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.media.MediaPlayer
import android.media.MediaRecorder
import android.os.Build
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import java.io.File
import java.time.Duration
import kotlinx.coroutines.launch
import org.jinlin.core.AudioType
import org.jinlin.sdk.Jinlin
import org.jinlin.sdk.MAX_VOICE_SECONDS
import org.jinlin.sdk.Recording
import org.jinlin.sdk.VoiceNoteEvent
import org.jinlin.sdk.VoiceNotePresenter
import org.jinlin.sdk.VoicePhase
import org.jinlin.sdk.VoicePlayer
import org.jinlin.sdk.VoiceRecorder

/** The microphone: AAC in `.m4a` into the app's cache, stopped by the system at a minute. */
class PhoneVoiceRecorder(context: Context) : VoiceRecorder {
    private val context = context.applicationContext
    private val file = File(context.cacheDir, "voice-note.m4a")
    private var recorder: MediaRecorder? = null
    private var startedAt = 0L

    override fun start() {
        // MediaRecorder(Context) is Android 12+; the app runs from Android 8.
        val made = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.S) MediaRecorder(context) else @Suppress("DEPRECATION") MediaRecorder()
        recorder = made.apply {
            setAudioSource(MediaRecorder.AudioSource.MIC)
            setOutputFormat(MediaRecorder.OutputFormat.MPEG_4)
            setAudioEncoder(MediaRecorder.AudioEncoder.AAC)
            setAudioEncodingBitRate(32_000)
            setMaxDuration((MAX_VOICE_SECONDS * 1000).toInt())
            setOutputFile(file)
            prepare()
            start()
        }
        startedAt = System.nanoTime()
    }

    override fun stop(): Recording {
        val took = Duration.ofNanos(System.nanoTime() - startedAt)
        recorder?.run {
            runCatching { stop() }
            release()
        }
        recorder = null
        val bytes = file.readBytes().also { file.delete() }
        return Recording(bytes, AudioType.AAC, minOf(took, Duration.ofSeconds(MAX_VOICE_SECONDS)))
    }
}

/** The speaker: plays a note from a file in the app's cache, saying when it ends. */
class PhoneVoicePlayer(context: Context) : VoicePlayer {
    /** Called when a note has played to its end. */
    var onFinished: () -> Unit = {}
    private val file = File(context.applicationContext.cacheDir, "voice-play")
    private var player: MediaPlayer? = null

    override fun play(bytes: ByteArray, media: AudioType) {
        stop()
        file.writeBytes(bytes)
        player = MediaPlayer().apply {
            setDataSource(file.path)
            setOnCompletionListener { onFinished() }
            prepare()
            start()
        }
    }

    override fun stop() {
        player?.release()
        player = null
    }
}

/**
 * The voice note controls, large and described for TalkBack: on her own request, record, send or
 * record again; on a neighbour's, play it. State comes from [VoiceNotePresenter].
 */
@Composable
fun VoiceNoteControls(jinlin: Jinlin, requestId: String, mine: Boolean, hasNote: Boolean) {
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val player = remember { PhoneVoicePlayer(context) }
    val presenter = remember(jinlin) { VoiceNotePresenter(jinlin, PhoneVoiceRecorder(context), player) }
    player.onFinished = { scope.launch { presenter.handle(VoiceNoteEvent.Finished) } }
    DisposableEffect(player) { onDispose { player.stop() } }
    val state by presenter.state.collectAsState()
    val send: (VoiceNoteEvent) -> Unit = { event -> scope.launch { presenter.handle(event) } }
    val askMicrophone = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        if (granted) send(VoiceNoteEvent.Record)
    }
    val big = Modifier.fillMaxWidth().height(80.dp)
    val seconds = state.duration?.let { ((it.toMillis() + 999) / 1000).toString() } ?: ""
    state.error?.let { Text(it.words(context.resources), fontSize = 18.sp) }
    if (!mine) {
        if (!hasNote) return
        val playing = state.phase == VoicePhase.PLAYING
        val label = if (playing) stringResource(R.string.voice_stop_playing) else stringResource(R.string.voice_play)
        val description = stringResource(R.string.voice_play_description)
        Button(
            onClick = { send(if (playing) VoiceNoteEvent.StopPlaying else VoiceNoteEvent.Play(requestId)) },
            modifier = big.semantics { contentDescription = description },
        ) { Text(label, fontSize = 24.sp) }
        return
    }
    when (state.phase) {
        VoicePhase.RECORDING -> Button(onClick = { send(VoiceNoteEvent.StopRecording) }, modifier = big) {
            Text(stringResource(R.string.voice_stop_recording), fontSize = 24.sp)
        }
        VoicePhase.RECORDED -> {
            Button(onClick = { send(VoiceNoteEvent.Send(requestId)) }, modifier = big) {
                Text(stringResource(R.string.voice_send, seconds), fontSize = 24.sp)
            }
            OutlinedButton(onClick = { send(VoiceNoteEvent.Discard) }, modifier = big) {
                Text(stringResource(R.string.voice_discard), fontSize = 20.sp)
            }
        }
        VoicePhase.SENT -> Text(stringResource(R.string.voice_sent), fontSize = 20.sp)
        VoicePhase.IDLE, VoicePhase.PLAYING -> {
            val description = stringResource(R.string.voice_record_description)
            Button(
                onClick = {
                    val granted = context.checkSelfPermission(Manifest.permission.RECORD_AUDIO) == PackageManager.PERMISSION_GRANTED
                    if (granted) send(VoiceNoteEvent.Record) else askMicrophone.launch(Manifest.permission.RECORD_AUDIO)
                },
                modifier = big.semantics { contentDescription = description },
            ) { Text(stringResource(R.string.voice_record), fontSize = 24.sp) }
        }
    }
}
