// The microphone and the speaker behind `VoiceNoteModel` (AVAudioRecorder: AAC in `.m4a`,
// stopped at a minute; AVAudioPlayer), and the voice note buttons, large and labelled for
// VoiceOver: on her own request record, send or record again; on a neighbour's, play it.

import AVFoundation
import JinlinKit
import SwiftUI

@MainActor
final class PhoneVoiceRecorder: VoiceRecorder {
    private let url = FileManager.default.temporaryDirectory.appendingPathComponent("voice-note.m4a")
    private var recorder: AVAudioRecorder?

    func start() throws {
        let session = AVAudioSession.sharedInstance()
        try session.setCategory(.playAndRecord, mode: .spokenAudio, options: [.defaultToSpeaker])
        try session.setActive(true)
        let settings: [String: Any] = [
            AVFormatIDKey: kAudioFormatMPEG4AAC, AVSampleRateKey: 22_050, AVNumberOfChannelsKey: 1,
            AVEncoderBitRateKey: 32_000,
        ]
        let recorder = try AVAudioRecorder(url: url, settings: settings)
        recorder.record(forDuration: maxVoiceSeconds)
        self.recorder = recorder
    }

    func stop() throws -> Recording {
        let took = recorder?.currentTime ?? 0
        recorder?.stop()
        recorder = nil
        let bytes = try Data(contentsOf: url)
        try? FileManager.default.removeItem(at: url)
        return Recording(bytes: bytes, media: .aac, duration: min(took, maxVoiceSeconds))
    }
}

@MainActor
final class PhoneVoicePlayer: NSObject, VoicePlayer, AVAudioPlayerDelegate {
    var onFinished: () -> Void = {}
    private var player: AVAudioPlayer?

    func play(_ bytes: Data, media: AudioType) throws {
        try AVAudioSession.sharedInstance().setCategory(.playback, mode: .spokenAudio)
        let player = try AVAudioPlayer(data: bytes)
        player.delegate = self
        player.play()
        self.player = player
    }

    func stop() {
        player?.stop()
        player = nil
    }

    nonisolated func audioPlayerDidFinishPlaying(_ player: AVAudioPlayer, successfully flag: Bool) {
        Task { @MainActor in self.onFinished() }
    }
}

@MainActor
struct VoiceNoteButtons: View {
    @StateObject private var model: VoiceNoteModel
    private let player: PhoneVoicePlayer
    private let requestId: String
    private let mine: Bool
    private let hasNote: Bool

    init(jinlin: Jinlin, requestId: String, mine: Bool, hasNote: Bool) {
        let player = PhoneVoicePlayer()
        self.player = player
        self.requestId = requestId
        self.mine = mine
        self.hasNote = hasNote
        _model = StateObject(wrappedValue: VoiceNoteModel(jinlin: jinlin, recorder: PhoneVoiceRecorder(), player: player))
    }

    var body: some View {
        let state = model.state
        VStack(spacing: 12) {
            if let error = state.error { Text(verbatim: words(for: error)).foregroundStyle(.red) }
            if !mine {
                if hasNote && state.phase == .playing {
                    Button("voice_stop_playing") { Task { await model.handle(.stopPlaying) } }
                } else if hasNote {
                    Button("voice_play") { Task { await model.handle(.play(requestId: requestId)) } }
                        .accessibilityLabel("voice_play_description")
                }
            } else {
                switch state.phase {
                case .recording:
                    Button("voice_stop_recording") { Task { await model.handle(.stopRecording) } }
                case .recorded:
                    let seconds = Int((state.duration ?? 0).rounded(.up))
                    Button("voice_send \(String(seconds))") { Task { await model.handle(.send(requestId: requestId)) } }
                    Button("voice_discard") { Task { await model.handle(.discard) } }.buttonStyle(.bordered)
                case .sent:
                    Text("voice_sent")
                case .idle, .playing:
                    Button("voice_record") { Task { await model.handle(.record) } }
                        .accessibilityLabel("voice_record_description")
                }
            }
        }
        .font(.title2)
        .buttonStyle(.borderedProminent)
        .onAppear { player.onFinished = { Task { await model.handle(.finished) } } }
    }
}
