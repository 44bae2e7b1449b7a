// Record, send and play a voice note: she records a short message and sends it with her
// request; a neighbour plays it. The microphone and the speaker are the app's (`VoiceNotes.swift`
// in the app: AVAudioRecorder, AVAudioPlayer). Mirrors VoiceNotePresenter.kt.

import Foundation

/// What the microphone gave: the sound, how it is encoded, how long it plays.
public struct Recording: Sendable {
    public let bytes: Data
    public let media: AudioType
    public let duration: TimeInterval

    public init(bytes: Data, media: AudioType, duration: TimeInterval) {
        self.bytes = bytes
        self.media = media
        self.duration = duration
    }
}

/// The phone's microphone (AAC in `.m4a`, at most `maxVoiceSeconds`).
@MainActor
public protocol VoiceRecorder: AnyObject {
    func start() throws
    func stop() throws -> Recording
}

/// The phone's speaker; the app sends `.finished` when it ends.
@MainActor
public protocol VoicePlayer: AnyObject {
    func play(_ bytes: Data, media: AudioType) throws
    func stop()
}

@MainActor
public final class VoiceNoteModel: ObservableObject {
    public enum Phase { case idle, recording, recorded, sent, playing }

    public struct State {
        public var phase: Phase = .idle
        /// How long the recording, or the note being played, lasts.
        public var duration: TimeInterval?
        /// Kept on the phone, but the relay could not be reached: it leaves with the next sync.
        public var offline = false
        public var error: Error?
    }

    public enum Event {
        case record
        case stopRecording
        case send(requestId: String)
        case discard
        case play(requestId: String)
        case stopPlaying
        case finished
    }

    @Published public private(set) var state = State()
    private let jinlin: Jinlin
    private let recorder: VoiceRecorder
    private let player: VoicePlayer
    private var recording: Recording?

    public init(jinlin: Jinlin, recorder: VoiceRecorder, player: VoicePlayer) {
        self.jinlin = jinlin
        self.recorder = recorder
        self.player = player
    }

    /// Handles one event; failures become `state.error`, never a crash.
    public func handle(_ event: Event) async {
        do {
            switch event {
            case .record:
                try recorder.start()
                recording = nil
                state = State(phase: .recording)
            case .stopRecording:
                let made = try recorder.stop()
                recording = made
                state.phase = .recorded
                state.duration = made.duration
            case let .send(requestId):
                guard let made = recording else { break }
                _ = try await jinlin.attachVoice(requestId, bytes: made.bytes, media: made.media, duration: made.duration)
                recording = nil
                let sent = try await jinlin.sendNow()
                state.phase = .sent
                state.offline = !sent
            case .discard:
                recording = nil
                state = State()
            case let .play(requestId):
                let clip = try await jinlin.voiceNote(requestId)
                try player.play(clip.bytes, media: clip.media)
                state.phase = .playing
                state.duration = clip.duration
            case .stopPlaying:
                player.stop()
                state.phase = .idle
            case .finished:
                state.phase = .idle
            }
            state.error = nil
        } catch {
            state.error = error
        }
    }
}
