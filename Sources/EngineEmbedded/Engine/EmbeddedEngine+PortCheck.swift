import EngineAPI
import Foundation

extension EmbeddedEngine {
    /// The fixed host ports of `specs` already held by something outside `project` — another project's container
    /// or a host process — one line each. Checked before a plan runs, so a conflict stops it before anything
    /// starts (ports the project's own containers hold are theirs to hand over to their replacements).
    public func portConflicts(of specs: [ContainerSpec], project: String) throws(EngineError) -> [String] {
        let records = try containers.records()
        let ours = Set(records.filter { $0.labels[OwnershipLabels.project] == project }.map(\.id))
        let names = Dictionary(records.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let table = try ports.entries()
        // Ports the project's own containers hold are theirs to hand over.
        let foreign = table.filter { !ours.contains($0.value) }
        var conflicts: [String] = []
        var seen = Set<String>()
        for spec in specs {
            for binding in spec.ports {
                guard let text = binding.hostPort, !text.contains("-"), let port = Int(text) else { continue }
                let mapping = PortMapping(hostIP: binding.hostIP ?? "", hostPort: port, containerPort: binding.containerPort,
                                          protocol: binding.portProtocol.rawValue)
                guard seen.insert(PortAllocator.key(mapping)).inserted else {
                    conflicts.append("\(spec.name): port \(mapping) is published twice")
                    continue
                }
                if let holder = PortAllocator.holder(of: mapping, in: foreign) {
                    conflicts.append("\(spec.name): Bind for \(mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP):\(port) failed: "
                                     + "port is already allocated (by container \(names[holder] ?? holder))")
                } else if !table.keys.contains(PortAllocator.key(mapping)), let reason = PortProbe.bindFailure(mapping) {
                    conflicts.append("\(spec.name): Bind for \(mapping.hostIP.isEmpty ? "0.0.0.0" : mapping.hostIP):\(port) failed: "
                                     + "port is already allocated (\(reason))")
                }
            }
        }
        return conflicts
    }
}
