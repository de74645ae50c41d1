import ComposeLoader
import ComposeModel
import Foundation
import Reconciler

/// Loads compose text through the real loader and builds its desired state.
enum DesiredFixture {
    static let directory = "/tmp/swift-compose-desired-fixture"
    static let version = "2.40.3"

    static func load(_ yaml: String, environment: [String: String] = [:]) throws -> (ComposeProject, LoadedProject) {
        let request = ProjectRequest(
            files: [ComposeFileSource(path: directory + "/compose.yaml", content: yaml)],
            projectDirectory: directory,
            processEnvironment: environment
        )
        let loaded = try ProjectLoader.load(request)
        return (try loaded.model(), loaded)
    }

    static func build(_ yaml: String, environment: [String: String] = [:], environmentFiles: [String] = [],
                      options: DesiredStateOptions = DesiredStateOptions()) throws -> DesiredProject {
        let (model, loaded) = try load(yaml, environment: environment)
        let context = DesiredProjectContext(
            workingDirectory: loaded.workingDirectory,
            configFiles: loaded.composeFiles,
            environmentFiles: environmentFiles,
            environment: loaded.environment,
            version: version
        )
        return try DesiredStateBuilder(context: context, options: options).build(model)
    }

    /// The shared corpus (`shared/corpus/cases`), found by walking up from this file (worktrees live
    /// deeper than the main checkout).
    static let corpus: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/corpus/cases")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()
}

extension DesiredProject {
    func service(_ name: String) -> DesiredService? {
        services.first { $0.name == name }
    }
}
