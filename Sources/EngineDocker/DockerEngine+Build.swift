import EngineAPI
import Foundation
import TarArchive

extension DockerEngine {
    /// The legacy builder (`POST /build`, no BuildKit session): the context is written to a temporary tar
    /// and streamed from it; the builder's output goes to `output` line by line as it comes.
    public func buildImage(_ spec: BuildSpec, output: @escaping @Sendable (String) -> Void) async throws(EngineError) -> String {
        let context = try DockerBuildContext(spec)
        let tarPath = FileManager.default.temporaryDirectory.appendingPathComponent("swift-compose-context-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: tarPath) }
        let length = try DockerEngine.writeContext(context, to: tarPath)
        let request = DockerEngine.buildRequest(spec, dockerfile: context.dockerfile)
        let response = try await openStream(request, upload: DockerUpload(contentType: "application/x-tar", path: tarPath, length: length))
        var progress = DockerBuildProgress()
        do {
            for try await chunk in response.body {
                for line in progress.feed(chunk.readableBytesView) { output(line) }
            }
        } catch {
            throw DockerEngine.streamError(error, what: "the output of the build of \(spec.tags.first ?? spec.context)")
        }
        for line in progress.finish() { output(line) }
        if let failure = progress.failure { throw DockerBuildProgress.error(failure) }
        if let id = progress.imageID { return id }
        for reference in [progress.builtID, spec.tags.first].compactMap({ $0 }) {
            if let id = try await imageID(reference) { return id }
        }
        throw EngineError(.internalError, "the builder did not say which image it built from \(spec.context)")
    }

    /// Returns the tar's size.
    static func writeContext(_ context: DockerBuildContext, to path: String) throws(EngineError) -> Int64 {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw EngineError(.internalError, "cannot create the temporary build context \(path)")
        }
        defer { try? handle.close() }
        var length: Int64 = 0
        try context.write(to: TarWriter { bytes in
            try handle.write(contentsOf: bytes)
            length += Int64(bytes.count)
        })
        return length
    }

    static func buildRequest(_ spec: BuildSpec, dockerfile: String) -> DockerRequest {
        var query: [(String, String)] = [("dockerfile", dockerfile)]
        for tag in spec.tags { query.append(("t", tag)) }
        if !spec.args.isEmpty {
            var args: [String: String] = [:]
            for argument in spec.args { args[argument.name] = argument.value }
            query.append(("buildargs", jsonText(args)))
        }
        if !spec.labels.isEmpty { query.append(("labels", jsonText(spec.labels))) }
        if let target = spec.target { query.append(("target", target)) }
        if spec.noCache { query.append(("nocache", "1")) }
        if spec.pull { query.append(("pull", "1")) }
        if let network = spec.network { query.append(("networkmode", network)) }
        for host in spec.extraHosts { query.append(("extrahosts", host)) }
        if let shmSize = spec.shmSize { query.append(("shmsize", String(shmSize))) }
        if let platform = spec.platform { query.append(("platform", platform)) }
        query += [("rm", "1"), ("forcerm", "1")]
        var request = DockerRequest("POST", "/build", query: query)
        // A build runs for as long as its steps do.
        request.timeoutSeconds = 3600
        return request
    }

    static func jsonText(_ value: [String: String]) -> String {
        encode(value).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
