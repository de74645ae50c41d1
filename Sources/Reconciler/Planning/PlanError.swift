import EngineAPI

/// Why no plan can be made. The planner collects every problem before failing, so one run reports them all;
/// nothing has been changed on the engine when this is thrown.
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// A container without this project's labels holds a name the plan needs.
        case foreignNameHolder(resource: ResourceID, name: String, containerID: String, owner: String?)
        case externalNetworkMissing(key: String, name: String)
        case externalVolumeMissing(key: String, name: String)
        /// A network of the project has the right name but belongs to another compose network key.
        case networkLabelMismatch(key: String, name: String, found: String?)
        case unknownService(String)
        case incompatibleOptions(String)
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(Self.describe).joined(separator: "\n")
    }

    private static func describe(_ problem: Problem) -> String {
        switch problem {
        case .foreignNameHolder(let resource, let name, let id, let owner):
            let holder = owner.map { "container \(id.prefix(12)) of project \($0)" }
                ?? "container \(id.prefix(12)), which does not belong to a compose project"
            return "\(resource): the name \(name) is taken by \(holder); remove or rename it"
        case .externalNetworkMissing(let key, let name):
            return "network:\(key): network \(name) declared as external, but could not be found"
        case .externalVolumeMissing(let key, let name):
            return "volume:\(key): external volume \(name) not found"
        case .networkLabelMismatch(let key, let name, let found):
            return "network:\(key): network \(name) was found but has incorrect label "
                + "\(OwnershipLabels.network) set to \"\(found ?? "")\" (expected: \"\(key)\")"
        case .unknownService(let name):
            return "no such service: \(name)"
        case .incompatibleOptions(let message):
            return message
        }
    }
}
