/// One progress update of a resource, independent of how it is rendered.
///
/// `resource` is the line's identity, as docker compose names it: "Container proj-web-1", "Network proj_default",
/// "Volume proj_data", "Image busybox" (see `ProgressEvent.container(_:)` and siblings). Later events of the same
/// resource update its line in tty mode.
struct ProgressEvent: Sendable, Equatable {
    enum State: String, Sendable, Equatable {
        /// In progress: a spinner in tty mode.
        case working
        /// Finished well: ✔.
        case done
        /// Finished with a warning (skipped, still in use…): !.
        case warning
        /// Failed: ✘.
        case failed
    }

    var resource: String
    var state: State
    /// The status word: "Creating", "Created", "Error", "Skipped: …".
    var text: String
    /// Extra text after the status word (an error message, a reason); empty when none.
    var detail: String

    init(resource: String, state: State, text: String, detail: String = "") {
        self.resource = resource
        self.state = state
        self.text = text
        self.detail = detail
    }

    static func working(_ resource: String, _ text: String, detail: String = "") -> ProgressEvent {
        ProgressEvent(resource: resource, state: .working, text: text, detail: detail)
    }

    static func done(_ resource: String, _ text: String, detail: String = "") -> ProgressEvent {
        ProgressEvent(resource: resource, state: .done, text: text, detail: detail)
    }

    static func warning(_ resource: String, _ text: String, detail: String = "") -> ProgressEvent {
        ProgressEvent(resource: resource, state: .warning, text: text, detail: detail)
    }

    static func failed(_ resource: String, _ text: String = "Error", detail: String = "") -> ProgressEvent {
        ProgressEvent(resource: resource, state: .failed, text: text, detail: detail)
    }

    /// The status column: the word, then the detail after one space.
    var statusText: String {
        detail.isEmpty ? text : text + " " + detail
    }

    /// Resource names as docker compose prints them.
    static func container(_ name: String) -> String { "Container " + name }
    static func network(_ name: String) -> String { "Network " + name }
    static func volume(_ name: String) -> String { "Volume " + name }
    static func image(_ reference: String) -> String { "Image " + reference }
}
