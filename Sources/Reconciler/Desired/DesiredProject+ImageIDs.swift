import EngineAPI

extension DesiredProject {
    /// The same desired state with each service's image id (`sha256:…`) in the `com.docker.compose.image`
    /// label, as `DesiredStateOptions.imageIDs` gives it: the label is outside the digests, so setting it
    /// afterwards spares building the state again once the images are known.
    public func withImageIDs(_ imageIDs: [String: String]) -> DesiredProject {
        var copy = self
        for index in copy.services.indices {
            guard let id = imageIDs[copy.services[index].name] else { continue }
            for container in copy.services[index].containers.indices {
                copy.services[index].containers[container].spec.labels[OwnershipLabels.imageDigest] = id
            }
        }
        return copy
    }
}
