// The iOS app: four tabs (help now, nearby requests, the visit log, "I'm fine"), a live
// connection while in front, background sync through BGTaskScheduler, time-sensitive
// notifications for urgent requests from neighbours (a tap opens the alert full screen), and
// registration for remote notifications so the relay can wake the app through APNs.

import BackgroundTasks
import JinlinKit
import SwiftUI
import UIKit
import UserNotifications

@main
struct JinlinApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @Environment(\.scenePhase) private var phase
    @StateObject private var model = AppModel.shared

    var body: some Scene {
        WindowGroup {
            if let jinlin = model.jinlin {
                TabView {
                    // Each tab is read by its label; the symbol beside it only decorates.
                    HelpNowView(jinlin: jinlin).tabItem { Label("tab_help", systemImage: "cross.case.fill") }
                    NearbyView(jinlin: jinlin).tabItem { Label("tab_nearby", systemImage: "person.2.fill") }
                    VisitLogView(jinlin: jinlin).tabItem { Label("tab_visits", systemImage: "list.bullet.clipboard") }
                    CheckinView(jinlin: jinlin).tabItem { Label("tab_checkin", systemImage: "heart.fill") }
                }
                .sheet(item: $model.openAlert) { alert in
                    UrgentAlertView(jinlin: jinlin, requestId: alert.id)
                }
            } else {
                Text("error_store").font(.title2).padding()
            }
        }
        .onChange(of: phase) { newPhase in
            switch newPhase {
            case .active: model.goLive()
            case .background:
                model.goOffline()
                BackgroundSync.schedule()
            default: break
            }
        }
    }
}

final class AppDelegate: NSObject, UIApplicationDelegate, UNUserNotificationCenterDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        BackgroundSync.register()
        UNUserNotificationCenter.current().delegate = self
        // The APNs token does not need the person's permission; alerts do, and are asked for when
        // she first raises or volunteers (PhoneNotifications).
        application.registerForRemoteNotifications()
        Task { @MainActor in AppModel.shared.start() }
        return true
    }

    func application(_ application: UIApplication, didRegisterForRemoteNotificationsWithDeviceToken deviceToken: Data) {
        Task { @MainActor in AppModel.shared.gotPushToken(deviceToken) }
    }

    func application(_ application: UIApplication, didFailToRegisterForRemoteNotificationsWithError error: Error) {
        // No push (a simulator, no network at first start): background sync and the live
        // connection still bring alerts; the next launch tries again.
    }

    /// A silent push ("content-available", which the relay does not send yet): sync, which shows
    /// any urgent alert.
    func application(
        _ application: UIApplication,
        didReceiveRemoteNotification userInfo: [AnyHashable: Any],
        fetchCompletionHandler completionHandler: @escaping (UIBackgroundFetchResult) -> Void
    ) {
        Task { @MainActor in
            guard let jinlin = AppModel.shared.jinlin else { return completionHandler(.noData) }
            let synced = (try? await jinlin.sync()) != nil
            completionHandler(synced ? .newData : .failed)
        }
    }

    /// An urgent alert shows even while the app is in front.
    func userNotificationCenter(
        _ center: UNUserNotificationCenter, willPresent notification: UNNotification,
        withCompletionHandler completionHandler: @escaping (UNNotificationPresentationOptions) -> Void
    ) {
        completionHandler([.banner, .sound, .list])
    }

    /// A tap on an urgent alert opens it full screen: the relay's push names the request in its
    /// `data`; the app's own notifications are identified by the request's id.
    func userNotificationCenter(
        _ center: UNUserNotificationCenter, didReceive response: UNNotificationResponse,
        withCompletionHandler completionHandler: @escaping () -> Void
    ) {
        let note = response.notification.request
        let data = note.content.userInfo["data"] as? [String: Any]
        let pushed = data?["type"] as? String == "alert" ? data?["request"] as? String : nil
        let id = pushed ?? note.identifier
        Task { @MainActor in
            _ = try? await AppModel.shared.jinlin?.sync()
            AppModel.shared.openAlert = OpenAlert(id: id)
        }
        completionHandler()
    }
}
