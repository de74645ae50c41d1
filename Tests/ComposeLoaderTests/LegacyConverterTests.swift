import ComposeLoader
import ComposeModel
import Testing

@Suite("Legacy conversion")
struct LegacyConverterTests {
    /// web: image, net, log_driver, ports, log_opt, links — in that order; db: build + dockerfile.
    private static func figFile() -> ComposeNode {
        var b = LegacyNodeBuilder()
        return b.document([
            ("x-defaults", { $0.mapping([("restart", { $0.scalar("always") })]) }),
            ("web", { b in b.mapping([
                ("image", { $0.scalar("busybox") }),
                ("net", { $0.scalar("container:db") }),
                ("log_driver", { $0.scalar("syslog") }),
                ("ports", { $0.list(["8080:80"]) }),
                ("log_opt", { $0.mapping([("tag", { $0.scalar("web") })]) }),
                ("links", { $0.list(["db:database", "db", "cache"]) }),
                ("x-note", { $0.scalar("kept") }),
            ]) }),
            ("db", { b in b.mapping([
                ("build", { $0.scalar("./db") }),
                ("dockerfile", { $0.scalar("Dockerfile.dev") }),
            ]) }),
        ])
    }

    @Test("services move under services:, extensions stay at the top level")
    func topLevel() throws {
        let (converted, _) = try LegacyConverter.convert(Self.figFile(), file: "fig.yml")
        #expect(converted.mapping?.keys == ["services", "x-defaults"])
        #expect(converted["services"]?.mapping?.keys == ["web", "db"])
        #expect(converted.mapping?.keyLocation("services") == SourceLocation(file: "fig.yml", line: 1, column: 1))
    }

