/// The line renderings of progress events for the plain and json modes (pure).
enum ProgressLineFormat {
    /// docker compose's prefix for every line of a `--dry-run`.
    static let dryRunPrefix = " DRY-RUN MODE - "

    /// ` Container proj-web-1  Created` — docker compose's `--progress plain` line (its Println of an empty text
    /// between the resource and the status gives the double space).
    static func plain(_ event: ProgressEvent, dryRun: Bool = false) -> String {
        (dryRun ? dryRunPrefix : "") + " " + event.resource + "  " + event.statusText + "\n"
    }

    /// A tail message (shown after the progress) in plain mode.
    static func plainMessage(_ text: String, dryRun: Bool = false) -> String {
        (dryRun ? dryRunPrefix : "") + text + "\n"
    }

    /// One JSON object per line, as docker compose v2.40's `--progress json` (`{"id":…,"status":"Created"}`),
    /// plus `text` for the detail and `error`/`warning` flags; see schemas/progress-event.schema.json. Go's
    /// json.Marshal escapes `<`, `>`, `&`, so we do too.
    static func json(_ event: ProgressEvent, dryRun: Bool = false) -> String {
        var members: [(String, JSONText)] = []
        if dryRun { members.append(("dry-run", .bool(true))) }
        members.append(("id", .string(event.resource)))
        if !event.detail.isEmpty { members.append(("text", .string(event.detail))) }
        members.append(("status", .string(event.text)))
        switch event.state {
        case .failed: members.append(("error", .bool(true)))
        case .warning: members.append(("warning", .bool(true)))
        case .working, .done: break
        }
        return JSONText.object(members).render(escapeHTML: true) + "\n"
    }

    /// A tail message in json mode: `{"tail":true,"text":"…"}`.
    static func jsonMessage(_ text: String, dryRun: Bool = false) -> String {
        var members: [(String, JSONText)] = []
        if dryRun { members.append(("dry-run", .bool(true))) }
        members.append(("tail", .bool(true)))
        members.append(("text", .string(text)))
        return JSONText.object(members).render(escapeHTML: true) + "\n"
    }
}
