// The iOS app: three tabs (help now, nearby requests, the visit log), a live connection while
// in front, background sync through BGTaskScheduler, and time-sensitive notifications for
// urgent requests from neighbours.

import BackgroundTasks
import JinlinKit
import SwiftUI

@main
struct JinlinApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var delegate
    @Environment(\.scenePhase) private var phase
    @StateObject private var model = AppModel.shared

    var body: some Scene {
        WindowGroup {
            TabView {
                // Each tab is read by its label; the symbol beside it only decorates.
                HelpNowView().tabItem { Label("tab_help", systemImage: "exclamationmark.triangle.fill") }
                NearbyView().tabItem { Label("tab_nearby", systemImage: "person.2.fill") }
                VisitLogView().tabItem { Label("tab_visits", systemImage: "list.bullet.clipboard") }
                CheckinView().tabItem { Label("tab_checkin", systemImage: "heart.fill") }
            }
            .environmentObject(model)
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

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        BackgroundSync.register()
        UrgentNotifications.requestPermission()
        AppModel.shared.start()
        return true
    }
}
