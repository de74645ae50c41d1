@testable import ComposeCommands
import EngineAPI
import Foundation
import Testing

/// Expected strings come from docker compose v2.40.3 run against the same containers.
@Suite("Output: ps formatter")
struct OutputPsFormatterTests {
    private static let created: Int64 = 1_795_957_285  // 2026-11-29 13:01:25 UTC
    private static let utc = TimeZone(identifier: "UTC") ?? .current

    private static let webPorts: [PsEntry.Port] = [
        .init(hostIP: "0.0.0.0", hostPort: 18080, containerPort: 80),
        .init(hostIP: "::", hostPort: 18080, containerPort: 80),
        .init(hostIP: "0.0.0.0", hostPort: 18443, containerPort: 443),
        .init(hostIP: "::", hostPort: 18443, containerPort: 443),
        .init(hostIP: "0.0.0.0", hostPort: 18444, containerPort: 444),
        .init(hostIP: "::", hostPort: 18444, containerPort: 444),
        .init(hostIP: "127.0.0.1", hostPort: 19000, containerPort: 9000, proto: "udp"),
    ]

    private static let entries: [PsEntry] = [
        PsEntry(id: "3dedc4de23dcb965eec3e245e422aa7dcea82ba86dcbf14b1b68bc7f314b591d", name: "swcouthelp-web-1",
                image: "swift-compose-test/busybox:1", command: "sh -c 'echo hello from web; echo \"second line\"'",
                project: "swcouthelp", service: "web", created: created, state: "running", status: "Up 1 second",
                ports: webPorts,
                labels: ["com.docker.compose.service": "web", "com.docker.compose.project": "swcouthelp"],
                networks: ["swcouthelp_default"], mounts: ["swcouthelp_data"], localVolumes: 1),
        PsEntry(id: "5e5e011ecb596d5eb13712d62e0cf94304aa495448d4c73a4aebd0337572896a", name: "swcouthelp-worker-1",
                image: "swift-compose-test/busybox:1", command: "sleep 3600", project: "swcouthelp",
                service: "worker", created: created, state: "running", status: "Up 1 second"),
        PsEntry(id: "7c5b13b434fa0000000000000000000000000000000000000000000000000000", name: "swcouthelp-db-1",
                image: "swift-compose-test/busybox:1", command: "sh -c 'echo db ready; exit 3'",
                project: "swcouthelp", service: "db", created: created, state: "exited",
                status: "Exited (3) 1 second ago", health: "healthy", exitCode: 3,
                networks: ["swcouthelp_default"]),
    ]

    private let formatter = PsFormatter(now: Date(timeIntervalSince1970: TimeInterval(created) + 3.4), timeZone: utc)

