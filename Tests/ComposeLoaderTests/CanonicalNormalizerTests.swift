import ComposeModel
import Testing
@testable import ComposeLoader

@Suite("Canonical: project defaults, paths and normalisation")
struct CanonicalNormalizerTests {
    private let context = LoadContext(workingDirectory: "/work/app", environment: ["HOST_VAR": "v", "ARG": "a"], options: LoaderOptions())

    @Test("defaults: build context, secret target, port protocol and mode, device count")
    func defaults() throws {
        let project = CanonicalJSON.node(#"""
            {"services": {"web": {"build": {"dockerfile": "D"}, "secrets": [{"source": "s"}], "ports": [{"target": 80}],
              "gpus": [{"driver": "nvidia"}],
              "deploy": {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"]}]}}}}}}
            """#)
        let web = try ProjectNormalizer.setDefaults(project)["services"]?["web"]
        #expect(web?["build"] == CanonicalJSON.node(#"{"dockerfile": "D", "context": "."}"#))
        #expect(web?["secrets"] == CanonicalJSON.node(#"[{"source": "s", "target": "/run/secrets/s"}]"#))
        #expect(web?["ports"] == CanonicalJSON.node(#"[{"target": 80, "protocol": "tcp", "mode": "ingress"}]"#))
        #expect(web?["gpus"] == CanonicalJSON.node(#"[{"driver": "nvidia", "count": "all"}]"#))
        #expect(web?["deploy"]?["resources"]?["reservations"]?["devices"] == CanonicalJSON.node(#"[{"capabilities": ["gpu"], "count": "all"}]"#))
    }

    @Test("relative paths become absolute; remote contexts and Windows paths stay", arguments: [
        (#"{"build": {"context": "./dir"}}"#, #"{"build": {"context": "/work/app/dir"}}"#),
        (#"{"build": {"context": "https://github.com/x/y.git"}}"#, #"{"build": {"context": "https://github.com/x/y.git"}}"#),
        (#"{"build": {"context": "git@github.com:x/y"}}"#, #"{"build": {"context": "git@github.com:x/y"}}"#),
        (#"{"build": {"context": ".", "additional_contexts": {"a": "../b", "i": "docker-image://alpine"}}}"#,
         #"{"build": {"context": "/work/app", "additional_contexts": {"a": "/work/b", "i": "docker-image://alpine"}}}"#),
        (#"{"volumes": [{"type": "bind", "source": "./data", "target": "/d"}, {"type": "volume", "source": "v", "target": "/v"}]}"#,
         #"{"volumes": [{"type": "bind", "source": "/work/app/data", "target": "/d"}, {"type": "volume", "source": "v", "target": "/v"}]}"#),
        (#"{"volumes": [{"type": "bind", "source": "~/src", "target": "/s"}, {"type": "bind", "source": "C:\\x", "target": "/x"}]}"#,
         #"{"volumes": [{"type": "bind", "source": "/home/me/src", "target": "/s"}, {"type": "bind", "source": "C:\\x", "target": "/x"}]}"#),
        (#"{"env_file": [{"path": ".env", "required": true}], "extends": {"file": "base.yml", "service": "b"}}"#,
         #"{"env_file": [{"path": "/work/app/.env", "required": true}], "extends": {"file": "/work/app/base.yml", "service": "b"}}"#),
    ])
    func paths(service: String, expected: String) throws {
        let project = CanonicalJSON.node(#"{"services": {"web": \#(service)}}"#)
        let resolved = try ProjectNormalizer.resolvePaths(project, workingDirectory: "/work/app", home: "/home/me")
        #expect(resolved["services"]?["web"] == CanonicalJSON.node(expected))
    }

    @Test("secret and config files, local bind volume devices")
    func resourcePaths() throws {
        let project = CanonicalJSON.node(#"""
            {"secrets": {"s": {"file": "./s.txt"}}, "configs": {"c": {"file": "/abs"}},
             "volumes": {"v": {"driver": "local", "driver_opts": {"o": "bind", "device": "./data", "type": "none"}}}}
            """#)
        let resolved = try ProjectNormalizer.resolvePaths(project, workingDirectory: "/work/app", home: nil)
        #expect(resolved["secrets"]?["s"]?["file"]?.string == "/work/app/s.txt")
        #expect(resolved["configs"]?["c"]?["file"]?.string == "/abs")
        #expect(resolved["volumes"]?["v"]?["driver_opts"]?["device"]?.string == "/work/app/data")
    }

    @Test("normalize: name, default network, resource names, implicit dependencies")
    func normalize() throws {
        let project = CanonicalJSON.node(#"""
            {"name": "ignored",
             "services": {
               "web": {"image": "x", "links": ["db:database"], "volumes_from": ["data:ro", "container:c1"],
                       "pull_policy": "if_not_present", "environment": {"HOST_VAR": null, "MISSING": null, "SET": "1"},
                       "build": {"context": ".", "args": {"ARG": null, "NOPE": null}},
                       "volumes": [{"type": "volume", "target": "/data/"}]},
               "db": {"image": "y", "network_mode": "service:web"},
               "data": {"image": "z", "networks": {"back": null}}},
             "networks": {"back": {}},
             "volumes": {"v": null, "ext": {"external": true}},
             "secrets": {"s": {"name": "given"}}}
            """#)
        let normalized = try ProjectNormalizer.normalize(project, name: "demo", context: context)
        #expect(normalized["name"]?.string == "demo")
        #expect(normalized["networks"] == CanonicalJSON.node(#"{"back": {"name": "demo_back"}, "default": {"name": "demo_default"}}"#))
        #expect(normalized["volumes"] == CanonicalJSON.node(#"{"v": {"name": "demo_v"}, "ext": {"external": true, "name": "ext"}}"#))
        #expect(normalized["secrets"] == CanonicalJSON.node(#"{"s": {"name": "given"}}"#))
        let web = normalized["services"]?["web"]
        #expect(web?["networks"] == CanonicalJSON.node(#"{"default": null}"#))
        #expect(web?["pull_policy"]?.string == "missing")
        #expect(web?["environment"] == CanonicalJSON.node(#"{"HOST_VAR": "v", "MISSING": null, "SET": "1"}"#))
        #expect(web?["build"] == CanonicalJSON.node(#"{"context": ".", "args": {"ARG": "a"}, "dockerfile": "Dockerfile"}"#))
        #expect(web?["volumes"] == CanonicalJSON.node(#"[{"type": "volume", "target": "/data"}]"#))
        #expect(web?["depends_on"] == CanonicalJSON.node(#"""
            {"db": {"condition": "service_started", "restart": true, "required": true},
             "data": {"condition": "service_started", "restart": false, "required": true}}
            """#))
        #expect(normalized["services"]?["db"]?["networks"] == nil)
        #expect(normalized["services"]?["db"]?["depends_on"] == CanonicalJSON.node(#"{"web": {"condition": "service_started", "restart": true, "required": true}}"#))
        #expect(normalized["services"]?["data"]?["networks"] == CanonicalJSON.node(#"{"back": null}"#))
    }

    @Test("environment, labels and build args lists become mappings after resolution", arguments: [
        ("environment", #"["A=1", "B", "C=", "A=2", "HOST_VAR"]"#, #"{"B": null, "C": "", "A": "2", "HOST_VAR": "v"}"#),
        ("labels", #"["a=b", "c"]"#, #"{"a": "b", "c": ""}"#),
        ("environment", #"{"A": 1}"#, #"{"A": 1}"#),
    ])
    func keyValueLists(attribute: String, input: String, expected: String) throws {
        let project = CanonicalJSON.node(#"{"services": {"web": {"image": "x", "\#(attribute)": \#(input)}}}"#)
        let web = try ProjectNormalizer.normalize(project, name: "p", context: context)["services"]?["web"]
        #expect(web?[attribute] == CanonicalJSON.node(expected))
    }

    @Test("build args: bare keys without a value are dropped")
    func buildArgs() throws {
        let project = CanonicalJSON.node(#"{"services": {"web": {"build": {"context": ".", "args": ["ARG", "NOPE", "X=1"]}}}}"#)
        let args = try ProjectNormalizer.normalize(project, name: "p", context: context)["services"]?["web"]?["build"]?["args"]
        #expect(args == CanonicalJSON.node(#"{"ARG": "a", "X": "1"}"#))
    }

    @Test("a key with a trailing space is an error")
    func trailingSpace() {
        let project = CanonicalJSON.node(#"{"services": {"web": {"environment": ["A =1"]}}}"#)
        #expect(throws: DiagnosticError.self) { try ProjectNormalizer.normalize(project, name: "p", context: context) }
    }
}

@Suite("Canonical: key=value mappings without normalisation")
struct CanonicalKeyValueMappingTests {
    @Test("the step alone converts lists and leaves mappings as they are")
    func standalone() throws {
        let project = CanonicalJSON.node(#"{"services": {"web": {"environment": ["A=1", "B"], "labels": {"x": "y"}}}}"#)
        let converted = try ProjectNormalizer.keyValueMappings(project)
        #expect(converted["services"]?["web"] == CanonicalJSON.node(#"{"environment": {"A": "1", "B": null}, "labels": {"x": "y"}}"#))
        #expect(try ProjectNormalizer.keyValueMappings(converted) == converted)
    }
}
