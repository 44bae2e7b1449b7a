// Urgent requests from neighbours as time-sensitive notifications.

import JinlinKit
import UserNotifications

enum UrgentNotifications {
    static func requestPermission() {
        UNUserNotificationCenter.current().requestAuthorization(options: [.alert, .sound, .badge]) { _, _ in }
    }

    static func show(_ request: RequestView) {
        let content = UNMutableNotificationContent()
        let place = [request.place.building, request.place.unit].compactMap { $0 }.joined(separator: "-")
        content.title = place.isEmpty ? request.requester.name : "\(request.requester.name) · \(place)"
        content.body = request.text
        content.sound = .defaultCritical
        content.interruptionLevel = .timeSensitive
        let note = UNNotificationRequest(identifier: request.id, content: content, trigger: nil)
        UNUserNotificationCenter.current().add(note)
    }
}
