/// The words docker compose prints for each kind of engine operation, keyed by the operation kind names of the
/// plan (`schemas/plan.schema.json`) plus a few commands' own kinds, so this layer does not depend on Reconciler.
enum ProgressVerbs {
    struct Words: Sendable, Equatable {
        /// While the operation runs: "Creating".
        var working: String
        /// When it succeeded: "Created".
        var done: String
    }

    static let table: [String: Words] = [
        "createNetwork": Words(working: "Creating", done: "Created"),
        "removeNetwork": Words(working: "Removing", done: "Removed"),
        "connectNetwork": Words(working: "Connecting", done: "Connected"),
        "disconnectNetwork": Words(working: "Disconnecting", done: "Disconnected"),
        "createVolume": Words(working: "Creating", done: "Created"),
        "removeVolume": Words(working: "Removing", done: "Removed"),
        "pullImage": Words(working: "Pulling", done: "Pulled"),
        "pushImage": Words(working: "Pushing", done: "Pushed"),
        "buildImage": Words(working: "Building", done: "Built"),
        "removeImage": Words(working: "Removing", done: "Removed"),
        "createContainer": Words(working: "Creating", done: "Created"),
        "startContainer": Words(working: "Starting", done: "Started"),
        "stopContainer": Words(working: "Stopping", done: "Stopped"),
        "removeContainer": Words(working: "Removing", done: "Removed"),
        // docker compose shows a replacement as one "Recreate" line on the old container.
        "renameContainer": Words(working: "Recreate", done: "Recreated"),
        "killContainer": Words(working: "Killing", done: "Killed"),
        "pauseContainer": Words(working: "Pausing", done: "Paused"),
        "unpauseContainer": Words(working: "Unpausing", done: "Unpaused"),
        "restartContainer": Words(working: "Restarting", done: "Restarted"),
        "waitFor": Words(working: "Waiting", done: "Healthy"),
    ]

    /// The words of an operation kind; nil for an unknown kind.
    static func words(for kind: String) -> Words? {
        table[kind]
    }

    /// The done word of a `waitFor` on a `depends_on` condition: "Exited" for
    /// `service_completed_successfully`, "Healthy" otherwise (docker compose says Healthy for
    /// `service_healthy` and for its running-or-healthy wait).
    static func waitDone(condition: String) -> String {
        condition == "service_completed_successfully" ? "Exited" : "Healthy"
    }

    /// The title of the tty header (`[+] Running 3/3`) per command, as docker compose titles them.
    static func title(command: String) -> String {
        switch command {
        case "create": return "Creating"
        case "stop": return "Stopping"
        case "restart": return "Restarting"
        case "kill": return "Killing"
        case "pause": return "Pausing"
        case "rm": return "Removing"
        case "pull": return "Pulling"
        case "build": return "Building"
        default: return "Running"
        }
    }
}
