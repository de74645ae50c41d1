import EngineAPI

/// Compares a desired container with the labels of an observed one and names what changed.
enum ChangeDetector {
    /// nil when the observed container matches the desired spec; otherwise the changed field groups
    /// (empty when they cannot be told, e.g. for a container created by docker compose).
    ///
    /// When the observed container was digested by another algorithm version, only the groups both versions
    /// know are compared, and a difference of the combined digest alone never counts: upgrading swift-compose
    /// must not recreate containers whose spec did not change.
    static func changedFields(desired: FieldDigests, observedLabels labels: [String: String]) -> [String]? {
        guard let hash = labels[OwnershipLabels.configHash] else { return [] }
        if hash == desired.combined { return nil }
        guard let text = labels[OwnershipLabels.fieldDigests],
              let version = labels[OwnershipLabels.digestVersion].flatMap({ Int($0) }),
              let observed = FieldDigests(labelValue: text, version: version, combined: hash)
        else { return [] }
        if version == desired.version {
            let groups = Set(desired.groups.keys).union(observed.groups.keys)
            return groups.filter { desired.groups[$0] != observed.groups[$0] }.sorted()
        }
        let common = Set(desired.groups.keys).intersection(observed.groups.keys)
        let changed = common.filter { desired.groups[$0] != observed.groups[$0] }.sorted()
        return changed.isEmpty ? nil : changed
    }

    /// Whether the container runs another image than the one the service's reference resolves to now.
    /// Prefers docker compose's image label, falls back to the image id the engine reports.
    static func imageChanged(currentImageID: String?, observed: ObservedContainer) -> Bool {
        guard let currentImageID,
              let running = observed.labels[OwnershipLabels.imageDigest] ?? observed.imageID
        else { return false }
        return running != currentImageID
    }
}
