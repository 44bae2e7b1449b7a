// Voice notes on a request: the same calls as the Kotlin library's `Voice.kt`. The app records
// and plays (AVAudioRecorder and AVAudioPlayer, behind `VoiceRecorder` and `VoicePlayer`); these
// calls carry the bytes, sent with the next sync through the same resumable upload as photos.

import Foundation

/// The longest voice note, in seconds (the relay refuses a longer one).
public let maxVoiceSeconds: TimeInterval = 60

extension Jinlin {
    /// Attaches a voice note to this member's own request, replacing any before it. Over a
    /// minute it is `JinlinError.voiceTooLong` and nothing is written.
    public func attachVoice(
        _ requestId: String, bytes: Data, media: AudioType, duration: TimeInterval
    ) async throws -> RequestView {
        try await coreCall {
            try await client.attachVoice(requestId: requestId, bytes: bytes, media: media, duration: duration)
        }
    }

    /// A request's voice note with its sound: from this phone, or fetched from the relay and kept.
    public func voiceNote(_ requestId: String) async throws -> VoiceClip {
        try await coreCall { try await client.voiceNote(requestId: requestId) }
    }
}
