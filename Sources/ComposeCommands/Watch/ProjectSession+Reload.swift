import ComposeLoader
import Foundation
import ComposeModel
import EngineAPI
import Reconciler

extension ProjectSession {
    /// The project loaded again from its files (an edit), on the engine of `previous`: no new engine, no ping.
    /// Throws the loader's located `DiagnosticError` when the edit is invalid.
    /// Loader warnings are not printed here (the watcher says them once, in its output format): they are
    /// in `warnings`.
    init(reloading previous: ProjectSession, global: GlobalOptions, services: [String], warnings: inout [String]) throws {
        var loaderOptions = LoaderOptions()
        loaderOptions.requestedServices = services
        let (request, discoveryWarnings) = try ProjectRequestBuilder(global: global).build(options: loaderOptions)
        let project = try ProjectLoader.load(request)
        warnings = discoveryWarnings + project.warnings.map(\.description)
        let model = try project.model()
        self.project = project
        self.model = model
        self.scale = previous.scale
        self.desired = try DesiredStateFactory.make(project, model: model, options: DesiredStateOptions(scale: previous.scale))
        self.engine = previous.engine
    }

    /// Every file whose change re-plans the project: the compose files, the `.env` (or `--env-file`s), each
    /// service's `env_file`s and the file-based secrets and configs.
    func projectFiles(global: GlobalOptions) -> [String] {
        let base = project.workingDirectory
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        }
        var files = project.composeFiles
        if global.envFile.isEmpty {
            files.append(absolute(".env"))
        } else {
            let current = FileManager.default.currentDirectoryPath
            files += global.envFile.map { $0.hasPrefix("/") ? $0 : (current as NSString).appendingPathComponent($0) }
        }
        for service in model.services.values {
            files += service.envFile.map { absolute($0.path) }
        }
        // The canonical project has resolved `env_file`s into `environment` and dropped the key: read the
        // declared ones from the compose files themselves.
        files += Self.declaredEnvFiles(project.composeFiles).map(absolute)
        for object in Array(model.secrets.values) + Array(model.configs.values) {
            if let file = object.file, object.external != true { files.append(absolute(file)) }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// The `env_file` paths the compose files declare (a string, a list of strings, or a list of `{path: …}`).
    static func declaredEnvFiles(_ composeFiles: [String]) -> [String] {
        var paths: [String] = []
        for file in composeFiles {
            guard let text = try? ComposeFileReader.read(path: file),
                  let documents = try? YAMLComposer.documents(text: text, file: file) else { continue }
            for document in documents {
                guard let services = document.mapping?["services"]?.mapping else { continue }
                for (_, service) in services {
                    guard let declared = service.mapping?["env_file"] else { continue }
                    if let single = declared.string { paths.append(single) }
                    for item in declared.sequence ?? [] {
                        if let path = item.string ?? item.mapping?["path"]?.string { paths.append(path) }
                    }
                }
            }
        }
        return paths
    }
}
