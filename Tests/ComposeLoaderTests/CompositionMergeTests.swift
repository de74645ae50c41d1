@testable import ComposeLoader
import ComposeModel
import Testing

@Suite("Composition: merge rules")
struct CompositionMergeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let key: String
        let base: ComposeNode
        let override: ComposeNode
        let expected: ComposeNode
        var testDescription: String { name }

        init(_ name: String, _ key: String, _ base: Any?, _ override: Any?, _ expected: Any?) {
            self.name = name
            self.key = key
            self.base = tree(base)
            self.override = tree(override)
            self.expected = tree(expected)
        }
    }

    static let cases: [Case] = [
        Case("a scalar is replaced", "image", "nginx", "httpd", "httpd"),
        Case("a null override keeps the base", "image", "nginx", nil, "nginx"),
        Case("ports append and drop repeats", "ports", ["8080:80"], ["8080:80", "9090:90"], ["8080:80", "9090:90"]),
        Case("command is replaced", "command", ["a", "b"], ["c"], ["c"]),
        Case("a null command resets it", "command", ["a"], nil, nil),
        Case("entrypoint is replaced", "entrypoint", "sh", ["bash", "-c"], ["bash", "-c"]),
        Case("environment merges by name", "environment",
             ["A": 1, "B": "x"] as KeyValuePairs<String, Any?>, ["B=y", "C"], ["A=1", "B=y", "C"]),
        Case("labels from two mappings become one sorted list", "labels",
             ["z": "1", "a": "2"] as KeyValuePairs<String, Any?>, ["m": nil] as KeyValuePairs<String, Any?>, ["a=2", "z=1", "m"]),
        Case("a mapping value list expands per item, then the last one of a name wins", "sysctls",
             ["k": [1, 2]] as KeyValuePairs<String, Any?>, [] as [Any?], ["k=2"]),
        Case("floats print as Go does", "environment",
             ["BIG": 1_000_000.0, "SMALL": 0.5] as KeyValuePairs<String, Any?>, ["X=1"], ["BIG=1e+06", "SMALL=0.5", "X=1"]),
        Case("extra_hosts skip entries already in the base", "extra_hosts",
             ["a=1"], ["a": "1", "b": "2"] as KeyValuePairs<String, Any?>, ["a=1", "b=2"]),
        Case("depends_on list and mapping merge", "depends_on",
             ["db"], ["db": ["condition": "service_healthy"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["db": ["condition": "service_healthy", "required": true] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>),
        Case("networks list and mapping merge", "networks",
             ["front"], ["back": ["aliases": ["x"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["front": nil, "back": ["aliases": ["x"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>),
        Case("build short form merges with the long form", "build",
             "./a", ["dockerfile": "D"] as KeyValuePairs<String, Any?>,
             ["context": "./a", "dockerfile": "D"] as KeyValuePairs<String, Any?>),
        Case("logging options merge for the same driver", "logging",
             ["driver": "json-file", "options": ["a": "1"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["options": ["b": "2"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["driver": "json-file", "options": ["a": "1", "b": "2"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>),
        Case("logging is replaced when the driver changes", "logging",
             ["driver": "json-file", "options": ["a": "1"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["driver": "syslog"] as KeyValuePairs<String, Any?>,
             ["driver": "syslog"] as KeyValuePairs<String, Any?>),
        Case("an ulimit is replaced", "ulimits",
             ["nofile": ["soft": 1, "hard": 2] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["nofile": ["soft": 3] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["nofile": ["soft": 3] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>),
        Case("volumes are unique by target, short or long", "volumes",
             ["./a:/data", "/logs"],
             [["type": "bind", "source": "./b", "target": "/data"] as KeyValuePairs<String, Any?>],
             [["type": "bind", "source": "./b", "target": "/data"] as KeyValuePairs<String, Any?>, "/logs"]),
        Case("secrets are unique by mount path", "secrets",
             ["s1", "s2"], [["source": "s1", "target": "/run/secrets/s1"] as KeyValuePairs<String, Any?>],
             [["source": "s1", "target": "/run/secrets/s1"] as KeyValuePairs<String, Any?>, "s2"]),
        Case("expose is unique as text", "expose", [80], ["80"], ["80"]),
        Case("dns string and list append", "dns", "8.8.8.8", ["1.1.1.1"], ["8.8.8.8", "1.1.1.1"]),
        Case("cap_add drops repeats", "cap_add", ["NET_ADMIN"], ["NET_ADMIN", "SYS_TIME"], ["NET_ADMIN", "SYS_TIME"]),
        Case("a mapping merges key by key", "deploy",
             ["replicas": 1, "resources": ["limits": ["cpus": "1"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["resources": ["limits": ["memory": "1g"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
             ["replicas": 1, "resources": ["limits": ["cpus": "1", "memory": "1g"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>),
    ]

    @Test("a service attribute merges by its rule", arguments: cases)
    func serviceAttribute(_ test: Case) throws {
        let base = services(["web": tree([test.key: test.base] as KeyValuePairs<String, Any?>)])
        let override = services(["web": tree([test.key: test.override] as KeyValuePairs<String, Any?>)])
        let merged = try ComposeMerger.merge(base, override)
        #expect(merged["services"]?["web"]?[test.key] == test.expected)
    }

    @Test("services merge by name and keep the base's order")
    func servicesByName() throws {
        let base = services(["a": ["image": "a"] as KeyValuePairs<String, Any?>, "b": ["image": "b"] as KeyValuePairs<String, Any?>])
        let override = services(["c": ["image": "c"] as KeyValuePairs<String, Any?>, "a": ["image": "a2"] as KeyValuePairs<String, Any?>])
        let merged = try ComposeMerger.merge(base, override)
        #expect(merged["services"]?.mapping?.keys == ["a", "b", "c"])
        #expect(merged["services"]?["a"]?["image"]?.string == "a2")
    }

    @Test("a mapping cannot be overridden by a scalar")
    func cannotOverride() {
        let base = services(["web": ["healthcheck": ["test": ["CMD", "true"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>])
        let override = services(["web": ["healthcheck": "none"] as KeyValuePairs<String, Any?>])
        #expect(errorMessage { _ = try ComposeMerger.merge(base, override) } == "cannot override services.web.healthcheck")
    }

    @Test("!reset removes the base value and !override replaces it")
    func mergeTags() throws {
        let base = services(["web": [
            "ports": ["80:80"],
            "environment": ["A": "1"] as KeyValuePairs<String, Any?>,
            "labels": ["x": "1"] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>])
        let override = services(["web": [
            "ports": tagged(.reset, [] as [Any?]),
            "environment": tagged(.override, ["B": "2"] as KeyValuePairs<String, Any?>),
        ] as KeyValuePairs<String, Any?>])
        let merged = try ComposeMerger.merge(base, override)
        let web = try #require(merged["services"]?["web"])
        #expect(web["ports"] == nil)
        #expect(web["environment"] == tree(["B": "2"] as KeyValuePairs<String, Any?>))
        #expect(web["labels"] == tree(["x": "1"] as KeyValuePairs<String, Any?>))
    }

    @Test("IPAM configs pair up by subnet")
    func ipamConfig() throws {
        func network(_ configs: [Any?]) -> ComposeNode {
            tree(["networks": ["n": ["ipam": ["config": configs] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>)
        }
        let base = network([["subnet": "10.0.0.0/24", "gateway": "10.0.0.1"] as KeyValuePairs<String, Any?>])
        let override = network([
            ["subnet": "10.0.0.0/24", "ip_range": "10.0.0.0/25"] as KeyValuePairs<String, Any?>,
            ["subnet": "10.1.0.0/24"] as KeyValuePairs<String, Any?>,
        ])
        let merged = try ComposeMerger.merge(base, override)
        #expect(merged["networks"]?["n"]?["ipam"]?["config"] == tree([
            ["subnet": "10.0.0.0/24", "gateway": "10.0.0.1", "ip_range": "10.0.0.0/25"] as KeyValuePairs<String, Any?>,
            ["subnet": "10.1.0.0/24"] as KeyValuePairs<String, Any?>,
        ]))
    }

    @Test("extending a service merges with the service rules")
    func extendService() throws {
        let base = tree(["command": ["a"], "environment": ["A": "1"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>)
        let child = tree(["command": "b", "environment": ["B=2"]] as KeyValuePairs<String, Any?>)
        let merged = try ComposeMerger.extendService(base: base, service: child)
        #expect(merged["command"] == tree("b"))
        #expect(merged["environment"] == tree(["A=1", "B=2"]))
    }
}

@Suite("Composition: unique items")
struct CompositionUnicityTests {
    @Test("a bad item is reported with its place", arguments: [
        ("ports", tree([["published": "80"] as KeyValuePairs<String, Any?>]), "service ports services.web.ports.[0] is missing a target port"),
        ("volumes", tree([":/data"]), "invalid spec: :/data: empty section between colons"),
        ("volumes", tree(["ab:cd:ef:gh"]), "invalid spec: ab:cd:ef:gh: too many colons"),
        ("labels", tree([1]), "services.web.labels.[0]: unexpected type int"),
    ] as [(String, ComposeNode, String)])
    func badItem(_ key: String, _ items: ComposeNode, _ message: String) {
        let document = services(["web": tree([key: items] as KeyValuePairs<String, Any?>)])
        #expect(errorMessage { _ = try ComposeMerger.enforceUnicity(document) } == message)
    }

    @Test("the last definition of a key wins, in the first one's place")
    func lastWins() throws {
        let document = services(["web": [
            "environment": ["A=1", "B=2", "A=3"],
            "networks": ["n": ["aliases": ["x", "y", "x"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
            "build": ["args": ["V=1", "V=2"]] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>])
        let web = try #require(try ComposeMerger.enforceUnicity(document)["services"]?["web"])
        #expect(web["environment"] == tree(["A=3", "B=2"]))
        #expect(web["networks"]?["n"]?["aliases"] == tree(["x", "y"]))
        #expect(web["build"]?["args"] == tree(["V=2"]))
    }

    @Test("port keys compare long-form bindings field by field")
    func portKeys() throws {
        let long: KeyValuePairs<String, Any?> = ["target": 80, "published": "8080"]
        let document = services(["web": ["ports": [long, long, ["target": 80, "published": "8080", "protocol": "udp"] as KeyValuePairs<String, Any?>]] as KeyValuePairs<String, Any?>])
        #expect(try ComposeMerger.enforceUnicity(document)["services"]?["web"]?["ports"]?.sequence?.count == 2)
    }

    @Test("Go's %v spelling of floats", arguments: [
        (1_000_000.0, "1e+06"), (123_456.0, "123456"), (0.5, "0.5"), (0.00001, "1e-05"), (1.5e300, "1.5e+300"), (-2.0, "-2"),
    ])
    func goFloat(_ number: Double, _ text: String) {
        #expect(GoText.float(number) == text)
    }
}
