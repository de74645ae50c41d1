import ComposeLoader
import Foundation
import Reconciler
import Testing

/// Every corpus project the loader accepts builds a desired state without error.
@Suite("Desired state: corpus projects build")
struct DesiredCorpusTests {
    static func caseNames() -> [String] {
        guard let corpus = DesiredFixture.corpus else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).sorted()
    }

    @Test("the corpus is present")
    func corpusPresent() {
        #expect(Self.caseNames().count > 300)
    }

    /// Cases whose secret or config reads an environment variable the case does not set: docker compose's
    /// `up` fails on them too (`environment variable "X" required by secret "s" is not set`).
    static let unsetContentVariable: [String: String] = [
        "dc-configs-compose": "service from_env: environment variable CONFIG required by config from_env is not set",
        "dc-env-secret-child-compose": "service included: environment variable MY_SECRET required by secret my-secret is not set",
        "dc-env-secret-compose": "service foo: environment variable SECRET required by secret secret is not set",
    ]

    @Test("builds (or fails as docker compose up would)", arguments: caseNames())
    func builds(name: String) throws {
        let directory = try #require(DesiredFixture.corpus).appendingPathComponent(name)
        let expectedExit = try String(contentsOf: directory.appendingPathComponent("expected-exit-code.txt"), encoding: .utf8)
        guard expectedExit.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else { return }
        let caseData = try Data(contentsOf: directory.appendingPathComponent("case.json"))
        let meta = try #require(try JSONSerialization.jsonObject(with: caseData) as? [String: Any])
        let files = try #require(meta["files"] as? [String])
        let workdir = directory.appendingPathComponent(meta["workdir"] as? String ?? ".").standardizedFileURL
        var environment = ["HOME": "/tmp/corpus-home", "PATH": "/usr/bin:/bin"]
        for (key, value) in meta["env"] as? [String: String] ?? [:] { environment[key] = value }
        let loaded = try ProjectLoader.load(ProjectRequest(
            files: files.map { ComposeFileSource(path: workdir.appendingPathComponent($0).standardizedFileURL.path) },
            projectName: "corpus",
            processEnvironment: environment
        ))
        let model = try loaded.model()
        let context = DesiredProjectContext(workingDirectory: loaded.workingDirectory, configFiles: loaded.composeFiles,
                                            environment: loaded.environment, version: "2.40.3")
        if let message = Self.unsetContentVariable[name] {
            do {
                _ = try DesiredStateBuilder(context: context).build(model)
                Issue.record("expected the error: \(message)")
            } catch {
                #expect(error.description == message)
            }
            return
        }
        let project = try DesiredStateBuilder(context: context).build(model)
        #expect(project.services.count == model.services.count)
        #expect(!project.warnings.contains { $0.contains("is not defined") })
        for service in project.services {
            #expect(service.containers.count == service.replicas)
            for container in service.containers {
                #expect(container.spec.labels["com.docker.compose.config-hash"] == container.digests.combined)
            }
        }
    }
}
