import ComposeModel
import Testing
@testable import ComposeLoader

@Suite("Canonical: typed model rendering")
struct CanonicalTypedTests {
    /// The typed rendering of one service attribute (nil when omitted).
    private func typed(_ attribute: String, _ value: String) throws -> ComposeNode? {
        let project = CanonicalJSON.node(#"{"name": "p", "services": {"web": {"image": "x", "\#(attribute)": \#(value)}}}"#)
        return try ProjectNormalizer.typed(project)["services"]?["web"]?[attribute]
    }

    @Test("attributes print as compose-go's model marshals them", arguments: [
        ("mem_limit", #""512m""#, #""536870912""#),
        ("shm_size", "1024", #""1024""#),
        ("mem_swappiness", "60", #""60""#),
        ("stop_grace_period", #""1m30s""#, #""1m30s""#),
        ("stop_grace_period", #""90s""#, #""1m30s""#),
        ("stop_grace_period", #""1.5s""#, #""1.5s""#),
        ("stop_grace_period", #""2d""#, #""48h0m0s""#),
        ("command", #""echo \"hello world\" 'a b'""#, #"["echo", "hello world", "a b"]"#),
        ("command", #""sh -c \"a && b\"""#, #"["sh", "-c", "a && b"]"#),
        ("command", "[]", "[]"),
        ("environment", #"["A=1", "B", "C="]"#, #"{"A": "1", "B": null, "C": ""}"#),
        ("environment", #"{"N": 1, "F": 1.5, "T": true, "E": null}"#, #"{"E": null, "F": "1.5", "N": "1", "T": "true"}"#),
        ("labels", #"["a=b", "c"]"#, #"{"a": "b", "c": ""}"#),
        ("extra_hosts", #"["b:1.2.3.4", "a=[::1]", "a=5.6.7.8"]"#, #"["a=5.6.7.8", "a=::1", "b=1.2.3.4"]"#),
        ("extra_hosts", #"{"h": ["1.1.1.1", "2.2.2.2"]}"#, #"["h=1.1.1.1", "h=2.2.2.2"]"#),
        ("ulimits", #"{"nproc": 65535, "nofile": {"soft": 1, "hard": 2}}"#, #"{"nofile": {"soft": 1, "hard": 2}, "nproc": 65535}"#),
        ("expose", #"[80, "443"]"#, #"["80", "443"]"#),
        ("tmpfs", #""/run""#, #"["/run"]"#),
        ("cpus", #""0.5""#, "0.5"),
        ("privileged", #""true""#, "true"),
        ("healthcheck", #"{"test": "curl x", "interval": "10s", "retries": 3}"#,
         #"{"test": ["CMD-SHELL", "curl x"], "interval": "10s", "retries": 3}"#),
        ("secrets", #"[{"source": "s", "mode": 288}, {"source": "t", "mode": "0440"}]"#,
         #"[{"source": "s", "mode": "0440"}, {"source": "t", "mode": "0440"}]"#),
        ("gpus", #"[{"count": "all"}, {"device_ids": ["0"]}]"#, #"[{"count": -1}, {"device_ids": ["0"]}]"#),
        ("blkio_config", #"{"weight_device": [{"path": "/dev/sda", "weight": 400}], "device_read_bps": [{"path": "/dev/sda", "rate": "1k"}]}"#,
         #"{"weight_device": [{"Path": "/dev/sda", "Weight": 400}], "device_read_bps": [{"Path": "/dev/sda", "Rate": "1024"}]}"#),
        ("deploy", #"{"replicas": 2}"#, #"{"replicas": 2, "resources": {}, "placement": {}}"#),
        ("depends_on", #"{"db": {"condition": "service_started", "required": false}}"#,
         #"{"db": {"condition": "service_started", "required": false}}"#),
        ("x-custom", #""dropped""#, "null"),
    ])
    func attribute(attribute: String, input: String, expected: String) throws {
        let output = try typed(attribute, input)
        if expected == "null" {
            #expect(output == nil)
        } else {
            #expect(output == CanonicalJSON.node(expected))
        }
    }

    @Test("command and entrypoint are always printed; empty values are omitted")
    func alwaysPresent() throws {
        let project = CanonicalJSON.node(#"{"name": "p", "services": {"web": {"image": "x", "privileged": false, "cap_add": []}}}"#)
        let web = try ProjectNormalizer.typed(project)["services"]?["web"]
        #expect(web == CanonicalJSON.node(#"{"command": null, "entrypoint": null, "image": "x"}"#))
    }

    @Test("top level: keys sorted, extensions kept, secret content hidden, ipam always present")
    func topLevel() throws {
        let project = CanonicalJSON.node(#"""
            {"x-b": {"z": 1, "a": 2}, "name": "p", "services": {},
             "networks": {"default": {"name": "p_default"}},
             "secrets": {"s": {"name": "p_s", "content": "hidden"}},
             "configs": {"c": {"name": "p_c", "content": "shown"}}}
            """#)
        let typed = try ProjectNormalizer.typed(project)
        #expect(typed.mapping?.keys == ["configs", "name", "networks", "secrets", "services", "x-b"])
        #expect(typed["x-b"]?.mapping?.keys == ["a", "z"])
        #expect(typed["networks"]?["default"] == CanonicalJSON.node(#"{"name": "p_default", "ipam": {}}"#))
        #expect(typed["secrets"]?["s"] == CanonicalJSON.node(#"{"name": "p_s"}"#))
        #expect(typed["configs"]?["c"] == CanonicalJSON.node(#"{"name": "p_c", "content": "shown"}"#))
    }

    @Test("bad byte sizes and durations are reported at their node")
    func badValues() {
        let location = SourceLocation(file: "compose.yaml", line: 4, column: 16)
        let service = ComposeNode.mapping(ComposeMapping([("mem_limit", .string("abc", at: location))]))
        let project = ComposeNode.mapping(ComposeMapping([("services", .mapping(ComposeMapping([("web", service)])))]))
        #expect {
            _ = try ProjectNormalizer.typed(project)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.location == location
        }
    }
}

@Suite("Canonical: value parsers")
struct CanonicalValueParserTests {
    @Test("byte sizes", arguments: [
        ("1024", Int64(1024)), ("1k", 1024), ("1kb", 1024), ("1KiB", 1024), ("50M", 52_428_800), ("1.5g", 1_610_612_736), ("2 m", 2_097_152),
        ("10b", 10),
    ])
    func bytes(text: String, expected: Int64) throws {
        #expect(try ValueParsers.ramInBytes(text) == expected)
    }

    @Test("bad byte sizes", arguments: ["abc", "1x", "1kbb", "-1"])
    func badBytes(text: String) {
        #expect(throws: ValueParsers.Failure.self) { try ValueParsers.ramInBytes(text) }
    }

    @Test("durations print like Go's time.Duration", arguments: [
        ("10s", "10s"), ("1h", "1h0m0s"), ("1m", "1m0s"), ("100ms", "100ms"), ("1.5s", "1.5s"), ("0", "0s"),
        ("1w", "168h0m0s"), ("2us", "2µs"), ("1h30m5s", "1h30m5s"), ("0.5ms", "500µs"),
    ])
    func durations(text: String, expected: String) throws {
        #expect(GoFormat.duration(nanoseconds: try ValueParsers.duration(text)) == expected)
    }

    @Test("bad durations", arguments: ["10", "abc", "1x", ""])
    func badDurations(text: String) {
        #expect(throws: ValueParsers.Failure.self) { try ValueParsers.duration(text) }
    }

    @Test("shell words", arguments: [
        ("a b  c", ["a", "b", "c"]),
        (#"sh -c "x 'y' z""#, ["sh", "-c", "x 'y' z"]),
        (#"a\ b"#, ["a b"]),
        (#"echo """#, ["echo", ""]),
        ("echo a && echo b", ["echo", "a"]),
    ])
    func shellWords(line: String, expected: [String]) throws {
        #expect(try ValueParsers.shellWords(line) == expected)
    }

    @Test("Go float formatting", arguments: [
        (1.5, "1.5"), (1_000_000.0, "1e+06"), (100_000.0, "100000"), (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.0, "-2"),
    ])
    func floats(number: Double, expected: String) {
        #expect(GoFormat.formatG(number) == expected)
    }
}

@Suite("Canonical: YAML flavour of the typed rendering")
struct CanonicalTypedYAMLTests {
    @Test("zero structs and nil commands are omitted, extensions print inline, ulimits print both limits")
    func yamlForm() throws {
        let project = CanonicalJSON.node(#"""
            {"name": "p", "x-top": 1,
             "services": {"web": {"image": "x", "x-note": "kept", "deploy": {"replicas": 1}, "entrypoint": [],
                                  "ulimits": {"nofile": {"soft": 1}},
                                  "env_file": [{"path": "/a", "required": false, "format": "raw"}]}},
             "networks": {"default": {"name": "p_default"}}}
            """#)
        let typed = try ProjectNormalizer.typed(project, format: .yaml)
        #expect(typed.mapping?.keys == ["name", "services", "networks", "x-top"])
        #expect(typed["networks"]?["default"] == CanonicalJSON.node(#"{"name": "p_default"}"#))
        let web = typed["services"]?["web"]
        #expect(web?.mapping?.keys == ["deploy", "entrypoint", "env_file", "image", "ulimits", "x-note"])
        #expect(web?["deploy"] == CanonicalJSON.node(#"{"replicas": 1}"#))
        #expect(web?["entrypoint"] == CanonicalJSON.node("[]"))
        #expect(web?["ulimits"] == CanonicalJSON.node(#"{"nofile": {"soft": 1, "hard": 0}}"#))
        #expect(web?["env_file"] == CanonicalJSON.node(#"[{"path": "/a", "required": false}]"#))
    }

    @Test("go-yaml sorts numbered keys by value", arguments: [
        (["b", "a10", "a9", "a_1", "A"], ["A", "a_1", "a9", "a10", "b"]),
    ])
    func keyOrder(keys: [String], expected: [String]) {
        #expect(keys.sorted(by: YAMLRenderer.keyPrecedes) == expected)
    }

    @Test("typing a typed tree again changes nothing")
    func idempotent() throws {
        let project = CanonicalJSON.node(#"""
            {"name": "p", "services": {"web": {"image": "x", "mem_limit": "1g", "command": "a b", "stop_grace_period": "90s",
              "secrets": [{"source": "s", "mode": 288}], "extra_hosts": ["h:1.2.3.4"], "gpus": [{"count": "all"}],
              "ulimits": {"n": 1}, "build": {"context": ".", "ssh": {"default": null}}}}}
            """#)
        let once = try ProjectNormalizer.typed(project)
        #expect(try ProjectNormalizer.typed(once) == once)
    }
}
