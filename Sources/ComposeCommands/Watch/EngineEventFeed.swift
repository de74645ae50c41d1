import EngineAPI
import Foundation
import Reconciler

/// Marks the project dirty on each engine event about its objects. Events are only triggers (the turn
/// observes for itself); a broken stream is reopened after a pause and counts as an event, since something
/// may have been missed while it was down.
struct EngineEventFeed: Sendable {
    let engine: any ContainerEngine
    let project: String
    let triggers: TriggerQueue
    let output: WatchOutput

    func run() async {
        var since: Double?
        var failures = 0
        while !Task.isCancelled {
            do {
                for try await event in engine.events(project: project, since: since) {
                    failures = 0
                    if event.time > 0 { since = event.time }
                    // exec_* (every health check), attach, resize…: nothing the plan looks at.
                    if event.action != .other { triggers.mark(.engineEvent) }
                }
            } catch {
                if Task.isCancelled { return }
                failures += 1
                if failures == 1 { output.error("engine events: \(error); reconnecting") }
            }
            if Task.isCancelled { return }
            try? await Task.sleep(for: .seconds(min(30, 1 << min(failures, 5))))
            triggers.mark(.engineEvent)
        }
    }
}
