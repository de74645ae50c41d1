import ComposeTestSupport
import EngineAPI
import Testing

@Suite("Engine contract on FakeEngine")
struct EngineContractFakeEngineTests {
    static let image = "contract/busybox:1"

    @Test("FakeEngine keeps the contract", arguments: EngineContractSuite.checks)
    func fakeKeepsContract(check: EngineContractCheck) async throws {
        let engine = FakeEngine(capabilities: EngineCapabilities(build: true), images: [Self.image])
        try await check.run(EngineContractContext(engine: engine, project: "contract", image: Self.image, command: ["sleep", "86400"]))
        let left = await engine.snapshot()
        #expect(left == ObservedState(), "the check must remove everything it created")
    }

    @Test("FakeEngine without pause or build keeps the contract", arguments: EngineContractSuite.checks)
    func fakeWithoutPauseKeepsContract(check: EngineContractCheck) async throws {
        let engine = FakeEngine(capabilities: EngineCapabilities(pause: false), images: [Self.image])
        try await check.run(EngineContractContext(engine: engine, project: "nopause", image: Self.image))
        #expect(await engine.snapshot() == ObservedState())
    }

    @Test("the suite lists every check once, by a unique name")
    func checkNames() {
        let names = EngineContractSuite.checks.map(\.name)
        #expect(names.count == 25)
        #expect(Set(names).count == names.count)
    }

    @Test("violations(of:) collects nothing for a keeping engine")
    func violationsOfFake() async {
        let engine = FakeEngine(images: [Self.image])
        let violations = await EngineContractSuite.violations { check in
            EngineContractContext(engine: engine, project: "all-\(check.name.count)", image: Self.image)
        }
        #expect(violations.map(\.description) == [])
    }
}
