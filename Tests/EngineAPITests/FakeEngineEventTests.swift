import ComposeTestSupport
import EngineAPI
import Testing

@Suite("FakeEngine events", .timeLimit(.minutes(1)))
struct FakeEngineEventTests {
    static let project = [OwnershipLabels.project: "demo"]

    /// The next `count` events of the stream.
    static func take(_ count: Int, _ stream: AsyncThrowingStream<EngineEvent, any Error>) async throws -> [EngineEvent] {
        var events: [EngineEvent] = []
        for try await event in stream {
            events.append(event)
            if events.count == count { break }
        }
        return events
    }

    @Test("every state-changing call emits dockerd's events to the project's subscribers, in order")
    func lifecycle() async throws {
        let engine = FakeEngine(images: ["busybox"])
        let stream = engine.events(project: "demo", since: nil)
        var network = NetworkSpec(name: "demo_net")
        network.labels = Self.project
        let networkID = try await engine.createNetwork(network)
        var volume = VolumeSpec(name: "demo_data")
        volume.labels = Self.project
        try await engine.createVolume(volume)
        var spec = ContainerSpec(name: "demo-web-1", image: "busybox")
        spec.labels = Self.project
        spec.networks = [NetworkAttachment(network: "demo_net")]
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        try await engine.pauseContainer(id)
        try await engine.unpauseContainer(id)
        try await engine.stopContainer(id, timeout: nil)
        try await engine.renameContainer(id, to: "demo-web-2")
        try await engine.removeContainer(id, force: false, removeVolumes: false)
        try await engine.removeNetwork("demo_net")
        try await engine.removeVolume("demo_data")
        let events = try await Self.take(15, stream)
        #expect(events.map { "\($0.action.rawValue) \($0.subject)" } == [
            "network_create \(networkID)", "volume_create demo_data", "create \(id)",
            "network_connect \(networkID)", "start \(id)", "pause \(id)", "unpause \(id)",
            "kill \(id)", "die \(id)", "network_disconnect \(networkID)", "stop \(id)",
            "rename \(id)", "destroy \(id)", "network_destroy \(networkID)", "volume_destroy demo_data",
        ])
        #expect(events.allSatisfy { $0.labels[OwnershipLabels.project] == "demo" })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time < $1.time })
        #expect(events[2].time == 1_700_000_000)
    }

    @Test("a subscriber gets only its project's events; since replays older ones")
    func filterAndReplay() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var other = ContainerSpec(name: "other-web-1", image: "busybox")
        other.labels = [OwnershipLabels.project: "other"]
        var mine = ContainerSpec(name: "demo-web-1", image: "busybox")
        mine.labels = Self.project
        _ = try await engine.createContainer(other)
        let id = try await engine.createContainer(mine)
        var stray = ContainerSpec(name: "stray", image: "busybox")
        stray.labels = [:]
        _ = try await engine.createContainer(stray)
        try await engine.startContainer(id)
        // The bridge network is unlabelled, so its connect event belongs to no project.
        let replayed = try await Self.take(2, engine.events(project: "demo", since: 0))
        #expect(replayed.map(\.action) == [.create, .start])
        #expect(replayed.allSatisfy { $0.subject == id })
        let later = try await Self.take(1, engine.events(project: "demo", since: 1_700_000_001.5))
        #expect(later.map(\.action) == [.start])
    }

    @Test("test controls emit events too: die, health_status, start on a restart")
    func controls() async throws {
        let engine = FakeEngine(images: ["busybox"])
        var spec = ContainerSpec(name: "demo-db-1", image: "busybox")
        spec.labels = Self.project
        spec.healthcheck = HealthcheckSpec(test: ["CMD", "true"])
        let id = try await engine.createContainer(spec)
        try await engine.startContainer(id)
        let stream = engine.events(project: "demo", since: nil)
        try await engine.setHealth(id, .healthy)
        try await engine.setHealth(id, .healthy)
        try await engine.simulateExit(id, code: 1)
        try await engine.simulateRestart(id)
        try await engine.killContainer(id, signal: "KILL")
        let events = try await Self.take(5, stream)
        // The second setHealth changes nothing, so it emits nothing.
        #expect(events.map(\.action) == [.healthStatus, .die, .start, .kill, .die])
    }

    @Test("a failed events call ends the stream with the error; the call is recorded")
    func failedSubscription() async throws {
        let engine = FakeEngine()
        await engine.failNext(.events, with: EngineError(.unavailable, "daemon gone"))
        let error = await #expect(throws: EngineError.self) { _ = try await Self.take(1, engine.events(project: "demo", since: 12)) }
        #expect(error?.message == "daemon gone")
        #expect(await engine.calls == [.events(project: "demo", since: 12)])
    }

    @Test("a hung events call delivers nothing until released, then everything in order")
    func hungSubscription() async throws {
        let engine = FakeEngine()
        await engine.hangNext(.events)
        let stream = engine.events(project: "demo", since: nil)
        let consumer = Task { try await Self.take(2, stream).map(\.subject) }
        await engine.waitForHangingCalls(1)
        var first = VolumeSpec(name: "demo_a")
        first.labels = Self.project
        try await engine.createVolume(first)
        var second = first
        second.name = "demo_b"
        try await engine.createVolume(second)
        await engine.releaseHangingCalls()
        #expect(try await consumer.value == ["demo_a", "demo_b"])
    }
}
