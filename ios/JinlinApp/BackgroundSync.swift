// Background sync with BGTaskScheduler: an app refresh task that syncs and schedules the next
// one. Info.plist lists the identifier under BGTaskSchedulerPermittedIdentifiers and enables the
// "fetch" background mode.

import BackgroundTasks
import JinlinKit

enum BackgroundSync {
    static let identifier = "org.jinlin.app.sync"

    static func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            guard let task = task as? BGAppRefreshTask else { return }
            handle(task)
        }
    }

    /// Asks for a refresh in about 15 minutes; the system picks the moment.
    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }

    private static func handle(_ task: BGAppRefreshTask) {
        schedule()
        let work = Task {
            let jinlin = await AppModel.shared.jinlin
            var ok = false
            if let jinlin {
                ok = (try? await jinlin.sync()) != nil
            }
            task.setTaskCompleted(success: ok)
        }
        task.expirationHandler = { work.cancel() }
    }
}
