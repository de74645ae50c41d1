import ComposeModel
import Foundation
import Testing
@testable import ComposeLoader

@Suite("Schema validation")
struct ValidationSchemaTests {
    private func check(_ json: String) throws -> [String] {
        ValidationTestSupport.render(SchemaValidator.validate(try ValidationTestSupport.document(json)))
    }

    @Test("the embedded schema equals schemas/compose-spec.json byte for byte")
    func embeddedCopyIsCurrent() throws {
        let file = ValidationTestSupport.repositoryRoot.appendingPathComponent("schemas/compose-spec.json")
        let onDisk = try Data(contentsOf: file)
        #expect(onDisk == Data(ComposeSchema.embeddedJSON.utf8), "run scripts/embed-schema.sh")
    }

    @Test("the embedded schema compiles")
    func schemaCompiles() throws {
        let schema = try SchemaValidator.compiled.get()
        #expect(schema.nodes.count > 100)
    }

    @Test("a minimal valid file has no problems")
    func validMinimal() throws {
        #expect(try check("{'services': {'web': {'image': 'nginx', 'x-foo': {'any': 1}}}, 'x-common': 3}") == [])
    }

    @Test("an unknown service key is reported at the key, with a suggestion")
    func unknownServiceKey() throws {
        let problems = try check("""
        {'services': {
          'web': {'imagee': 'nginx'}}}
        """)
        #expect(problems == ["2:11 services.web: additional property 'imagee' is not allowed; did you mean 'image'?"])
    }

    @Test("an unknown top-level key")
    func unknownTopLevel() throws {
        #expect(try check("{'servics': {}}") == ["1:2 : additional property 'servics' is not allowed; did you mean 'services'?"])
    }

