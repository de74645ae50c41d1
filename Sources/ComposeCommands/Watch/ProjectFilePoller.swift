import Foundation
import Reconciler

/// Polls the project files (compose files, `.env`, `env_file`s, secret and config files) and the
/// `develop.watch` paths with `stat`, every `interval`: a few dozen stat calls, so idle costs nothing
/// measurable. A change of a project file marks the project dirty; develop changes are collected until a
/// poll sees no new one (debounce), then handed over in one batch.
struct ProjectFilePoller: Sendable {
    let watcher: ProjectWatcher
    let triggers: TriggerQueue
    let develop: DevelopWatcher?
    var interval: Duration = .milliseconds(400)

    func run() async {
        var files = await watcher.projectFiles
        var projectSnapshot = FileSnapshot.take(files)
        let developRoots = develop?.roots ?? []
        var developSnapshot = FileSnapshot.take(developRoots, skip: DevelopPaths.isEditorTemporary)
        var pending = Set<String>()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            let next = FileSnapshot.take(files)
            if next != projectSnapshot {
                projectSnapshot = next
                triggers.mark(.projectFiles)
            }
            let current = await watcher.projectFiles
            if current != files {
                // An edit added or removed an env_file or secret: watch the new set from now on.
                files = current
                projectSnapshot = FileSnapshot.take(files)
            }
            guard let develop, !developRoots.isEmpty else { continue }
            let developNext = FileSnapshot.take(developRoots, skip: DevelopPaths.isEditorTemporary)
            let changes = developNext.changes(since: developSnapshot)
            developSnapshot = developNext
            if changes.isEmpty {
                if !pending.isEmpty {
                    let batch = pending.sorted()
                    pending = []
                    await develop.handle(batch)
                }
            } else {
                pending.formUnion(changes)
            }
        }
    }
}
