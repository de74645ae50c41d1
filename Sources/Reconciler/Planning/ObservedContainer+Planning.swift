import EngineAPI

extension ObservedContainer {
    /// A reference to this exact container.
    var ref: ContainerRef { ContainerRef(id: id, name: plainName) }

    /// Whether a stop call is needed before removing it.
    var isActive: Bool { state == .running || state == .restarting || state == .paused }

    /// Whether the container carries a mark of being the replacement in a recreate (ours or docker compose's).
    var isReplacement: Bool {
        labels[OwnershipLabels.replacing] != nil || labels[OwnershipLabels.replace] != nil
    }

    /// The resource id from the ownership labels (`service:web:2`, or `service:web` without a number).
    var resourceID: ResourceID {
        ResourceID(.service, service ?? plainName, number: number)
    }
}
