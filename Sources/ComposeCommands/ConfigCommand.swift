import ArgumentParser
import ComposeLoader
import ComposeModel
import Crypto
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Parse, resolve and render compose file in canonical format"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Format the output. Values: [yaml | json]")
    var format: String = "yaml"

    @Flag(name: .shortAndLong, help: "Only validate the configuration, don't print anything")
    var quiet = false

    @Flag(help: "Print the service names, one per line.")
    var services = false

    @Flag(help: "Print the volume names, one per line.")
    var volumes = false

    @Flag(help: "Print the network names, one per line.")
    var networks = false

    @Flag(help: "Print the image names, one per line.")
    var images = false

    @Flag(help: "Print the profile names, one per line.")
    var profiles = false

    @Flag(help: "Print environment used for interpolation.")
    var environment = false

    @Option(help: "Print the service config hash, one per line.")
    var hash: String?

    @Flag(help: "Don't interpolate environment variables")
    var noInterpolate = false

    @Flag(help: "Don't normalize compose model")
    var noNormalize = false

    @Flag(help: "Don't resolve file paths")
    var noPathResolution = false

    @Flag(help: "Don't check model consistency - warning: may produce invalid Compose output")
    var noConsistency = false

    @Flag(help: "Don't resolve service env files")
    var noEnvResolution = false

    @Option(name: .shortAndLong, help: "Save to file (default to stdout)")
    var output: String?

    @Argument(help: "Services to render (with their dependencies)")
    var serviceNames: [String] = []

    func validate() throws {
        guard ["yaml", "json"].contains(format) else {
            throw ValidationError("unsupported format \"\(format)\": use yaml or json")
        }
    }

    func run() async throws {
        var options = LoaderOptions()
        options.skipInterpolation = noInterpolate
        options.skipNormalization = noNormalize
        options.resolvePaths = !noPathResolution
        options.skipConsistencyCheck = noConsistency
        options.skipResolveEnvironment = noEnvResolution
        options.requestedServices = serviceNames
        // The YAML shape only for printing the model as YAML; hashes are always of the JSON shape.
        options.outputShape = format == "yaml" && hash == nil ? .yaml : .json
        let project = try CommandContext.loadProject(global: global, options: options)
        let document = try ServiceSelection.restrict(project.document, to: serviceNames)

        let text: String
        if services {
            text = lines(ServiceSelection.serviceNames(document))
        } else if volumes {
            text = lines(document["volumes"]?.mapping?.keys ?? [])
        } else if networks {
            text = lines(document["networks"]?.mapping?.keys ?? [])
        } else if images {
            text = lines(imageNames(document, project: project.name))
        } else if profiles {
            text = lines(project.allProfiles)
        } else if environment {
            text = lines(project.environment.keys.sorted().map { "\($0)=\(project.environment[$0] ?? "")" })
        } else if let hash {
            text = lines(try serviceHashes(document, selection: hash))
        } else if quiet {
            return
        } else {
            let rendered = format == "json" ? document.jsonString() + "\n" : YAMLRenderer.render(document)
            // Interpolated output is escaped again, as docker compose does, so that feeding it back to
            // `compose` yields the same values (a literal `$` must not start a new substitution).
            text = noInterpolate ? rendered : Self.escapingDollars(rendered)
        }
        if quiet { return }
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("could not write \(output): \(error.localizedDescription)")
            }
        } else {
            StandardOutput.write(text)
        }
    }

    /// Every `$` doubled, byte-wise (the output can be tens of megabytes; Foundation's replacing is slow).
    static func escapingDollars(_ text: String) -> String {
        let dollar = UInt8(ascii: "$")
        guard text.utf8.contains(dollar) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 64)
        for byte in text.utf8 {
            bytes.append(byte)
            if byte == dollar { bytes.append(dollar) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func lines(_ items: [String]) -> String {
        items.map { $0 + "\n" }.joined()
    }

    /// The image each service runs: its `image`, else the name docker compose gives built images.
    private func imageNames(_ document: ComposeNode, project: String) -> [String] {
        guard let services = document["services"]?.mapping else { return [] }
        return services.keys.sorted().map { name in
            services[name]?["image"]?.string ?? "\(project)-\(name)"
        }
    }

    /// `service hash` lines for `--hash "*"` or `--hash web,db`: a SHA-256 of the service's canonical JSON.
    private func serviceHashes(_ document: ComposeNode, selection: String) throws -> [String] {
        guard let services = document["services"]?.mapping else { return [] }
        let wanted = selection == "*" ? services.keys.sorted() : selection.split(separator: ",").map(String.init)
        return try wanted.map { name in
            guard let service = services[name] else {
                throw CommandFailure("no such service: \(name)")
            }
            let digest = SHA256.hash(data: Data(ServiceHash.canonicalJSON(service).utf8))
            return "\(name) \(digest.map { String(format: "%02x", $0) }.joined())"
        }
    }
}
