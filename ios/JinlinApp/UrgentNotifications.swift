// Urgent requests from neighbours as time-sensitive notifications (they break through Focus when
// the person allows it; Critical Alerts, which also break through silent mode, need Apple's
// entitlement: see ios/README.md). The notification's identifier is the request's id, so a tap
// opens that alert.

import JinlinKit
import UserNotifications

enum UrgentNotifications {
    static func show(_ request: RequestView) {
        let content = UNMutableNotificationContent()
        let place = [request.place.building, request.place.unit].compactMap { $0 }.joined(separator: "-")
        content.title = place.isEmpty
            ? request.requester.name : String(localized: "urgent_title \(request.requester.name) \(place)")
        content.body = request.headline
        content.sound = .defaultCritical
        content.interruptionLevel = .timeSensitive
        content.categoryIdentifier = "urgent" // l10n-ok: an identifier, never shown
        let note = UNNotificationRequest(identifier: request.id, content: content, trigger: nil)
        UNUserNotificationCenter.current().add(note)
    }
}
