/// One progress event of a pull or push, shaped like docker's per-layer lines.
public struct PullProgress: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case resolving = "Resolving"
        case pullingFsLayer = "Pulling fs layer"
        case alreadyExists = "Already exists"
        case downloading = "Downloading"
        case downloadComplete = "Download complete"
        case pullComplete = "Pull complete"
        case preparing = "Preparing"
        case waiting = "Waiting"
        case pushing = "Pushing"
        case pushed = "Pushed"
        case mounted = "Mounted from"
        case layerAlreadyExists = "Layer already exists"
        case digest = "Digest"
    }

    /// The short digest of the layer (12 hex characters), or the reference for image-level events.
    public var id: String
    public var status: Status
    public var current: Int64
    public var total: Int64?

    public init(id: String, status: Status, current: Int64 = 0, total: Int64? = nil) {
        self.id = id
        self.status = status
        self.current = current
        self.total = total
    }
}
