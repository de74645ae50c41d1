import ComposeModel
import Testing
@testable import ComposeLoader

@Suite("Consistency checks")
struct ValidationConsistencyTests {
    private func check(_ json: String, disabled: Set<String>? = []) throws -> [String] {
        ValidationTestSupport.render(ConsistencyChecker.check(try ValidationTestSupport.document(json), disabledServices: disabled))
    }

    @Test("a consistent project has no problems")
    func consistent() throws {
        #expect(try check("""
        {'services': {'web': {'image': 'a', 'networks': {'front': null}, 'depends_on': {'db': {'condition': 'service_started', 'required': true}},
                              'volumes': [{'type': 'volume', 'source': 'data', 'target': '/data'}, {'type': 'volume', 'target': '/anon'}],
                              'secrets': [{'source': 's'}], 'configs': [{'source': 'c'}], 'models': {'m': null}},
                      'db': {'build': {'context': '.'}, 'network_mode': 'service:web'}},
         'networks': {'front': {}}, 'volumes': {'data': {}}, 'secrets': {'s': {'file': '/s'}}, 'configs': {'c': {'file': '/c'}},
         'models': {'m': {'model': 'ai/x'}}}
        """) == [])
    }

    @Test("references to undefined resources are reported at the reference")
    func undefinedReferences() throws {
        #expect(try check("""
        {'services': {'web': {'image': 'a',
          'networks': {'backend': null},
          'volumes': [{'type': 'volume', 'source': 'data', 'target': '/d'}],
          'secrets': [{'source': 'db_password'}],
          'configs': [{'source': 'nginx_conf'}],
          'models': {'llm': null},
          'build': {'context': '.', 'secrets': [{'source': 'npmrc'}]},
          'depends_on': {'db': {'condition': 'service_started', 'required': true}}}}}
        """) == [
            "2:16 services.web.networks: service \"web\" refers to undefined network backend",
            "8:18 services.web.depends_on: service \"web\" depends on undefined service \"db\"",
            "3:44 services.web.volumes[0]: service \"web\" refers to undefined volume data",
            "7:52 services.web.build.secrets: service \"web\" refers to undefined build secret npmrc",
            "5:26 services.web.configs: service \"web\" refers to undefined config nginx_conf",
            "6:14 services.web.models: service \"web\" refers to undefined model llm",
            "4:26 services.web.secrets: service \"web\" refers to undefined secret db_password",
        ])
    }

    @Test("an optional dependency on a service disabled by profiles is fine; a required one is not")
    func disabledDependencies() throws {
        let json = "{'services': {'web': {'image': 'a', 'depends_on': {'db': {'condition': 'service_started', 'required': REQ}}}}}"
        #expect(try check(json.replacingOccurrences(of: "REQ", with: "false"), disabled: ["db"]) == [])
        #expect(try check(json.replacingOccurrences(of: "REQ", with: "true"), disabled: ["db"]) == [
            "1:52 services.web.depends_on: service \"web\" depends on undefined service \"db\"",
        ])
        #expect(try check(json.replacingOccurrences(of: "REQ", with: "false")) == [
            "1:52 services.web.depends_on: service \"web\" depends on undefined service \"db\"",
        ])
        // Without the list of disabled services, a missing optional dependency is taken as a disabled one.
        #expect(try check(json.replacingOccurrences(of: "REQ", with: "false"), disabled: nil) == [])
    }

    @Test("dependency cycles are printed like the reference", arguments: [
        ("{'a': ['b'], 'b': ['c'], 'c': ['a']}", ["services.a.depends_on: dependency cycle detected: a -> b -> c -> a"]),
        ("{'a': ['a']}", ["services.a.depends_on: dependency cycle detected: a -> a"]),
        ("{'service3': ['service1'], 'service1': ['service2'], 'service2': ['service3']}",
         ["services.service1.depends_on: dependency cycle detected: service1 -> service2 -> service3 -> service1"]),
        ("{'x': ['b'], 'b': ['c', 'd'], 'c': ['d'], 'd': []}", []),
        ("{'a': ['b'], 'b': ['a'], 'c': ['d'], 'd': ['c']}", [
            "services.a.depends_on: dependency cycle detected: a -> b -> a",
            "services.c.depends_on: dependency cycle detected: c -> d -> c",
        ]),
    ])
    func cycles(graph: String, expected: [String]) throws {
        let document = try ValidationTestSupport.document(graph)
        var services = ComposeMapping()
        for (name, dependencies) in document.mapping ?? ComposeMapping() {
            services[name] = .mapping(ComposeMapping([("image", .string("x")), ("depends_on", dependencies)]))
        }
        let problems = ConsistencyChecker.check(.mapping(ComposeMapping([("services", .mapping(services))])))
        #expect(problems.map { "\($0.path ?? ""): \($0.message)" } == expected)
    }

    @Test("a long dependency chain is checked without recursion")
    func longChain() {
        var services = ComposeMapping()
        for index in 0..<20_000 {
            let next: [ComposeNode] = index < 19_999 ? [.string("s\(index + 1)")] : []
            services["s\(index)"] = .mapping(ComposeMapping([("image", .string("x")), ("depends_on", .sequence(next))]))
        }
        #expect(ConsistencyChecker.check(.mapping(ComposeMapping([("services", .mapping(services))]))).isEmpty)
    }

    @Test("service-level conflicts")
    func serviceConflicts() throws {
        #expect(try check("""
        {'services': {
          'web': {'build': {'context': '.', 'platforms': ['linux/amd64'], 'dockerfile': 'D', 'dockerfile_inline': 'FROM x'},
                  'platform': 'linux/riscv64', 'network_mode': 'host', 'networks': {'default': null}},
          'nothing': {'restart': 'always'},
          'rep': {'image': 'a', 'container_name': 'c', 'deploy': {'replicas': 2}},
          'neg': {'image': 'a', 'scale': -1, 'deploy': {'replicas': -1}},
          'hc': {'image': 'a', 'healthcheck': {'test': ['RUN', 'x']}},
          'dup': {'image': 'a', 'container_name': 'c'}},
         'networks': {'default': {}}}
        """) == [
            "2:107 services.web.build: service \"web\" declares mutually exclusive dockerfile and dockerfile_inline",
            "2:50 services.web.build.platforms: service.build.platforms MUST include service.platform \"linux/riscv64\"",
            "3:56 services.web.network_mode: service web declares mutually exclusive `network_mode` and `networks`",
            "4:3 services.nothing: service \"nothing\" has neither an image nor a build context specified",
            "5:43 services.rep.container_name: can't set container_name and deploy.replicas (2) together: a container name must be unique",
            "6:34 services.neg.scale: must be greater than or equal to 0",
            "6:61 services.neg.deploy.replicas: must be greater than or equal to 0",
            "7:49 services.hc.healthcheck.test: healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
            "8:43 services.dup.container_name: container name \"c\" is already in use by service \"rep\"",
        ])
    }

    @Test("scale and resources must agree with deploy")
    func deployAgreement() throws {
        #expect(try check("""
        {'services': {'web': {'image': 'a', 'scale': 2, 'deploy': {'replicas': 3,
          'resources': {'limits': {'cpus': '0.5', 'memory': '1g'}, 'reservations': {'memory': '512m'}}},
          'cpus': 0.5, 'mem_limit': '1024m', 'mem_reservation': '256m', 'pids_limit': 10}}}
        """) == [
            "1:46 services.web: can't set distinct values on 'scale' and 'deploy.replicas'",
            "3:57 services.web: can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'",
            "3:79 services.web: can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'",
        ])
    }

    @Test("watch targets, mount targets, additional contexts, network_mode services")
    func miscellaneous() throws {
        #expect(try check("""
        {'services': {'web': {'image': 'a', 'network_mode': 'service:ghost',
          'develop': {'watch': [{'path': '/src', 'action': 'sync'}, {'path': '/src', 'action': 'rebuild'}]},
          'tmpfs': ['/run:size=1m'], 'volumes': [{'type': 'bind', 'source': '/h', 'target': '/run'}],
          'build': {'context': '.', 'additional_contexts': {'base': 'service:img', 'other': 'service:nope', 'dir': '/x'}}},
          'img': {'image': 'b'}}}
        """) == [
            "4:61 services.web.build.additional_contexts.base: service \"web\" declares non-buildable service \"img\" as additional contexts base",
            "4:85 services.web.build.additional_contexts.other: service \"web\" declares unknown service \"nope\" as additional contexts other",
            "1:53 services.web.network_mode: service \"ghost\" not found for network_mode 'service:ghost'",
            "2:25 services.web.develop.watch[0]: target is required for non-rebuild actions",
            "3:85 services.web.volumes[0]: target /run already mounted as services.web.tmpfs[0]",
        ])
    }

    @Test("secrets need a file or an environment variable unless external")
    func secretSources() throws {
        #expect(try check("""
        {'services': {'web': {'image': 'a'}},
         'secrets': {'ok': {'file': '/f'}, 'env': {'environment': 'X'}, 'ext': {'external': true, 'name': 'n'},
                     'secret': {'name': 'secret', 'driver': 'secret-bucket'}}}
        """) == [
            "3:14 secrets.secret: secret \"secret\" must declare either `file` or `environment`",
        ])
    }
}
