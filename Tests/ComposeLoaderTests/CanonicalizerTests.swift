import ComposeModel
import Testing
@testable import ComposeLoader

@Suite("Canonical: short syntaxes to long form")
struct CanonicalizerTests {
    private func service(_ attribute: String, _ value: String) throws -> ComposeNode? {
        let document = CanonicalJSON.node(#"{"services": {"web": {"\#(attribute)": \#(value)}}}"#)
        return try Canonicalizer.canonicalize(document)["services"]?["web"]?[attribute]
    }

    @Test("short attribute forms become the long forms compose-go writes", arguments: [
        ("build", #""./dir""#, #"{"context": "./dir"}"#),
        ("depends_on", #"["db"]"#, #"{"db": {"condition": "service_started", "required": true}}"#),
        ("depends_on", #"{"db": {"condition": "service_healthy"}}"#, #"{"db": {"condition": "service_healthy", "required": true}}"#),
        ("env_file", #"".env""#, #"[{"path": ".env", "required": true}]"#),
        ("env_file", #"[".env", {"path": "b", "required": false}]"#, #"[{"path": ".env", "required": true}, {"path": "b", "required": false}]"#),
        ("extends", #""base""#, #"{"service": "base"}"#),
        ("gpus", #""all""#, #"[{"count": "all"}]"#),
        ("networks", #"["front", "back"]"#, #"{"front": null, "back": null}"#),
        ("secrets", #"["token"]"#, #"[{"source": "token"}]"#),
        ("configs", #"["conf"]"#, #"[{"source": "conf"}]"#),
        ("dns", #""8.8.8.8""#, #"["8.8.8.8"]"#),
        ("dns", #"["", "1.1.1.1"]"#, #"["1.1.1.1"]"#),
        ("devices", #"["/dev/a:/dev/b:r", "/dev/c"]"#,
         #"[{"source": "/dev/a", "target": "/dev/b", "permissions": "r"}, {"source": "/dev/c", "target": "/dev/c", "permissions": "rwm"}]"#),
        ("ulimits", #"{"nproc": 10}"#, #"{"nproc": 10}"#),
    ])
    func shortForms(attribute: String, input: String, expected: String) throws {
        #expect(try service(attribute, input) == CanonicalJSON.node(expected))
    }

    @Test("short ports expand ranges, host IPs and protocols", arguments: [
        (#"["80:8080", "90:8090/udp", 8600]"#,
         #"[{"mode": "ingress", "target": 8080, "published": "80", "protocol": "tcp"}, {"mode": "ingress", "target": 8090, "published": "90", "protocol": "udp"}, {"mode": "ingress", "target": 8600, "protocol": "tcp"}]"#),
        (#"["80-81:8080-8081"]"#,
         #"[{"mode": "ingress", "target": 8080, "published": "80", "protocol": "tcp"}, {"mode": "ingress", "target": 8081, "published": "81", "protocol": "tcp"}]"#),
        (#"["127.0.0.1:8000-8002:80"]"#,
         #"[{"mode": "ingress", "host_ip": "127.0.0.1", "target": 80, "published": "8000-8002", "protocol": "tcp"}]"#),
        (#"["[::1]:53:53/UDP"]"#,
         #"[{"mode": "ingress", "host_ip": "::1", "target": 53, "published": "53", "protocol": "udp"}]"#),
        (#"["9-10"]"#,
         #"[{"mode": "ingress", "target": 10, "protocol": "tcp"}, {"mode": "ingress", "target": 9, "protocol": "tcp"}]"#),
    ])
    func ports(input: String, expected: String) throws {
        #expect(try service("ports", input) == CanonicalJSON.node(expected))
    }

    @Test("bad port specs fail with docker's messages at the entry", arguments: [
        ("80:80/icmp", "invalid proto: icmp"),
        ("abc:80", "invalid hostPort: abc"),
        ("70000:80", "invalid hostPort: 70000"),
        ("8080-8070:80", "invalid hostPort: 8080-8070"),
        ("8000-8002:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
        ("1.2.3:80:80", "invalid IP address: 1.2.3"),
    ])
    func badPorts(spec: String, message: String) {
        let location = SourceLocation(file: "compose.yaml", line: 5, column: 9)
        let ports = ComposeNode.sequence([.string(spec, at: location)])
        let document = ComposeNode.mapping(ComposeMapping([("services", .mapping(ComposeMapping([
            ("web", .mapping(ComposeMapping([("ports", ports)]))),
        ])))]))
        #expect {
            _ = try Canonicalizer.canonicalize(document)
        } throws: { error in
            guard let error = error as? DiagnosticError, let first = error.diagnostics.first else { return false }
            return first.message == message && first.location == location && first.path == "services.web.ports[0]"
        }
    }

    @Test("short volumes become typed mounts", arguments: [
        (#""./data:/data:ro,z""#,
         #"{"type": "bind", "source": "./data", "target": "/data", "read_only": true, "bind": {"selinux": "z", "create_host_path": true}}"#),
        (#""db:/var/lib/db/""#, #"{"type": "volume", "source": "db", "target": "/var/lib/db", "volume": {}}"#),
        (#""db:/data:nocopy""#, #"{"type": "volume", "source": "db", "target": "/data", "volume": {"nocopy": true}}"#),
        (#""/anonymous""#, #"{"type": "volume", "target": "/anonymous", "volume": {}}"#),
        (#""::""#, #"{"type": "volume", "target": "::"}"#),
        (#""~/src:/src:rshared""#,
         #"{"type": "bind", "source": "~/src", "target": "/src", "bind": {"propagation": "rshared", "create_host_path": true}}"#),
        (#""c:\\data:/data""#, #"{"type": "bind", "source": "c:\\data", "target": "/data", "bind": {"create_host_path": true}}"#),
    ])
    func volumes(input: String, expected: String) throws {
        #expect(try service("volumes", "[\(input)]") == .sequence([CanonicalJSON.node(expected)]))
    }

    @Test("bad volume specs are errors")
    func badVolume() {
        let document = CanonicalJSON.node(#"{"services": {"web": {"volumes": ["ab::c"]}}}"#)
        #expect(throws: DiagnosticError.self) { try Canonicalizer.canonicalize(document) }
    }

    @Test("external.name is adopted as the name, with a deprecation warning")
    func externalName() throws {
        let document = CanonicalJSON.node(#"{"volumes": {"data": {"external": {"name": "shared"}}}}"#)
        let (result, warnings) = try Canonicalizer.canonicalizeWithWarnings(document)
        #expect(result["volumes"]?["data"] == CanonicalJSON.node(#"{"external": true, "name": "shared"}"#))
        #expect(warnings.map(\.message) == ["external.name is deprecated. Please set name and external: true"])
        #expect(warnings.first?.path == "volumes.data")
    }

    @Test("build attributes: ssh list, additional_contexts list, string secrets")
    func buildAttributes() throws {
        let build = try service("build", #"{"context": ".", "ssh": ["default", "key=/k"], "additional_contexts": ["a=./b"], "secrets": ["s"]}"#)
        #expect(build == CanonicalJSON.node(
            #"{"context": ".", "ssh": {"default": null, "key": "/k"}, "additional_contexts": {"a": "./b"}, "secrets": [{"source": "s"}]}"#
        ))
    }
}
