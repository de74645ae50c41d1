import EngineAPI
@testable import EngineEmbedded
import Foundation
import Testing

@Suite("Image builder: what fails before any container runs")
struct BuildImageBuilderTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var references: [String] = []
        func add(_ reference: ImageReference) { lock.withLock { references.append(reference.description) } }
        var all: [String] { lock.withLock { references } }
    }

    static func build(_ dockerfile: String, configure: (inout BuildSpec) -> Void = { _ in },
                      calls: Calls = Calls()) async -> EngineError? {
        let state = NSTemporaryDirectory() + "swift-compose-builder-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        var spec = BuildSpec(context: state, tags: ["unit:1"])
        spec.dockerfileInline = dockerfile
        configure(&spec)
        do {
            _ = try await ImageBuilder(stateDirectory: state).build(spec, output: { _ in }, pull: { reference in
                calls.add(reference)
                throw EngineError(.notFound, "pull \(reference): manifest unknown")
            })
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing base image goes to the pull closure; its failure names the FROM line")
    func missingBase() async {
        let calls = Calls()
        let error = await Self.build("ARG V=3\nFROM alpine:$V\nRUN true\n", calls: calls)
        #expect(calls.all == ["docker.io/library/alpine:3"])
        #expect(error?.code == .notFound)
        #expect(error?.message == "Dockerfile:2: FROM alpine:3: pull docker.io/library/alpine:3: manifest unknown")
    }

    @Test("parse errors, a foreign platform and an unknown network fail the build up front")
    func upFront() async {
        #expect(await Self.build("FROM scratch\nFOOBAR x\n")?.message == "Dockerfile:2: unknown instruction: FOOBAR")
        #expect(await Self.build("FROM scratch\n") { $0.platform = "linux/s390x" }?.code == .unsupported)
        #expect(await Self.build("FROM scratch\n") { $0.network = "bridge" }?.code == .unsupported)
        #expect(await Self.build("FROM scratch\n") { $0.dockerfileInline = nil; $0.dockerfile = "missing.Dockerfile" }?.code == .notFound)
    }

    @Test("a COPY source that is not in the context names the line")
    func missingSource() async {
        let error = await Self.build("FROM scratch\nCOPY nothing-here /x\n")
        #expect(error?.message == "Dockerfile:2: COPY: nothing-here: not found (in the build context, or excluded by .dockerignore)")
    }
}
