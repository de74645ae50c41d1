import EngineAPI
import Foundation

extension DockerEngine {
    /// One list of every container carrying the project label key, whatever its value.
    public func observeAllProjects() async throws(EngineError) -> [ObservedContainer] {
        let request = DockerEngine.allProjectsRequest()
        let containers = try await decode([DockerContainerSummary].self, from: call(request), request: request)
        return containers.map(DockerEngine.observed(container:)).sorted { ($0.created, $0.name) < ($1.created, $1.name) }
    }

    /// One list filtered by name; dockerd's name filter is an unanchored regex over `/name`, so the
    /// answer is narrowed to exact names here.
    public func findContainers(names: [String]) async throws(EngineError) -> [ObservedContainer] {
        guard let request = DockerEngine.findContainersRequest(names: names) else { return [] }
        let containers = try await decode([DockerContainerSummary].self, from: call(request), request: request)
        return DockerEngine.exactNameMatches(containers, names: names)
    }

    public func inspectNetwork(_ name: String) async throws(EngineError) -> ObservedNetwork? {
        let request = DockerRequest("GET", "/networks/\(DockerRequest.segment(name))")
        do {
            let response = try await call(request, resource: ResourceID(.network, name))
            return DockerEngine.observed(network: try decode(DockerNetworkInspect.self, from: response, request: request))
        } catch where error.code == .notFound {
            return nil
        }
    }

    public func inspectVolume(_ name: String) async throws(EngineError) -> ObservedVolume? {
        let request = DockerRequest("GET", "/volumes/\(DockerRequest.segment(name))")
        do {
            let response = try await call(request, resource: ResourceID(.volume, name))
            let volume = try decode(DockerVolumeList.Volume.self, from: response, request: request)
            return ObservedVolume(name: volume.Name, driver: volume.Driver ?? "", labels: volume.Labels ?? [:])
        } catch where error.code == .notFound {
            return nil
        }
    }

    static func allProjectsRequest() -> DockerRequest {
        DockerRequest("GET", "/containers/json", query: [("all", "1"), ("filters", filtersJSON(["label": [OwnershipLabels.project]]))])
    }

    /// nil when there is no name to look for: no call at all.
    static func findContainersRequest(names: [String]) -> DockerRequest? {
        guard !names.isEmpty else { return nil }
        let patterns = Array(Set(names)).sorted().map { "^/\(regexEscaped($0))$" }
        return DockerRequest("GET", "/containers/json", query: [("all", "1"), ("filters", filtersJSON(["name": patterns]))])
    }

    static func exactNameMatches(_ containers: [DockerContainerSummary], names: [String]) -> [ObservedContainer] {
        let wanted = Set(names.map { "/\($0)" })
        return containers.filter { ($0.Names ?? []).contains(where: wanted.contains) }
            .map(observed(container:))
            .sorted { $0.name < $1.name }
    }

    static func observed(network: DockerNetworkInspect) -> ObservedNetwork {
        ObservedNetwork(id: network.Id, name: network.Name, driver: network.Driver ?? "", labels: network.Labels ?? [:],
                        isInternal: network.Internal ?? false, enableIPv6: network.EnableIPv6 ?? false,
                        subnets: (network.IPAM?.Config ?? []).compactMap(\.Subnet),
                        containers: (network.Containers ?? [:]).keys.sorted())
    }

    /// Go's regexp metacharacters escaped (container names may hold `.`).
    static func regexEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if #"\.+*?()|[]{}^$"#.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A `filters` query value: the keys' value lists as JSON.
    static func filtersJSON(_ filters: [String: [String]]) -> String {
        encode(filters).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
