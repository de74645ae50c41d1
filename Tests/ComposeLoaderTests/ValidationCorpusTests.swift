import ComposeModel
import Foundation
import Testing
@testable import ComposeLoader

/// The validators against the conformance corpus (`/work/shared/corpus`): what the reference accepts must
/// pass, what it rejects for a schema or consistency reason must be rejected.
@Suite("Validation on the corpus")
struct ValidationCorpusTests {
    /// Accepted cases whose canonical output is not valid input: the reference prints blkio entries with Go
    /// field names (`Path`, `Rate`).
    static let canonicalOutputNotInput: Set<String> = ["cgo-unit-blkioconfig"]

    static let acceptedCases: [String] = ValidationTestSupport.corpusIndex()
        .filter { $0.group == "cases" && $0.exit == 0 }.map(\.name)

    static func expectedDocument(_ name: String) throws -> ComposeNode {
        let file = ValidationTestSupport.corpus.appendingPathComponent("cases/\(name)/expected.json")
        return try SchemaJSONReader.parse(try String(contentsOf: file, encoding: .utf8), file: file.path)
    }

    @Test("the corpus is present and indexed")
    func corpusPresent() {
        #expect(Self.acceptedCases.count > 300)
    }

    @Test("the canonical output of every accepted case passes the schema", arguments: acceptedCases)
    func acceptedCanonicalPassesSchema(name: String) throws {
        guard !Self.canonicalOutputNotInput.contains(name) else { return }
        #expect(SchemaValidator.validate(try Self.expectedDocument(name)).map(\.description) == [])
    }

    /// Services left out by profiles in accepted cases (their output no longer lists them).
    static let disabledByProfiles: [String: Set<String>] = ["dc-dependencies-deps-not-required": ["bar"]]

    @Test("the canonical output of every accepted case passes the semantic and consistency checks", arguments: acceptedCases)
    func acceptedCanonicalIsConsistent(name: String) throws {
        var document = try Self.expectedDocument(name)
        // The reference's JSON output leaves out the top-level `models` its services refer to.
        if name == "dc-model-compose" {
            document["models"] = .mapping(ComposeMapping([("foo", .mapping(ComposeMapping([("model", .string("ai/smollm2"))])))]))
        }
        #expect(SemanticValidator.validate(document).map(\.description) == [])
        let disabled = Self.disabledByProfiles[name] ?? []
        #expect(ConsistencyChecker.check(document, disabledServices: disabled).map(\.description) == [])
    }