    @Test("the table, sorted by name, columns aligned like docker's tabwriter")
    func table() {
        #expect(formatter.table(Self.entries) == """
            NAME                  IMAGE                          COMMAND                  SERVICE   CREATED         STATUS                    PORTS
            swcouthelp-db-1       swift-compose-test/busybox:1   "sh -c 'echo db read…"   db        3 seconds ago   Exited (3) 1 second ago   
            swcouthelp-web-1      swift-compose-test/busybox:1   "sh -c 'echo hello f…"   web       3 seconds ago   Up 1 second               0.0.0.0:18080->80/tcp, [::]:18080->80/tcp, 0.0.0.0:18443->443/tcp, [::]:18443->443/tcp, 0.0.0.0:18444->444/tcp, [::]:18444->444/tcp, 127.0.0.1:19000->9000/udp
            swcouthelp-worker-1   swift-compose-test/busybox:1   "sleep 3600"             worker    3 seconds ago   Up 1 second               

            """)
        #expect(formatter.table([]) == "NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n")
    }

    @Test("--no-trunc keeps the whole command, quoted like Go")
    func noTrunc() {
        var full = formatter
        full.truncate = false
        #expect(full.command(Self.entries[0]) == #""sh -c 'echo hello from web; echo \"second line\"'""#)
        #expect(formatter.command(Self.entries[0]) == #""sh -c 'echo hello f…""#)
    }

    @Test("json lines with docker compose's keys, HTML characters escaped")
    func json() {
        let lines = formatter.json(Self.entries).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"Command":"\"sh -c 'echo db read…\"","CreatedAt":"2026-11-29 13:01:25 +0000 UTC","#
            + #""ExitCode":3,"Health":"","ID":"7c5b13b434fa","Image":"swift-compose-test/busybox:1","Labels":"","#
            + #""LocalVolumes":"0","Mounts":"","Name":"swcouthelp-db-1","Names":"swcouthelp-db-1","#
            + #""Networks":"swcouthelp_default","Ports":"","Project":"swcouthelp","Publishers":[],"#
            + #""RunningFor":"3 seconds ago","Service":"db","Size":"0B","State":"exited","#
            + #""Status":"Exited (3) 1 second ago"}"#)
        #expect(lines[1] == #"{"Command":"\"sh -c 'echo hello f…\"","CreatedAt":"2026-11-29 13:01:25 +0000 UTC","#
            + #""ExitCode":0,"Health":"","ID":"3dedc4de23dc","Image":"swift-compose-test/busybox:1","#
            + #""Labels":"com.docker.compose.project=swcouthelp,com.docker.compose.service=web","#
            + #""LocalVolumes":"1","Mounts":"swcouthelp_data","Name":"swcouthelp-web-1","Names":"swcouthelp-web-1","#
            + #""Networks":"swcouthelp_default","#
            + #""Ports":"0.0.0.0:18080-\u003e80/tcp, [::]:18080-\u003e80/tcp, 0.0.0.0:18443-\u003e443/tcp, "#
            + #"[::]:18443-\u003e443/tcp, 0.0.0.0:18444-\u003e444/tcp, [::]:18444-\u003e444/tcp, "#
            + #"127.0.0.1:19000-\u003e9000/udp","Project":"swcouthelp","#
            + #""Publishers":[{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":18080,"Protocol":"tcp"},"#
            + #"{"URL":"::","TargetPort":80,"PublishedPort":18080,"Protocol":"tcp"},"#
            + #"{"URL":"0.0.0.0","TargetPort":443,"PublishedPort":18443,"Protocol":"tcp"},"#
            + #"{"URL":"::","TargetPort":443,"PublishedPort":18443,"Protocol":"tcp"},"#
            + #"{"URL":"0.0.0.0","TargetPort":444,"PublishedPort":18444,"Protocol":"tcp"},"#
            + #"{"URL":"::","TargetPort":444,"PublishedPort":18444,"Protocol":"tcp"},"#
            + #"{"URL":"127.0.0.1","TargetPort":9000,"PublishedPort":19000,"Protocol":"udp"}],"#
            + #""RunningFor":"3 seconds ago","Service":"web","Size":"0B","State":"running","Status":"Up 1 second"}"#)
    }

    @Test("--format chooses table or json; anything else is refused")
    func format() throws {
        #expect(try formatter.render(Self.entries, format: "table") == formatter.table(Self.entries))
        #expect(try formatter.render(Self.entries, format: "") == formatter.table(Self.entries))
        #expect(try formatter.render(Self.entries, format: "json") == formatter.json(Self.entries))
        #expect(throws: CommandFailure.self) { try formatter.render(Self.entries, format: "{{.Name}}") }
    }

    @Test("-q prints full ids and --services each service once, both in name order")
    func quietAndServices() {
        #expect(PsFormatter.quiet(Self.entries) == """
            7c5b13b434fa0000000000000000000000000000000000000000000000000000
            3dedc4de23dcb965eec3e245e422aa7dcea82ba86dcbf14b1b68bc7f314b591d
            5e5e011ecb596d5eb13712d62e0cf94304aa495448d4c73a4aebd0337572896a

            """)
        var scaled = Self.entries
        scaled.append(PsEntry(id: "x", name: "swcouthelp-web-2", image: "i", command: "c", project: "swcouthelp",
                              service: "web", created: 0, state: "running", status: "Up"))
        #expect(PsFormatter.services(scaled) == "db\nweb\nworker\n")
        #expect(PsFormatter.services([]) == "\n")
    }

    @Test("health shown for running containers only; size with its virtual part")
    func healthAndSize() {
        var running = Self.entries[1]
        running.health = "starting"
        running.sizeRw = 1_500
        running.sizeRootFs = 21_500_000
        let json = formatter.jsonObject(running).render(escapeHTML: true)
        #expect(json.contains(#""Health":"starting""#))
        #expect(json.contains(#""Size":"1.5kB (virtual 21.5MB)""#))
        #expect(formatter.jsonObject(Self.entries[0]).render().contains(#""Health":"""#))
    }
}

