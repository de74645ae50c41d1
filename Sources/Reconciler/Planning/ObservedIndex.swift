import EngineAPI

/// The observed containers sorted out for planning: per service and replica number the container that holds
/// the slot, leftovers of interrupted recreates and duplicates; orphans; and containers of other owners,
/// which are never touched but may hold names the plan needs.
struct ObservedIndex {
    /// The containers found for one service replica.
    struct Slot {
        /// The container that is the replica: the one with the canonical name, else the newest one.
        var primary: ObservedContainer?
        /// Replacement containers of an interrupted recreate (temporary name, replacement label), newest first.
        var leftovers: [ObservedContainer] = []
        /// Further containers claiming the same replica number.
        var duplicates: [ObservedContainer] = []

        var all: [ObservedContainer] { (primary.map { [$0] } ?? []) + leftovers + duplicates }
    }

    private(set) var slots: [String: [Int: Slot]] = [:]
    /// Containers of a desired service without a usable replica number.
    private(set) var unnumbered: [ObservedContainer] = []
    /// Containers of the project whose service is not desired, and exited one-off containers.
    private(set) var orphans: [ObservedContainer] = []
    /// Containers that do not carry this project's label, by name.
    private(set) var foreignByName: [String: ObservedContainer] = [:]
    /// Ids of every container carrying this project's label.
    private(set) var projectContainerIDs: Set<String> = []

    init(observed: ObservedState, desired: DesiredProject) {
        let services = Set(desired.services.map(\.name))
        var canonical: [String: [Int: String]] = [:]
        for service in desired.services {
            for container in service.containers {
                canonical[service.name, default: [:]][container.number] = container.spec.name
            }
        }

        var candidates: [String: [Int: [ObservedContainer]]] = [:]
        for container in observed.containers {
            guard container.project == desired.name else {
                foreignByName[container.plainName] = container
                continue
            }
            projectContainerIDs.insert(container.id)
            if container.isOneOff {
                // `run` containers: docker compose treats the finished ones as orphans, never as replicas.
                if container.state == .exited || container.state == .dead { orphans.append(container) }
                continue
            }
            guard let service = container.service, services.contains(service) else {
                orphans.append(container)
                continue
            }
            guard let number = container.number else {
                unnumbered.append(container)
                continue
            }
            candidates[service, default: [:]][number, default: []].append(container)
        }

        for (service, numbers) in candidates {
            for (number, containers) in numbers {
                let name = canonical[service]?[number] ?? "\(desired.name)-\(service)-\(number)"
                slots[service, default: [:]][number] = Self.slot(of: containers, canonicalName: name)
            }
        }
        orphans.sort { ($0.resourceID, $0.plainName) < ($1.resourceID, $1.plainName) }
        unnumbered.sort { $0.plainName < $1.plainName }
    }

    private static func slot(of containers: [ObservedContainer], canonicalName: String) -> Slot {
        var slot = Slot()
        var others: [ObservedContainer] = []
        for container in containers.sorted(by: newestFirst) {
            if container.plainName == canonicalName {
                slot.primary = container
            } else if container.isReplacement {
                slot.leftovers.append(container)
            } else {
                others.append(container)
            }
        }
        // Docker compose matches replicas by labels, not names: without a canonically named container the
        // newest one with the number is the replica.
        if slot.primary == nil, !others.isEmpty {
            slot.primary = others.removeFirst()
        }
        slot.duplicates = others
        return slot
    }

    private static func newestFirst(_ lhs: ObservedContainer, _ rhs: ObservedContainer) -> Bool {
        lhs.created != rhs.created ? lhs.created > rhs.created : lhs.plainName < rhs.plainName
    }

    func slot(service: String, number: Int) -> Slot {
        slots[service]?[number] ?? Slot()
    }

    /// Replica numbers observed for a service, ascending.
    func numbers(of service: String) -> [Int] {
        (slots[service]?.keys).map { $0.sorted() } ?? []
    }
}