    @Test("attributes keep their order; a renamed one takes the old one's place")
    func order() throws {
        let (converted, _) = try LegacyConverter.convert(Self.figFile(), file: "fig.yml")
        #expect(converted["services"]?["web"]?.mapping?.keys == ["image", "network_mode", "logging", "ports", "links", "depends_on", "x-note"])
        #expect(converted["services"]?["web"]?["depends_on"]?.mapping?.keys == ["db", "cache"])
        #expect(converted["services"]?["web"]?["logging"] == .mapping(ComposeMapping([
            ("driver", .string("syslog")), ("options", .mapping(ComposeMapping([("tag", .string("web"))]))),
        ])))
        #expect(converted["services"]?["db"]?["build"] == .mapping(ComposeMapping([
            ("context", .string("./db")), ("dockerfile", .string("Dockerfile.dev")),
        ])))
        #expect(converted["services"]?["web"]?["network_mode"] == .string("service:db"))
    }

    @Test("every converted value keeps the location it was written at")
    func locations() throws {
        let input = Self.figFile()
        let web = try #require(input["web"]?.mapping)
        let db = try #require(input["db"]?.mapping)
        let (converted, _) = try LegacyConverter.convert(input, file: "fig.yml")
        let out = try #require(converted["services"]?["web"]?.mapping)
        let outDB = try #require(converted["services"]?["db"]?.mapping)
        #expect(converted["services"]?.mapping?.keyLocation("web") == input.mapping?.keyLocation("web"))
        #expect(converted["services"]?["web"]?.location == input["web"]?.location)
        #expect(out.keyLocation("network_mode") == web.keyLocation("net"))
        #expect(out["network_mode"]?.location == web["net"]?.location)
        #expect(out.keyLocation("logging") == web.keyLocation("log_driver"))
        #expect(out["logging"]?.mapping?.keyLocation("options") == web.keyLocation("log_opt"))
        #expect(out["logging"]?["options"]?["tag"]?.location == web["log_opt"]?["tag"]?.location)
        #expect(out["ports"]?.sequence?.first?.location == web["ports"]?.sequence?.first?.location)
        #expect(out["depends_on"]?["cache"]?.location == web["links"]?.sequence?[2].location)
        #expect(outDB["build"]?["context"]?.location == db["build"]?.location)
        #expect(outDB["build"]?["dockerfile"]?.location == db["dockerfile"]?.location)
        #expect(outDB["build"]?.mapping?.keyLocation("dockerfile") == db.keyLocation("dockerfile"))
    }

    @Test("one warning at the file's first line, services in file order")
    func warning() throws {
        let (_, diagnostics) = try LegacyConverter.convert(Self.figFile(), file: "fig.yml")
        #expect(diagnostics == [.warning(
            at: SourceLocation(file: "fig.yml", line: 1, column: 1),
            "version 1 file converted: services moved under services:, links → depends_on (web), net → network_mode (web), log_driver/log_opt → logging (web), dockerfile → build.dockerfile (db)"
        )])
        #expect(diagnostics.first?.description == "fig.yml:1:1: warning: version 1 file converted: services moved under services:, links → depends_on (web), net → network_mode (web), log_driver/log_opt → logging (web), dockerfile → build.dockerfile (db)")
    }

    @Test("services of the project's other files count as services")
    func otherFiles() throws {
        var b = LegacyNodeBuilder(file: "fig.override.yml")
        let override = b.document([
            ("web", { b in b.mapping([
                ("net", { $0.scalar("container:proxy") }),
                ("volumes_from", { $0.list(["data:ro", "other"]) }),
            ]) }),
        ])
        let (converted, _) = try LegacyConverter.convert(override, file: "fig.override.yml", otherServiceNames: ["data", "proxy"])
        #expect(converted["services"]?["web"]?["network_mode"] == .string("service:proxy"))
        #expect(converted["services"]?["web"]?["volumes_from"] == .sequence([.string("data:ro"), .string("container:other")]))
    }

    @Test("every unconvertible attribute is reported, located, in one error")
    func errors() throws {
        var b = LegacyNodeBuilder()
        let input = b.document([
            ("web", { b in b.mapping([
                ("image", { $0.scalar("busybox") }),
                ("depends_on", { $0.list(["db"]) }),
                ("volumes_from", { $0.list(["db:rx", "a:b:c", ":ro"]) }),
                ("dockerfile", { $0.scalar("Dockerfile") }),
            ]) }),
            ("db", { b in b.mapping([
                ("build", { $0.mapping([("context", { $0.scalar(".") }), ("dockerfile", { $0.scalar("A") })]) }),
                ("dockerfile", { $0.scalar("B") }),
                ("volumes", { $0.list(["/anonymous", "data:/data"]) }),
                ("volume_driver", { $0.scalar("flocker") }),
            ]) }),
            ("cache", { b in b.mapping([
                ("volumes", { $0.list(["data:/cache"]) }),
                ("volume_driver", { $0.scalar("local") }),
            ]) }),
        ])
        let web = try #require(input["web"]?.mapping)
        let db = try #require(input["db"]?.mapping)
        let error = try #require(throws: DiagnosticError.self) { try LegacyConverter.convert(input, file: "fig.yml") }
        #expect(error.diagnostics.map(\.path) == [
            "web.depends_on", "web.volumes_from[0]", "web.volumes_from[1]", "web.volumes_from[2]", "web.dockerfile",
            "db.dockerfile", "db.volumes[0]", "cache.volume_driver",
        ])
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
        #expect(error.diagnostics[0].location == web.keyLocation("depends_on"))
        #expect(error.diagnostics[1].location == web["volumes_from"]?.sequence?[0].location)
        #expect(error.diagnostics[1].message == "invalid volumes_from mode \"rx\": must be ro or rw")
        #expect(error.diagnostics[5].location == db.keyLocation("dockerfile"))
        #expect(error.diagnostics[6].location == db["volumes"]?.sequence?[0].location)
        #expect(error.diagnostics[7].message == "volume \"data\" gets two drivers: local here and flocker from service db")
    }

    @Test("volumes_from already in the current form is kept")
    func currentFormVolumesFrom() throws {
        var b = LegacyNodeBuilder()
        let input = b.document([
            ("web", { b in b.mapping([
                ("image", { $0.scalar("busybox") }),
                ("volumes_from", { $0.list(["container:foo", "container:foo:ro", "service:web2:ro", "${DATA}"]) }),
            ]) }),
        ])
        let (converted, diagnostics) = try LegacyConverter.convert(input, file: "fig.yml")
        #expect(converted["services"]?["web"]?["volumes_from"] == .sequence([
            .string("container:foo"), .string("container:foo:ro"), .string("service:web2:ro"), .string("${DATA}"),
        ]))
        #expect(diagnostics.first?.message == "version 1 file converted: services moved under services:")
    }

    @Test("only plain names are declared as named volumes", arguments: [
        ("data:/data", "data"), ("my.vol-1:/x:ro", "my.vol-1"), ("./rel:/x", nil), ("/abs:/x", nil),
        ("~/home:/x", nil), ("${VOL}:/x", nil), ("/anonymous", nil), ("_x:/x", nil),
    ] as [(String, String?)])
    func namedVolumes(entry: String, name: String?) throws {
        var b = LegacyNodeBuilder()
        let input = b.document([("web", { b in b.mapping([("volumes", { $0.list([entry]) })]) })])
        let (converted, _) = try LegacyConverter.convert(input, file: "fig.yml")
        #expect(converted["volumes"]?.mapping?.keys == name.map { [$0] })
    }

    @Test("5,000 services convert in linear time")
    func largeFile() throws {
        var services = ComposeMapping()
        for index in 0..<5_000 {
            services["s\(index)"] = .mapping(ComposeMapping([
                ("image", .string("busybox")),
                ("links", .sequence([.string("s\((index + 1) % 5_000):alias")])),
                ("volumes_from", .sequence([.string("s\((index + 2) % 5_000)"), .string("ext\(index)")])),
                ("volumes", .sequence([.string("v\(index):/data")])),
                ("net", .string("container:s\((index + 3) % 5_000)")),
            ]))
        }
        let (converted, _) = try LegacyConverter.convert(.mapping(services), file: "big.yml")
        #expect(converted["services"]?.mapping?.count == 5_000)
        #expect(converted["volumes"]?.mapping?.count == 5_000)
        #expect(converted["services"]?["s4999"]?["network_mode"] == .string("service:s2"))
    }
}
