import EngineAPI
@testable import EngineEmbedded
import Testing

/// Like Docker, the embedded engine refuses at create a CPU limit above the machine's CPUs.
@Suite("embedded create: the CPU limit is checked like Docker")
struct CPULimitValidationTests {
    @Test("more CPUs than the machine has, or a negative count, is refused with Docker's message; up to all of them is fine")
    func range() throws {
        var limits = ResourceLimits()
        limits.nanoCPUs = 2_000_000_000
        try EmbeddedEngine.validateCPUs(limits, resource: nil, available: 2)
        limits.nanoCPUs = nil
        try EmbeddedEngine.validateCPUs(limits, resource: nil, available: 2)
        for nano: Int64 in [2_000_000_001, 1_000_000_000_000, -1] {
            limits.nanoCPUs = nano
            let error = #expect(throws: EngineError.self) { try EmbeddedEngine.validateCPUs(limits, resource: nil, available: 2) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message == "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available")
        }
    }
}
