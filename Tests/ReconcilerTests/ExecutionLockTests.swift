import Foundation
import Reconciler
import Testing

/// `ProjectLock`: one holder per (endpoint, project), released explicitly or by the holder's death.
@Suite("ProjectLock")
struct ExecutionLockTests {
    static func directory() -> String {
        let path = NSTemporaryDirectory() + "swift-compose-lock-tests-" + UUID().uuidString
        return path
    }

    @Test("a second lock on the same project waits, then fails naming the holder's pid; release lets it in")
    func contention() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = ProjectLock(project: "demo", endpoint: "unix:///var/run/docker.sock", directory: directory)
        let second = ProjectLock(project: "demo", endpoint: "unix:///var/run/docker.sock", directory: directory)
        #expect(first.path == second.path)
        try await first.acquire()
        #expect(first.isHeld)
        #expect(try second.tryAcquire() == false)

        let clock = ContinuousClock()
        let began = clock.now
        do {
            try await second.acquire(wait: .milliseconds(150), retryInterval: .milliseconds(20))
            Issue.record("the second lock was taken while the first was held")
        } catch {
            #expect(clock.now - began >= .milliseconds(150))
            guard case .held(let project, let holder) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(project == "demo")
            #expect(holder?.pid == getpid())
            #expect(error.description.hasPrefix("project demo is being reconciled by pid \(getpid()) since 20"))
        }

        first.release()
        #expect(!first.isHeld)
        try await second.acquire(wait: .seconds(1))
        #expect(second.isHeld)
        second.release()
    }

    @Test("other projects and other endpoints have their own locks")
    func independentKeys() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let held = ProjectLock(project: "demo", endpoint: "a", directory: directory)
        try await held.acquire()
        #expect(try ProjectLock(project: "other", endpoint: "a", directory: directory).tryAcquire())
        #expect(try ProjectLock(project: "demo", endpoint: "b", directory: directory).tryAcquire())
        held.release()
    }

    @Test("a lock held by another process is freed when that process dies")
    func holderDies() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lock = ProjectLock(project: "demo", endpoint: "a", directory: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let child = Process()
        // One process holds the lock (the shell execs into sleep, keeping descriptor 9), so killing it ends
        // every holder of that open file description.
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "exec 9>\"$0\"; flock -x 9; exec sleep 600", lock.path]  // killed below; long, as a loaded test pool may resume this task late
        try child.run()
        defer { if child.isRunning { child.terminate() } }
        // A separate probe, released at once, so the test never ends up holding the lock the child waits for.
        try await ExecutionFixture.eventually {
            let probe = ProjectLock(project: "demo", endpoint: "a", directory: directory)
            if try probe.tryAcquire() {
                probe.release()
                return false
            }
            return true
        }
        do {
            try await lock.acquire(wait: .milliseconds(30), retryInterval: .milliseconds(10))
            Issue.record("taken while another process held it")
        } catch {
            #expect(error.description == "project demo is being reconciled by another process")
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let clock = ContinuousClock()
        let began = clock.now
        try await lock.acquire(wait: .seconds(20))
        #expect(lock.isHeld)
        #expect(clock.now - began < .seconds(30))
        lock.release()
    }

    @Test("the default directory follows XDG_RUNTIME_DIR, else /tmp per uid")
    func defaultDirectory() {
        #expect(ProjectLock.defaultDirectory(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
            == "/run/user/1000/swift-compose/locks")
        #expect(ProjectLock.defaultDirectory(environment: [:]) == "/tmp/swift-compose-\(getuid())/locks")
    }
}