@Suite("Output: ports, durations, Go text")
struct OutputFormatHelpersTests {
    @Test("ports: one-to-one ranges merged per address, exposed ports grouped, others listed after")
    func ports() {
        #expect(PortsFormat.display([
            .init(hostIP: "0.0.0.0", hostPort: 8081, containerPort: 8081),
            .init(hostIP: "0.0.0.0", hostPort: 8080, containerPort: 8080),
            .init(hostIP: "0.0.0.0", hostPort: 8082, containerPort: 8082),
            .init(hostIP: "0.0.0.0", hostPort: 9999, containerPort: 80),
        ]) == "0.0.0.0:8080-8082->8080-8082/tcp, 0.0.0.0:9999->80/tcp")
        #expect(PortsFormat.display([
            .init(containerPort: 80), .init(containerPort: 81), .init(containerPort: 82),
            .init(containerPort: 90), .init(containerPort: 53, proto: "udp"),
        ]) == "80-82/tcp, 53/udp, 90/tcp")
        // Checked against `docker ps` (docker 28.2) for --expose 80-82 --expose 90 --expose 53/udp
        // -p 127.0.0.1:7000-7001:7000-7001.
        #expect(PortsFormat.display([
            .init(hostIP: "127.0.0.1", hostPort: 7001, containerPort: 7001), .init(containerPort: 90),
            .init(containerPort: 53, proto: "udp"), .init(containerPort: 82), .init(containerPort: 81),
            .init(containerPort: 80), .init(hostIP: "127.0.0.1", hostPort: 7000, containerPort: 7000),
        ]) == "80-82/tcp, 53/udp, 90/tcp, 127.0.0.1:7000-7001->7000-7001/tcp")
        #expect(PortsFormat.display([.init(hostIP: "::", hostPort: 8080, containerPort: 80)]) == "[::]:8080->80/tcp")
        #expect(PortsFormat.display([]) == "")
    }

    @Test("human durations follow go-units")
    func durations() {
        let table: [(Double, String)] = [
            (-5, "Less than a second"), (0, "Less than a second"), (0.9, "Less than a second"), (1, "1 second"),
            (2, "2 seconds"), (59.9, "59 seconds"), (60, "About a minute"), (119, "About a minute"),
            (120, "2 minutes"), (3_599, "59 minutes"), (3_600, "About an hour"), (5_399, "About an hour"),
            (5_400, "2 hours"), (47 * 3_600, "47 hours"), (47.5 * 3_600, "2 days"), (13 * 86_400, "13 days"),
            (14 * 86_400, "2 weeks"), (59 * 86_400, "8 weeks"), (60 * 86_400, "2 months"),
            (729 * 86_400, "24 months"), (730 * 86_400, "2 years"), (3_650 * 86_400, "10 years"),
        ]
        for (seconds, expected) in table {
            #expect(HumanUnits.duration(seconds: seconds) == expected, "\(seconds)")
        }
    }

    @Test("human sizes with three significant digits")
    func sizes() {
        #expect(HumanUnits.size(0) == "0B")
        #expect(HumanUnits.size(999) == "999B")
        #expect(HumanUnits.size(1_000) == "1kB")
        #expect(HumanUnits.size(1_234_567) == "1.23MB")
    }

    @Test("Go quoting, ellipsis and id truncation")
    func goText() {
        #expect(GoText.quote("a\"b\\c\td\u{01}é\u{00A0}😀") == #""a\"b\\c\td\x01é\u00a0😀""#)
        #expect(GoText.ellipsis("exactly twenty chars", 20) == "exactly twenty chars")
        #expect(GoText.ellipsis("twenty-one characters", 20) == "twenty-one characte…")
        #expect(GoText.ellipsis("日本語のコマンドです", 7) == "日本語…")
        #expect(GoText.ellipsis("abc", 1) == "a")
        #expect(GoText.truncateID("sha256:0123456789abcdef") == "0123456789ab")
    }
}

@Suite("compose top output")
struct TopRenderTests {
    @Test("the container's name, then columns three spaces apart, the command last, then a blank line")
    func render() {
        let table = ProcessTable(titles: ["UID", "PID", "CMD"], processes: [["root", "12345", "sleep 3600"], ["1234", "7", "sh"]])
        #expect(TopCommand.render(name: "demo-web-1", table: table)
            == "demo-web-1\nUID    PID     CMD\nroot   12345   sleep 3600\n1234   7       sh\n\n")
    }
}

@Suite("compose stats output")
struct StatsFormatterTests {
    @Test("CPU is the rate between two readings; memory in binary units, I/O in decimal; docker's table and JSON")
    func rows() {
        let before = ContainerStats(readAt: 100, cpuNanoseconds: 1_000_000_000, memoryUsage: 0, memoryLimit: 0, pids: 0)
        let after = ContainerStats(readAt: 102, cpuNanoseconds: 2_000_000_000, memoryUsage: 4_018_176, memoryLimit: 8_232_349_696,
                                   pids: 3, networkReceived: 1_050, networkTransmitted: 0, blockRead: 4_096, blockWritten: 0)
        let formatter = StatsFormatter()
        let row = formatter.row(id: String(repeating: "a", count: 64), name: "demo-web-1", previous: before, current: after)
        #expect(row.cpu == "50.00%")
        #expect(row.memoryUsage == "3.832MiB / 7.667GiB")
        #expect(row.memoryPercent == "0.05%")
        #expect(row.networkIO == "1.05kB / 0B")
        #expect(row.blockIO == "4.1kB / 0B")
        #expect(row.id == "aaaaaaaaaaaa")
        #expect(formatter.row(id: "x", name: "n", previous: nil, current: after).cpu == "0.00%")
        #expect(formatter.table([row]) == """
            CONTAINER ID   NAME         CPU %        MEM USAGE / LIMIT     MEM %        NET I/O       BLOCK I/O    PIDS
            aaaaaaaaaaaa   demo-web-1   50.00%       3.832MiB / 7.667GiB   0.05%        1.05kB / 0B   4.1kB / 0B   3

            """)
        #expect(formatter.json([row]) == #"{"BlockIO":"4.1kB / 0B","CPUPerc":"50.00%","Container":"demo-web-1","ID":"aaaaaaaaaaaa","MemPerc":"0.05%","MemUsage":"3.832MiB / 7.667GiB","Name":"demo-web-1","NetIO":"1.05kB / 0B","PIDs":"3"}"# + "\n")
    }
}
