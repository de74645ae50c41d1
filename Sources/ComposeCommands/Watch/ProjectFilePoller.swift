import EngineEmbedded
import Foundation
import Reconciler

/// Watches the project files (compose files, `.env`, `env_file`s, secret and config files) and the
/// `develop.watch` paths: woken by inotify on their directories (the develop trees in full), then compared by
/// `stat` snapshots; without inotify (or past its watch limit) polled every `interval`. A change of a project file
/// marks the project dirty; develop changes are collected until a look `interval` later finds no new one
/// (debounce), then handed over in one batch. A look every `fallback` anyway catches what no event told.
struct ProjectFilePoller: Sendable {
    let watcher: ProjectWatcher
    let triggers: TriggerQueue
    let develop: DevelopWatcher?
    var interval: Duration = .milliseconds(400)
    var fallback: Duration = .seconds(5)

    /// inotify on what to look at: project files' directories, develop trees (a develop file: its directory).
    static func watch(files: [String], developRoots: [String]) -> DirectoryWatch? {
        func isDirectory(_ path: String) -> Bool { FileStamp.of(path)?.isDirectory == true }
        let parents = Set(files.map { ($0 as NSString).deletingLastPathComponent }
            + developRoots.filter { !isDirectory($0) }.map { ($0 as NSString).deletingLastPathComponent })
        return DirectoryWatch(directories: parents.sorted(), trees: developRoots.filter(isDirectory), writes: true)
    }

    func run() async {
        var files = await watcher.projectFiles
        var projectSnapshot = FileSnapshot.take(files)
        let developRoots = develop?.roots ?? []
        var developSnapshot = FileSnapshot.take(developRoots, skip: DevelopPaths.isEditorTemporary)
        var watch = Self.watch(files: files, developRoots: developRoots)
        defer { watch?.stop() }
        var pending = Set<String>()
        while !Task.isCancelled {
            if let watch {
                _ = await watch.waitForChange(timeout: pending.isEmpty ? fallback : interval)
            } else {
                try? await Task.sleep(for: interval)
            }
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
                watch?.stop()
                watch = Self.watch(files: files, developRoots: developRoots)
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
