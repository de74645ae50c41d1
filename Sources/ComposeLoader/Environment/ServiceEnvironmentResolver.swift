import ComposeModel
import Foundation
import OrderedCollections

/// Resolves each service's `environment` (bare keys from the environment, `env_file` contents merged in)
/// and `label_file`s, as compose-go's WithServicesEnvironmentResolved / WithServicesLabelsResolved do.
///
/// Runs on the normalised document: `environment` is a mapping of strings or nulls, `env_file` a list of
/// `{path, required, format?}` with absolute paths, `label_file` a list of absolute paths.
/// - environment: a bare key takes the project environment's value, or stays null. Env files are read in
///   order (a later file wins); their `${VAR}` resolve from the project environment, then the service's
///   own values, then what was read so far. The service's own entries win over the files, a null one
///   included.
/// - labels: label files are read in order, their `${VAR}` resolving only from labels read so far; the
///   service's `labels` win.
/// `config` discards `env_file` and `label_file` once resolved, which is the default here.
public enum ServiceEnvironmentResolver {
    public struct Outcome: Sendable {
        public var document: ComposeNode
        /// Unset variables referenced inside env and label files.
        public var warnings: [Diagnostic]
    }

    public static func resolve(_ project: ComposeNode, context: LoadContext) throws -> ComposeNode {
        try run(project, context: context).document
    }

    /// `discardFiles`: drop `env_file` / `label_file` after resolving (docker compose's `config` does).
    /// Errors of all services are collected.
    public static func run(_ project: ComposeNode, context: LoadContext, discardFiles: Bool = true) throws -> Outcome {
        guard var servicesNode = project["services"], var services = servicesNode.mapping else {
            return Outcome(document: project, warnings: [])
        }
        var problems: [Diagnostic] = []
        var hasErrors = false
        for name in services.keys {
            guard var service = services[name], service.mapping != nil else { continue }
            do {
                problems += try resolveEnvironment(&service, context: context, discardFiles: discardFiles)
                problems += try resolveLabels(&service, workingDirectory: context.workingDirectory, discardFiles: discardFiles)
            } catch let error as DiagnosticError {
                problems += error.diagnostics
                hasErrors = true
                continue
            }
            services[name] = service
        }
        if hasErrors { throw DiagnosticError(problems) }
        var document = project
        servicesNode.value = .mapping(services)
        document["services"] = servicesNode
        return Outcome(document: document, warnings: deduplicated(problems))
    }

    // MARK: - environment

    private static func resolveEnvironment(_ service: inout ComposeNode, context: LoadContext, discardFiles: Bool) throws -> [Diagnostic] {
        let original = service["environment"]
        // Only the canonical (mapping) form is resolved; anything else is left for validation to report.
        if let original, original.mapping == nil, !original.isNull { return [] }
        var own = original?.mapping ?? ComposeMapping()
        for (key, value) in own where value.isNull {
            if let found = context.environment[key] {
                own[key] = .string(found, at: value.location)
            }
        }
        var warnings: [Diagnostic] = []
        let envFiles = entries(of: service["env_file"])
        if !envFiles.isEmpty {
            var values: OrderedDictionary<String, Dotenv.Entry> = [:]
            for (key, value) in own {
                if let text = value.scalarText { values[key] = Dotenv.Entry(value: text, location: value.location) }
            }
            let projectEnvironment = context.environment
            let ownValues = own
            for entry in envFiles {
                guard let written = entry["path"]?.string ?? entry.string else { continue }
                let path = absolute(written, in: context.workingDirectory)
                let required = entry["required"]?.bool ?? true
                let reference = entry["path"]?.location ?? entry.location
                guard FileManager.default.fileExists(atPath: path) else {
                    if required {
                        throw DiagnosticError(.error(
                            at: reference,
                            "env file \(path) not found: stat \(path): no such file or directory"
                        ))
                    }
                    continue
                }
                let formatName = entry["format"]?.string
                guard let format = Dotenv.Format(name: formatName) else {
                    throw DiagnosticError(.error(at: entry["format"]?.location ?? reference, "unsupported env_file format \(GoQuote.quote(formatName ?? ""))"))
                }
                warnings += try Dotenv.parseFile(at: path, format: format, into: &values, reference: reference) { key in
                    projectEnvironment[key] ?? ownValues[key]?.scalarText
                }
            }
            var merged = ComposeMapping()
            for (key, entry) in values {
                merged[key] = .string(entry.value, at: entry.location)
            }
            for (key, value) in own {
                merged.set(key, value, keyLocation: own.keyLocation(key))
            }
            own = merged
        }
        own.sortKeys()
        let location = original?.location ?? service["env_file"]?.location
        if discardFiles { service["env_file"] = nil }
        if own.isEmpty {
            service["environment"] = nil
        } else {
            service["environment"] = ComposeNode(.mapping(own), at: location, mergeTag: original?.mergeTag)
        }
        return warnings
    }

    // MARK: - labels

    private static func resolveLabels(_ service: inout ComposeNode, workingDirectory: String, discardFiles: Bool) throws -> [Diagnostic] {
        let labelFiles = entries(of: service["label_file"])
        let original = service["labels"]
        if let original, original.mapping == nil, !original.isNull { return [] }
        if discardFiles { service["label_file"] = nil }
        guard !labelFiles.isEmpty else { return [] }
        var labels: OrderedDictionary<String, Dotenv.Entry> = [:]
        var warnings: [Diagnostic] = []
        for entry in labelFiles {
            guard let written = entry.string else { continue }
            let path = absolute(written, in: workingDirectory)
            guard FileManager.default.fileExists(atPath: path) else {
                throw DiagnosticError(.error(
                    at: entry.location,
                    "label file \(path) not found: stat \(path): no such file or directory"
                ))
            }
            // Each file sees the labels of the files before it (then its own earlier lines), nothing else.
            let previous = labels
            var fileValues: OrderedDictionary<String, Dotenv.Entry> = [:]
            warnings += try Dotenv.parseFile(at: path, format: .dotenv, into: &fileValues, reference: entry.location) { key in
                previous[key]?.value
            }
            for (key, value) in fileValues { labels[key] = value }
        }
        var merged = ComposeMapping()
        for (key, entry) in labels {
            merged[key] = .string(entry.value, at: entry.location)
        }
        if let own = original?.mapping {
            for (key, value) in own {
                merged.set(key, value, keyLocation: own.keyLocation(key))
            }
        }
        guard !merged.isEmpty else { return warnings }
        merged.sortKeys()
        service["labels"] = ComposeNode(.mapping(merged), at: original?.location ?? labelFiles.first?.location, mergeTag: original?.mergeTag)
        return warnings
    }

    /// The canonical list, or the short forms (one string, strings) if canonicalisation did not run.
    private static func entries(of node: ComposeNode?) -> [ComposeNode] {
        guard let node else { return [] }
        if let items = node.sequence { return items }
        return node.string == nil ? [] : [node]
    }

    /// Paths are absolute once resolved; `--no-path-resolution` leaves them relative to the project.
    private static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }

    private static func deduplicated(_ warnings: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<String> = []
        return warnings.filter { seen.insert($0.message).inserted }
    }
}