    /// The schema rejections of the corpus, written as JSON (the YAML inputs, literally transcribed), with the
    /// problem we must report.
    static let schemaRejections: [(name: String, json: String, expected: [String])] = [
        ("bad/depends-on-bad-condition", "{'services': {'web': {'image': 'nginx', 'depends_on': {'db': {'condition': 'service_sleepy'}}}, 'db': {'image': 'postgres'}}}",
         ["services.web.depends_on.db.condition: must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"]),
        ("bad/service-name-empty", "{'services': {'': {'image': 'nginx'}}}", ["services: invalid name '': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/service-name-slash", "{'services': {'web/app': {'image': 'nginx'}}}", ["services: invalid name 'web/app': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/service-name-space", "{'services': {'web app': {'image': 'nginx'}}}", ["services: invalid name 'web app': must match '^[a-zA-Z0-9._-]+$'"]),
        ("bad/type-environment-scalar", "{'services': {'web': {'image': 'nginx', 'environment': 42}}}", ["services.web.environment: must be a mapping or a list"]),
        ("bad/type-ports-string", "{'services': {'web': {'image': 'nginx', 'ports': '80:80'}}}", ["services.web.ports: must be a list"]),
        ("bad/type-service-null-and-string", "{'services': {'web': 'nginx'}}", ["services.web: must be a mapping"]),
        ("bad/type-services-list", "{'services': ['web', 'db']}", ["services: must be a mapping"]),
        ("bad/unknown-key-nested", "{'services': {'web': {'build': {'contxt': '.'}}}}", ["services.web.build: additional property 'contxt' is not allowed; did you mean 'context'?"]),
        ("bad/unknown-key-service", "{'services': {'web': {'imagee': 'nginx'}}}", ["services.web: additional property 'imagee' is not allowed; did you mean 'image'?"]),
        ("bad/unknown-key-top-level", "{'servics': {'web': {'image': 'nginx'}}}", ["additional property 'servics' is not allowed; did you mean 'services'?"]),
        ("cases/cgo-extends-base", "{'services': {'base': {'image': 'base'}, 'nil': null}}", ["services.nil: must be a mapping"]),
        ("cases/cgo-unit-buildnocachefilter", "{'name': 'test', 'services': {'string': {'build': {'context': '.', 'no_cache_filter': 'foo'}}, 'list': {'build': {'context': '.', 'no_cache_filter': ['foo', 'bar']}}}}",
         ["services.string.build: additional property 'no_cache_filter' is not allowed", "services.list.build: additional property 'no_cache_filter' is not allowed"]),
        ("cases/cgo-unit-servicehooks", "{'name': 'test', 'services': {'test': {'image': 'alpine', 'pre_start': [{'command': ['./manage.py', 'migrate']}], 'post_start': [{'command': 'echo start', 'user': 'root'}], 'pre_stop': [{'command': 'echo stop', 'environment': {'FOO': 'BAR'}}]}}}",
         ["services.test: additional property 'pre_start' is not allowed; did you mean 'restart'?"]),
        ("cases/dc-wrong-composefile-compose", "{'services': {'simple': {'image': 'nginx:alpine', 'wrongField': 'test'}}}", ["services.simple: additional property 'wrongField' is not allowed"]),
    ]

    @Test("every schema rejection of the reference is a schema rejection here", arguments: schemaRejections.map(\.name))
    func schemaRejection(name: String) throws {
        let entry = try #require(Self.schemaRejections.first { $0.name == name })
        let problems = SchemaValidator.validate(try ValidationTestSupport.document(entry.json))
        #expect(problems.map { ($0.path.map { $0.isEmpty ? "" : $0 + ": " } ?? "") + $0.message } == entry.expected)
        let index = ValidationTestSupport.corpusIndex()
        #expect(index.contains { "\($0.group)/\($0.name)" == name && $0.exit != 0 }, "the reference rejects \(name)")
    }

    /// Consistency rejections of the corpus, as minimal canonical projects.
    static let consistencyRejections: [(name: String, json: String, expected: String)] = [
        ("bad/container-name-with-replicas", "{'services': {'web': {'image': 'nginx', 'container_name': 'web', 'deploy': {'replicas': 2}}}}",
         "services.web.container_name: can't set container_name and deploy.replicas (2) together: a container name must be unique"),
        ("bad/depends-on-cycle", "{'services': {'a': {'image': 'x', 'depends_on': {'b': {}}}, 'b': {'image': 'x', 'depends_on': {'c': {}}}, 'c': {'image': 'x', 'depends_on': {'a': {}}}}}",
         "services.a.depends_on: dependency cycle detected: a -> b -> c -> a"),
        ("bad/depends-on-self", "{'services': {'a': {'image': 'x', 'depends_on': {'a': {}}}}}", "services.a.depends_on: dependency cycle detected: a -> a"),
        ("bad/depends-on-undefined", "{'services': {'web': {'image': 'x', 'depends_on': {'db': {'condition': 'service_started', 'required': true}}}}}",
         "services.web.depends_on: service \"web\" depends on undefined service \"db\""),
        ("bad/missing-image-and-build", "{'services': {'web': {'ports': []}}}", "services.web: service \"web\" has neither an image nor a build context specified"),
        ("bad/network-mode-and-networks", "{'services': {'web': {'image': 'x', 'network_mode': 'host', 'networks': {'front': null}}}, 'networks': {'front': {}}}",
         "services.web.network_mode: service web declares mutually exclusive `network_mode` and `networks`"),
        ("bad/type-replicas-negative", "{'services': {'web': {'image': 'nginx', 'deploy': {'replicas': -1}}}}", "services.web.deploy.replicas: must be greater than or equal to 0"),
        ("bad/undefined-config", "{'services': {'web': {'image': 'x', 'configs': [{'source': 'nginx_conf'}]}}}", "services.web.configs: service \"web\" refers to undefined config nginx_conf"),
        ("bad/undefined-network", "{'services': {'web': {'image': 'x', 'networks': {'backend': null}}}}", "services.web.networks: service \"web\" refers to undefined network backend"),
        ("bad/undefined-secret", "{'services': {'web': {'image': 'x', 'secrets': [{'source': 'db_password'}]}}}", "services.web.secrets: service \"web\" refers to undefined secret db_password"),
        ("bad/undefined-volume", "{'services': {'web': {'image': 'x', 'volumes': [{'type': 'volume', 'source': 'data', 'target': '/d'}]}}}",
         "services.web.volumes[0]: service \"web\" refers to undefined volume data"),
        ("cases/cgo-compose-depends-on-cycle", "{'services': {'service1': {'image': 'x', 'depends_on': ['service2']}, 'service2': {'image': 'x', 'depends_on': ['service3']}, 'service3': {'image': 'x', 'depends_on': ['service1']}}}",
         "services.service1.depends_on: dependency cycle detected: service1 -> service2 -> service3 -> service1"),
        ("cases/cgo-full-example", "{'services': {'foo': {'image': 'x', 'network_mode': 'container:0cfeab0f748b9a743dc3da582046357c6ef497631c1a016d28d2bf9b4f899f7b', 'networks': {'some-network': null}}}, 'networks': {'some-network': {}}}",
         "services.foo.network_mode: service foo declares mutually exclusive `network_mode` and `networks`"),
        ("cases/cgo-unit-models", "{'services': {'test_array': {'models': ['foo']}}, 'models': {'foo': {'model': 'ai/model'}}}",
         "services.test_array: service \"test_array\" has neither an image nor a build context specified"),
        ("cases/cgo-unit-secretdriver", "{'services': {'foo': {'image': 'alpine'}}, 'secrets': {'secret': {'name': 'secret', 'driver': 'secret-bucket'}}}",
         "secrets.secret: secret \"secret\" must declare either `file` or `environment`"),
        ("cases/cgo-unit-secretfilemodenumber", "{'services': {'foo': {'image': 'x', 'secrets': [{'source': 'server-certificate', 'mode': 256}]}}}",
         "services.foo.secrets: service \"foo\" refers to undefined secret server-certificate"),
        ("cases/dc-build-test-platforms-compose-service-platform-not-in-build-platforms",
         "{'services': {'platforms': {'image': 'x', 'platform': 'linux/riscv64', 'build': {'context': '.', 'platforms': ['linux/amd64', 'linux/arm64']}}}}",
         "services.platforms.build.platforms: service.build.platforms MUST include service.platform \"linux/riscv64\""),
        ("cases/dc-container-name-compose", "{'services': {'test': {'image': 'alpine', 'container_name': 'test'}, 'another_test': {'image': 'alpine', 'container_name': 'test'}}}",
         "services.another_test.container_name: container name \"test\" is already in use by service \"test\""),
        ("cases/dc-publish-oci-compose-override", "{'services': {'app': {'environment': {'A': '1'}}}}",
         "services.app: service \"app\" has neither an image nor a build context specified"),
    ]

    @Test("every consistency rejection of the reference is a consistency rejection here", arguments: consistencyRejections.map(\.name))
    func consistencyRejection(name: String) throws {
        let entry = try #require(Self.consistencyRejections.first { $0.name == name })
        let problems = ConsistencyChecker.check(try ValidationTestSupport.document(entry.json))
        #expect(problems.map { ($0.path ?? "") + ": " + $0.message } == [entry.expected])
        let index = ValidationTestSupport.corpusIndex()
        #expect(index.contains { "\($0.group)/\($0.name)" == name && $0.exit != 0 }, "the reference rejects \(name)")
    }
}
