import EngineAPI

/// The engine contract: what the reconciler relies on from every `ContainerEngine`, as checks that run
/// against any engine — `FakeEngine` in unit tests, dockerd and the embedded engine in integration tests —
/// so the fake cannot drift from the real engines unnoticed.
///
/// Run each of `checks` as a parameterised test with a fresh project name per run.
public enum EngineContractSuite {
    public static let checks: [EngineContractCheck] = containerChecks + networkChecks + observationChecks + readChecks
        + processChecks + imageChecks

    /// Runs every check; returns the violations (empty when the engine keeps the contract).
    public static func violations(of makeContext: (EngineContractCheck) -> EngineContractContext) async -> [EngineContractViolation] {
        var found: [EngineContractViolation] = []
        for check in checks {
            do {
                try await check.run(makeContext(check))
            } catch {
                found.append(error)
            }
        }
        return found
    }
}
