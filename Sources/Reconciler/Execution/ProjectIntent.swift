import Foundation

/// What a user decided for a project outside a watcher, so a watcher honours it instead of repairing it:
/// `down` took the project down (a watcher stops), `stop`/`kill` stopped services on purpose (a watcher
/// leaves them stopped, and removed, until `start`, `restart` or `up` names them again).
public struct ProjectIntent: Codable, Sendable, Equatable {
    /// When `down` last ran (seconds since 1970); `up` clears it.
    public var downAt: Double?
    /// Services stopped on purpose, with when (seconds since 1970).
    public var stopped: [String: Double]

    public init(downAt: Double? = nil, stopped: [String: Double] = [:]) {
        self.downAt = downAt
        self.stopped = stopped
    }

    /// `down`: the project is down; nothing is held any more (there is nothing left to hold).
    public mutating func recordDown(now: Double = Date().timeIntervalSince1970) {
        downAt = now
        stopped = [:]
    }

    /// `stop`/`kill` of these services.
    public mutating func recordStopped(_ services: some Sequence<String>, now: Double = Date().timeIntervalSince1970) {
        for service in services { stopped[service] = now }
    }

    /// `start`, `restart` or `up` of these services (nil: all of them; `up` also ends a `down`).
    public mutating func recordStarted(_ services: Set<String>?, up: Bool) {
        if let services {
            for service in services { stopped[service] = nil }
        } else {
            stopped = [:]
        }
        if up { downAt = nil }
    }
}

/// The project's intent file, next to its lock file (same directory, same name with `.intent`). Writers
/// hold the project lock; the file is replaced by a rename, so a reader sees the old or the new one whole.
public struct ProjectIntentStore: Sendable {
    public let path: String

    public init(lock: ProjectLock) {
        path = String(lock.path.dropLast(".lock".count)) + ".intent"
    }

    /// The recorded intent; empty when there is none or the file is unreadable (it only ever holds back repairs).
    public func read() -> ProjectIntent {
        guard let data = FileManager.default.contents(atPath: path),
              let intent = try? JSONDecoder().decode(ProjectIntent.self, from: data) else { return ProjectIntent() }
        return intent
    }

    /// Reads, changes and writes the intent (removing the file when nothing is left to say).
    public func update(_ change: (inout ProjectIntent) -> Void) throws(ProjectLockError) {
        var intent = read()
        let before = intent
        change(&intent)
        guard intent != before else { return }
        do {
            if intent == ProjectIntent() {
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(intent).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ProjectLockError.io(path: path, reason: error.localizedDescription)
        }
    }
}
