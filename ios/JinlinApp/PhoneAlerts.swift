// The phone's side of the view models' protocols: notification permission (asked once, when she
// first raises or volunteers, after the app has said why) and the phone's last known position.

import CoreLocation
import JinlinKit
import SwiftUI
import UserNotifications

/// Notifications allowed or not, and whether she was asked, kept in UserDefaults.
final class PhoneNotifications: NotificationPermission, @unchecked Sendable {
    static let shared = PhoneNotifications()

    func granted() async -> Bool {
        let settings = await UNUserNotificationCenter.current().notificationSettings()
        return settings.authorizationStatus == .authorized || settings.authorizationStatus == .provisional
    }

    func asked() -> Bool {
        UserDefaults.standard.bool(forKey: "notifications_asked")
    }

    /// The system's question (alerts, sounds, time-sensitive); remembered as asked whatever she says.
    func ask() async {
        UserDefaults.standard.set(true, forKey: "notifications_asked")
        _ = try? await UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound, .badge])
        if CLLocationManager().authorizationStatus == .notDetermined {
            PhoneWhereabouts.shared.ask()
        }
    }
}

/// The last position the phone knows, when she allowed it; never waits for a fix.
final class PhoneWhereabouts: Whereabouts, @unchecked Sendable {
    static let shared = PhoneWhereabouts()
    private let manager = CLLocationManager()

    func position() async -> Location? {
        let status = manager.authorizationStatus
        guard status == .authorizedWhenInUse || status == .authorizedAlways,
              let last = manager.location else { return nil }
        return Location(lat: last.coordinate.latitude, lon: last.coordinate.longitude)
    }

    /// Asks to use the position while the app is open (NSLocationWhenInUseUsageDescription).
    func ask() {
        manager.requestWhenInUseAuthorization()
    }
}

/// Why notifications matter, in her words first (`why`), then the system's question; "later"
/// counts as asked too, so she is not asked again.
struct AskForNotifications: View {
    let why: LocalizedStringKey
    let onAsked: () async -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(why).font(.title3)
            HStack {
                Button("notify_allow") {
                    Task {
                        await PhoneNotifications.shared.ask()
                        await onAsked()
                    }
                }
                .buttonStyle(.borderedProminent)
                Button("notify_later") {
                    UserDefaults.standard.set(true, forKey: "notifications_asked")
                    Task { await onAsked() }
                }
            }
        }
        .padding()
    }
}
