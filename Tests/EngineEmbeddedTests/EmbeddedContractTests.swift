import ComposeTestSupport
import EngineAPI
import EngineEmbedded
import Foundation
import Testing

/// The engine contract suite, the one the fake and the Docker engine pass, against the embedded engine with
/// real runc, overlayfs and CNI (root; `SWIFT_COMPOSE_IT=embedded`).
@Suite("Embedded engine keeps the engine contract (SWIFT_COMPOSE_IT=embedded, root)", .enabled(if: EmbeddedTestEngine.enabled), .serialized)
struct EmbeddedContractTests {
    @Test("contract check", arguments: EngineContractSuite.checks)
    func contract(_ check: EngineContractCheck) async throws {
        let context = EngineContractContext(engine: try await EmbeddedTestEngine.engine(), project: EmbeddedTestEngine.project(),
                                            image: EmbeddedTestEngine.image)
        do {
            try await check.run(context)
        } catch {
            Issue.record("\(error)")
        }
    }
}
