package org.jinlin.sdk

import java.time.Duration
import org.jinlin.core.AudioType
import org.jinlin.core.RequestView
import org.jinlin.core.VoiceClip

/*
 * Voice notes on a request, for someone who would rather speak than type. The app records and
 * plays (MediaRecorder and MediaPlayer, behind [VoiceRecorder] and [VoicePlayer]); these calls
 * carry the bytes. A note goes with the next sync through the same resumable upload as photos.
 */

/** The longest voice note, in seconds (the relay refuses a longer one). */
const val MAX_VOICE_SECONDS = 60L

/**
 * Attaches a voice note to this member's own request, replacing any before it: [bytes] as
 * recorded in [media], playing for [duration]. Saved at once, offline too. Over a minute it is
 * `JinlinException.VoiceTooLong` and nothing is written.
 */
suspend fun Jinlin.attachVoice(requestId: String, bytes: ByteArray, media: AudioType, duration: Duration): RequestView =
    client.attachVoice(requestId, bytes, media, duration)

/** A request's voice note with its sound: from this phone, or fetched from the relay and kept. */
suspend fun Jinlin.voiceNote(requestId: String): VoiceClip = client.voiceNote(requestId)
