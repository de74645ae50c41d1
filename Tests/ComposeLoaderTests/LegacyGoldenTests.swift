import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Our conversion against what docker-compose 1.29.2 made of the same version-1 files (see
/// Fixtures/legacy/README.md for how the goldens were recorded and which differences are deliberate).
@Suite("Legacy conversion against docker-compose 1.29.2")
struct LegacyGoldenTests {
    static let fixtures = ["links-net", "logging-build", "runtime", "environment", "volumes", "extends"]

    private func convertFixture(_ name: String) throws -> (ComposeNode, [Diagnostic]) {
        let input = try LegacyFixtures.yaml("\(name).yml")
        #expect(LegacyConverter.isLegacy(input))
        return try LegacyConverter.convert(input, file: "\(name).yml")
    }

    @Test("every service attribute matches v1's own conversion", arguments: fixtures)
    func matchesVersion1(name: String) throws {
        let (converted, _) = try convertFixture(name)
        let golden = try LegacyFixtures.json("\(name).v1-config.json")
        let ours = try #require(converted["services"]?.mapping)
        let theirs = try #require(golden["services"]?.mapping)
        #expect(Set(ours.keys) == Set(theirs.keys))
        let directory = LegacyFixtures.directory.path
        for (service, node) in ours where node["extends"] == nil {
            let mine = try LegacyGoldenNormalizer.normalize(try #require(node.mapping), fixtureDirectory: directory)
            let v1 = try LegacyGoldenNormalizer.normalize(try #require(theirs[service]?.mapping), fixtureDirectory: directory)
            #expect(mine == v1, "service \(service):\nours \(ComposeNode.mapping(mine).jsonString())\nv1   \(ComposeNode.mapping(v1).jsonString())")
        }
    }

    /// Our conversion of each fixture is recorded as NAME.converted.json, and docker compose v2.40.3's
    /// `config --format json` of that file as NAME.v2-config.json (regenerate.sh), so a change of the
    /// conversion shows here and the recorded form is known to be accepted by the reference.
    /// `LEGACY_RECORD=1 swift test --filter LegacyGolden` rewrites the converted files.
    @Test("the conversion equals the recorded one that docker compose v2 accepts", arguments: fixtures)
    func matchesRecordedConversion(name: String) throws {
        let (converted, _) = try convertFixture(name)
        let path = LegacyFixtures.directory.appendingPathComponent("\(name).converted.json")
        if ProcessInfo.processInfo.environment["LEGACY_RECORD"] != nil {
            try (converted.jsonString() + "\n").write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(converted == (try LegacyFixtures.json("\(name).converted.json")))
        let accepted = try LegacyFixtures.json("\(name).v2-config.json")
        #expect(accepted["services"]?.mapping.map { Set($0.keys) } == converted["services"]?.mapping.map { Set($0.keys) })
    }

    @Test("converted values keep their place in the fixture file")
    func locations() throws {
        let (converted, _) = try convertFixture("links-net")
        let services = try #require(converted["services"]?.mapping)
        // db: is on line 24, its `net:` on line 26 (column 3), the value at column 8.
        #expect(services.keyLocation("db") == SourceLocation(file: "links-net.yml", line: 24, column: 1))
        #expect(services["db"]?.mapping?.keyLocation("network_mode") == SourceLocation(file: "links-net.yml", line: 26, column: 3))
        #expect(services["db"]?["network_mode"]?.location == SourceLocation(file: "links-net.yml", line: 26, column: 8))
        #expect(services["web"]?["volumes_from"]?.sequence?[2].location == SourceLocation(file: "links-net.yml", line: 14, column: 7))
    }

    @Test("v1 prints no version other than 1 and nothing but services")
    func goldenShape() throws {
        for name in Self.fixtures {
            let golden = try LegacyFixtures.json("\(name).v1-config.json")
            #expect(golden.mapping?.keys.sorted() == ["services", "version"])
            #expect(golden["version"] == .string("1"))
        }
    }

    @Test("links become the dependencies compose-go would imply, and stay links")
    func linksBecomeDependencies() throws {
        let (converted, _) = try convertFixture("links-net")
        let web = try #require(converted["services"]?["web"])
        #expect(web["links"] == .sequence([.string("app:backend"), .string("cache")]))
        let started = ComposeNode.mapping(ComposeMapping([
            ("condition", .string("service_started")), ("restart", .bool(true)), ("required", .bool(true)),
        ]))
        #expect(web["depends_on"] == .mapping(ComposeMapping([("app", started), ("cache", started)])))
        #expect(converted["services"]?["app"]?["depends_on"]?.mapping?.keys == ["db", "cache"])
        #expect(converted["services"]?["db"]?["depends_on"] == nil)
    }

    @Test("net container: a service becomes service:, a container stays")
    func networkMode() throws {
        let (converted, _) = try convertFixture("links-net")
        let services = try #require(converted["services"])
        #expect(services["db"]?["network_mode"] == .string("service:data"))
        #expect(services["cache"]?["network_mode"] == .string("container:shared_netns"))
        #expect(services["monitor"]?["network_mode"] == .string("host"))
        #expect(services["data"]?["network_mode"] == .string("none"))
        #expect(services["app"]?["network_mode"] == .string("bridge"))
        #expect(services["web"]?["network_mode"] == nil)
        #expect(services["db"]?["net"] == nil)
    }

    @Test("volumes_from spells containers container:NAME and keeps services")
    func volumesFrom() throws {
        let (converted, _) = try convertFixture("links-net")
        #expect(converted["services"]?["web"]?["volumes_from"] == .sequence([
            .string("data"), .string("data:ro"), .string("container:datastore_1"), .string("container:datastore_1:rw"),
        ]))
    }

    @Test("named volumes are declared with their engine-level name and the volume_driver")
    func namedVolumes() throws {
        let (converted, _) = try convertFixture("volumes")
        let local = ComposeMapping([("name", .string("pgdata")), ("driver", .string("local"))])
        let expected = ComposeMapping([
            ("pgdata", .mapping(local)),
            ("static", .mapping(ComposeMapping([("name", .string("static"))]))),
        ])
        #expect(converted["volumes"] == .mapping(expected))
        #expect(converted["volumes"]?.mapping?.keys == ["pgdata", "static"])
        #expect(converted["services"]?["db"]?["volume_driver"] == nil)
    }

    @Test("extends is carried over for the extends phase")
    func extendsCarriedOver() throws {
        let (converted, _) = try convertFixture("extends")
        let child = try #require(converted["services"]?["child"])
        #expect(child["extends"] == .mapping(ComposeMapping([("service", .string("base"))])))
        #expect(child["environment"] == .sequence([.string("EXTRA=1")]))
    }

    @Test("the warning lists what was converted", arguments: [
        ("links-net", "version 1 file converted: services moved under services:, links → depends_on (web, app), net → network_mode (app, db, cache, data, monitor), volumes_from container names → container:NAME (web)"),
        ("logging-build", "version 1 file converted: services moved under services:, log_driver/log_opt → logging (api, worker, quiet), dockerfile → build.dockerfile (api)"),
        ("runtime", "version 1 file converted: services moved under services:"),
        ("volumes", "version 1 file converted: services moved under services:, volume_driver → volumes.*.driver (db), named volumes declared under volumes: (pgdata, static)"),
    ])
    func warning(name: String, message: String) throws {
        let (_, diagnostics) = try convertFixture(name)
        #expect(diagnostics == [.warning(at: SourceLocation(file: "\(name).yml", line: 1, column: 1), message)])
    }

    @Test("files v1 rejected are rejected, at the offending keys", arguments: [
        ("bad-unknown-key", ["web.depends_on", "web.healthcheck"], [4, 6]),
        ("bad-dockerfile-without-build", ["web.dockerfile"], [4]),
    ])
    func rejected(name: String, paths: [String], lines: [Int]) throws {
        let recorded = try LegacyFixtures.text("\(name).v1-error.txt")
        #expect(!recorded.isEmpty)
        let input = try LegacyFixtures.yaml("\(name).yml")
        let error = try #require(throws: DiagnosticError.self) { try LegacyConverter.convert(input, file: "\(name).yml") }
        #expect(error.diagnostics.map(\.path) == paths)
        #expect(error.diagnostics.map(\.location) == lines.map { SourceLocation(file: "\(name).yml", line: $0, column: 3) })
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
    }
}
