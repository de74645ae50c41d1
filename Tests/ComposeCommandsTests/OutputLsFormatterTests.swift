@testable import ComposeCommands
import Testing

/// Expected strings come from docker compose v2.40.3.
@Suite("Output: ls formatter")
struct OutputLsFormatterTests {
    private let entries = [
        LsFormatter.Entry(name: "swcouthelp", status: "running(2)", configFiles: "/tmp/outhelp/p1/compose.yaml"),
        LsFormatter.Entry(name: "alpha-project-with-a-long-name", status: "exited(1), running(2)",
                          configFiles: "/a/compose.yaml,/a/override.yaml"),
    ]

    @Test("table with docker compose's 20-column minimum, sorted by name")
    func table() {
        #expect(LsFormatter.table([entries[0]]) == """
            NAME                STATUS              CONFIG FILES
            swcouthelp          running(2)          /tmp/outhelp/p1/compose.yaml

            """)
        #expect(LsFormatter.table(entries) == """
            NAME                             STATUS                  CONFIG FILES
            alpha-project-with-a-long-name   exited(1), running(2)   /a/compose.yaml,/a/override.yaml
            swcouthelp                       running(2)              /tmp/outhelp/p1/compose.yaml

            """)
        #expect(LsFormatter.table([]) == "NAME                STATUS              CONFIG FILES\n")
    }

    @Test("json is one array; -q prints the names")
    func jsonAndQuiet() {
        #expect(LsFormatter.json([LsFormatter.Entry(name: "swcouthelp", status: "exited(1), running(2)",
                                                    configFiles: "/tmp/<p>/compose.yaml")])
            == #"[{"Name":"swcouthelp","Status":"exited(1), running(2)","ConfigFiles":"/tmp/<p>/compose.yaml"}]"#
            + "\n")
        #expect(LsFormatter.json([]) == "[]\n")
        #expect(LsFormatter.quiet(entries) == "alpha-project-with-a-long-name\nswcouthelp\n")
    }

    @Test("status counts per state, states sorted; config files once each, N/A when a label is missing")
    func aggregates() {
        #expect(LsFormatter.status(states: ["running", "exited", "running"]) == "exited(1), running(2)")
        #expect(LsFormatter.status(states: []) == "")
        #expect(LsFormatter.configFiles(labels: ["/a/x.yaml,/a/y.yaml", "/a/x.yaml"]) == "/a/x.yaml,/a/y.yaml")
        #expect(LsFormatter.configFiles(labels: ["/a/x.yaml", nil]) == "N/A")
    }
}