    @Test("an unknown nested key without a close match gets no suggestion")
    func unknownNested() throws {
        #expect(try check("{'services': {'web': {'build': {'contxt': '.', 'wrongFieldName': 1}}}}") == [
            "1:33 services.web.build: additional property 'contxt' is not allowed; did you mean 'context'?",
            "1:48 services.web.build: additional property 'wrongFieldName' is not allowed",
        ])
    }

    @Test("keys newer than the reference are rejected", arguments: [
        ("{'services': {'t': {'image': 'a', 'pre_start': []}}}", "services.t: additional property 'pre_start' is not allowed; did you mean 'restart'?"),
        ("{'services': {'t': {'build': {'context': '.', 'no_cache_filter': 'x'}}}}", "services.t.build: additional property 'no_cache_filter' is not allowed"),
    ])
    func newerKeys(json: String, message: String) throws {
        #expect(try check(json).map { String($0.drop { $0 != " " }.dropFirst()) } == [message])
    }

    @Test("list_or_dict of the wrong type names both forms")
    func environmentScalar() throws {
        #expect(try check("{'services': {'web': {'image': 'nginx', 'environment': 42}}}") == [
            "1:56 services.web.environment: must be a mapping or a list",
        ])
    }

    @Test("an enum violation lists the allowed values")
    func dependsOnCondition() throws {
        #expect(try check("{'services': {'web': {'image': 'a', 'depends_on': {'db': {'condition': 'service_sleepy'}}}, 'db': {'image': 'b'}}}") == [
            "1:72 services.web.depends_on.db.condition: must be one of 'service_started', 'service_healthy', 'service_completed_successfully'",
        ])
    }

    @Test("a missing required property is reported at its mapping")
    func requiredProperty() throws {
        #expect(try check("{'services': {'web': {'image': 'a', 'depends_on': {'db': {'restart': true}}}}}") == [
            "1:58 services.web.depends_on.db: missing required property 'condition'",
        ])
    }

    @Test("type errors use readable names", arguments: [
        ("{'services': {'web': {'ports': '80:80'}}}", "services.web.ports: must be a list"),
        ("{'services': {'web': 'nginx'}}", "services.web: must be a mapping"),
        ("{'services': {'web': null}}", "services.web: must be a mapping"),
        ("{'services': ['web', 'db']}", "services: must be a mapping"),
        ("{'services': {'web': {'command': 3}}}", "services.web.command: must be null, a string or a list"),
        ("{'services': {'web': {'ports': [true]}}}", "services.web.ports[0]: must be a number, a string or a mapping"),
        ("{'services': {'web': {'cpus': [1]}}}", "services.web.cpus: must be a number or a string"),
        ("{'services': {'web': {'scale': 1.5}}}", "services.web.scale: must be an integer or a string"),
        ("{'services': {'web': {'privileged': 1}}}", "services.web.privileged: must be a boolean or a string"),
        ("{'services': {'web': {'build': 1}}}", "services.web.build: must be a string or a mapping"),
        ("{'secrets': {'s': null}}", "secrets.s: must be a mapping"),
    ])
    func typeNames(json: String, message: String) throws {
        #expect(try check(json).map { String($0.drop { $0 != " " }.dropFirst()) } == [message])
    }

    @Test("invalid names of services, volumes, secrets and configs are rejected", arguments: ["web app", "web/app", ""])
    func invalidServiceName(name: String) throws {
        #expect(try check("{'services': {'\(name)': {'image': 'nginx'}}}") == [
            "1:15 services: invalid name '\(name)': must match '^[a-zA-Z0-9._-]+$'",
        ])
    }

    @Test("oneOf picks the branch of the value's type and reports inside it")
    func oneOfBranch() throws {
        #expect(try check("{'services': {'web': {'networks': {'front': {'aliases': 'a'}}, 'cpu_percent': 120, 'oom_score_adj': -2000}}}") == [
            "1:57 services.web.networks.front.aliases: must be a list",
            "1:79 services.web.cpu_percent: must be less than or equal to 100",
            "1:101 services.web.oom_score_adj: must be greater than or equal to -1000",
        ])
    }

    @Test("every problem is reported, not just the first")
    func allProblems() throws {
        #expect(try check("{'services': {'a': {'imagee': 'x'}, 'b': {'tty': 'yes', 'cgroup': 'other'}}, 'bogus': 1}") == [
            "1:21 services.a: additional property 'imagee' is not allowed; did you mean 'image'?",
            "1:67 services.b.cgroup: must be one of 'host', 'private'",
            "1:78 : additional property 'bogus' is not allowed",
        ])
    }

    @Test("duplicates in a uniqueItems list are reported at the repeated item")
    func uniqueItems() throws {
        #expect(try check("{'services': {'web': {'cap_add': ['NET_ADMIN', 'SYS_TIME', 'NET_ADMIN']}}}") == [
            "1:60 services.web.cap_add[2]: duplicate item, same as [0]",
        ])
    }

    @Test("patterns are searched, not anchored, as JSON Schema requires")
    func patterns() throws {
        #expect(try check("{'services': {'web': {'container_name': 'a', 'pull_policy': 'sometimes'}}}") == [
            "1:41 services.web.container_name: 'a' does not match the pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'",
            "1:61 services.web.pull_policy: 'sometimes' does not match the pattern 'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'",
        ])
        #expect(try check("{'services': {'web': {'container_name': '-my_app', 'pull_policy': 'every_12h30m'}}}") == [])
    }

    @Test("extension keys are allowed where the reference allows them")
    func extensions() throws {
        #expect(try check("""
        {'x-top': 1, 'services': {'web': {'x-a': 1, 'build': {'x-b': 1}, 'deploy': {'x-c': 1, 'resources': {'x-d': 1}},
         'logging': {'x-e': 1}, 'healthcheck': {'x-f': 1}}},
         'networks': {'n': {'x-g': 1, 'ipam': {'x-h': 1}}}, 'volumes': {'v': {'x-i': 1}}, 'secrets': {'s': {'file': 'f', 'x-j': 1}}}
        """) == [])
        // Not in `include` entries, nor in blkio limits.
        #expect(try check("{'include': [{'path': 'a.yml', 'x-a': 1}]}") == ["1:32 include[0]: additional property 'x-a' is not allowed"])
    }

    @Test("a large file validates in linear time")
    func performance() throws {
        var services = ComposeMapping()
        for index in 0..<5000 {
            let service = ComposeNode.mapping(ComposeMapping([
                ("image", .string("nginx:\(index)")),
                ("environment", .mapping(ComposeMapping([("A", .string("1")), ("B", .null())]))),
                ("ports", .sequence([.string("80\(index % 10):80"), .int(443)])),
                ("depends_on", .mapping(ComposeMapping([("db", .mapping(ComposeMapping([("condition", .string("service_started"))])))]))),
                ("networks", .sequence([.string("front"), .string("back")])),
                ("volumes", .sequence([.string("data:/data")])),
                ("x-meta", .bool(true)),
            ]))
            services["svc\(index)"] = service
        }
        let document = ComposeNode.mapping(ComposeMapping([("services", .mapping(services))]))
        _ = SchemaValidator.validate(.mapping(ComposeMapping()))
        #expect(SchemaValidator.validate(document).isEmpty)
    }
}
