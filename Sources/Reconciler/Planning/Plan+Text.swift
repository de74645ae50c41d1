extension Operation {
    /// The operation in a few words, as the text rendering shows it.
    public var summary: String {
        switch self {
        case .createNetwork(let spec): "create \(spec.name)"
        case .removeNetwork(let name): "remove \(name)"
        case .connectNetwork(let container, let attachment): "connect \(container) to \(attachment.network)"
        case .disconnectNetwork(let container, let network): "disconnect \(container) from \(network)"
        case .createVolume(let spec): "create \(spec.name)"
        case .removeVolume(let name): "remove \(name)"
        case .pullImage(let reference): "pull \(reference)"
        case .pushImage(let reference): "push \(reference)"
        case .buildImage(let service, _): "build for service \(service)"
        case .createContainer(let spec, _): "create \(spec.name)"
        case .startContainer(let container): "start \(container)"
        case .stopContainer(let container, let timeout):
            timeout.map { "stop \(container) (timeout \($0)s)" } ?? "stop \(container)"
        case .removeContainer(let container, _, _): "remove \(container)"
        case .renameContainer(let from, let to): "rename \(from) to \(to)"
        case .unpauseContainer(let container): "unpause \(container)"
        case .pauseContainer(let container): "pause \(container)"
        case .killContainer(let container, let signal): "kill \(container) with \(signal)"
        case .removeImage(let reference): "remove \(reference)"
        case .waitFor(let service, let condition, _):
            switch condition {
            case .healthy: "wait until \(service) is healthy"
            case .completedSuccessfully: "wait until \(service) completed successfully"
            }
        }
    }
}

extension Plan {
    /// One line per operation, `resource  operation  cause` in aligned columns, then the warnings.
    public func text() -> String {
        var out = ""
        if operations.isEmpty {
            out += "No changes: project \(project) is converged.\n"
        }
        let resources = operations.map(\.resource.description)
        let summaries = operations.map(\.operation.summary)
        let resourceWidth = resources.map(\.count).max() ?? 0
        let summaryWidth = summaries.map(\.count).max() ?? 0
        for (position, operation) in operations.enumerated() {
            out += Self.padded(resources[position], resourceWidth) + "  "
            out += Self.padded(summaries[position], summaryWidth) + "  "
            out += operation.cause.text + "\n"
        }
        for warning in warnings {
            out += "warning: \(warning)\n"
        }
        return out
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
