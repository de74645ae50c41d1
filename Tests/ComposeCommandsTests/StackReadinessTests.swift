@testable import ComposeCommands
import EngineAPI
import Testing

@Suite("up --wait readiness")
struct StackReadinessTests {
    static func container(_ name: String, service: String = "web", state: ObservedContainer.State = .running,
                          health: ObservedContainer.Health = .none, exitCode: Int? = nil) -> ObservedContainer {
        ObservedContainer(id: name, name: "/" + name, image: "x",
                          labels: [OwnershipLabels.project: "p", OwnershipLabels.service: service], state: state,
                          health: health, exitCode: exitCode)
    }

    @Test("running without a health check, healthy, and jobs that exited 0 are ready")
    func ready() {
        let containers = [Self.container("p-web-1"), Self.container("p-db-1", service: "db", health: .healthy),
                          Self.container("p-job-1", service: "job", state: .exited, exitCode: 0)]
        #expect(StackReadiness.of(containers, expected: ["web": 1, "db": 1, "job": 1]) == .ready)
    }

    @Test("a starting health check, a restarting container or a missing replica is pending")
    func pending() {
        #expect(StackReadiness.of([Self.container("p-web-1", health: .starting)], expected: ["web": 1])
            == .pending("p-web-1 is starting (health: starting)"))
        #expect(StackReadiness.of([Self.container("p-web-1", state: .restarting)], expected: ["web": 1])
            == .pending("p-web-1 is restarting"))
        #expect(StackReadiness.of([Self.container("p-web-1")], expected: ["web": 2])
            == .pending("web has 1 of 2 containers"))
    }

    @Test("unhealthy and failed containers fail at once, naming the container")
    func failed() {
        #expect(StackReadiness.of([Self.container("p-web-1", health: .unhealthy)], expected: ["web": 1])
            == .failed("container p-web-1 is unhealthy"))
        #expect(StackReadiness.of([Self.container("p-web-1", state: .exited, exitCode: 3)], expected: ["web": 1])
            == .failed("container p-web-1 exited (3)"))
    }
}
