import ComposeModel
import Testing

@Suite("ComposeModelDecoder")
struct ComposeModelDecoderTests {
    private let file = "compose.yaml"

    private func at(_ line: Int, _ column: Int) -> ComposeModel.SourceLocation {
        ComposeModel.SourceLocation(file: file, line: line, column: column)
    }

    private func mapping(_ pairs: [(String, ComposeNode)], at location: ComposeModel.SourceLocation? = nil) -> ComposeNode {
        var result = ComposeMapping()
        for (key, value) in pairs {
            result.set(key, value, keyLocation: value.location)
        }
        return .mapping(result, at: location)
    }

    @Test("unknown keys are errors with their location and key path, all reported together")
    func unknownKeys() throws {
        let web = mapping([
            ("image", .string("nginx", at: at(3, 12))),
            ("imagee", .string("typo", at: at(4, 13))),
            ("ports", .sequence([mapping([("target", .int(80)), ("bogus", .int(1, at: at(7, 9)))])])),
        ], at: at(3, 5))
        let document = mapping([
            ("name", .string("demo")),
            ("services", mapping([("web", web)])),
            ("include", .sequence([], at: at(9, 1))),
        ])
        let error = try #require(throws: DiagnosticError.self) { try ComposeProject(document: document) }
        let found = error.errors.map { "\($0.path ?? "")@\($0.location?.line ?? 0)" }.sorted()
        #expect(found == ["include@9", "services.web.imagee@4", "services.web.ports[0].bogus@7"])
    }

    @Test("wrong types are errors naming the expected type")
    func wrongTypes() throws {
        let web = mapping([
            ("image", .bool(true, at: at(2, 12))),
            ("cpus", .string("lots", at: at(4, 5))),
            ("stop_grace_period", .string("soon", at: at(3, 5))),
            ("volumes", .sequence([mapping([("type", .string("floppy", at: at(5, 7)))])])),
        ])
        let document = mapping([("name", .string("demo")), ("services", mapping([("web", web)]))])
        let error = try #require(throws: DiagnosticError.self) { try ComposeProject(document: document) }
        let messages = Dictionary(uniqueKeysWithValues: error.errors.map { ($0.path ?? "", $0.message) })
        #expect(messages["services.web.image"] == "must be a string, not boolean")
        #expect(messages["services.web.cpus"] == "invalid number \"lots\"")
        #expect(messages["services.web.stop_grace_period"] == "invalid duration \"soon\"")
        #expect(messages["services.web.volumes[0].type"] == "invalid value \"floppy\"")
        #expect(error.errors.first { $0.path == "services.web.image" }?.location == at(2, 12))
    }

    @Test("textual scalars are converted like compose-go's typed decoding")
    func castsScalars() throws {
        let web = mapping([
            ("user", .int(1000)),
            ("cpus", .string("0.5")),
            ("tty", .string("yes")),
            ("pids_limit", .string("100")),
            ("mem_limit", .string("1g")),
        ])
        let document = mapping([("name", .string("demo")), ("services", mapping([("web", web)]))])
        let service = try #require(try ComposeProject(document: document).services["web"])
        #expect(service.user == "1000")
        #expect(service.cpus == 0.5)
        #expect(service.tty == true)
        #expect(service.pidsLimit == 100)
        #expect(service.memLimit == ComposeByteSize(bytes: 1_073_741_824))
    }

    @Test("x- keys of services are kept, and services are sorted by name with their locations")
    func extensionsAndOrder() throws {
        let document = mapping([
            ("name", .string("demo")),
            ("services", mapping([
                ("zeta", mapping([("image", .string("a")), ("x-team", .string("core"))], at: at(2, 3))),
                ("alpha", mapping([("image", .string("b"))], at: at(5, 3))),
            ])),
        ])
        let project = try ComposeProject(document: document)
        #expect(Array(project.services.keys) == ["alpha", "zeta"])
        #expect(project.services["zeta"]?.extensions == ["x-team": .string("core")])
        #expect(project.services["alpha"]?.location == at(5, 3))
        #expect(project.services["alpha"]?.name == "alpha")
        // The encoded service keeps its extension and the always-printed command/entrypoint.
        let zeta = try #require(project.document["services"]?["zeta"])
        #expect(zeta["x-team"] == .string("core"))
        #expect(zeta["command"] == .null())
    }

    @Test("build ssh entries in every written form", arguments: [
        (ComposeNode.string("default"), ComposeSSHKey(id: "default")),
        (.string("key: /home/me/.ssh/id"), ComposeSSHKey(id: "key", path: "/home/me/.ssh/id")),
        (.string("key=/home/me/.ssh/id"), ComposeSSHKey(id: "key", path: "/home/me/.ssh/id")),
    ])
    func sshForms(entry: ComposeNode, expected: ComposeSSHKey) throws {
        let build = mapping([("context", .string("/p")), ("ssh", .sequence([entry]))])
        let web = mapping([("build", build)])
        let document = mapping([("name", .string("demo")), ("services", mapping([("web", web)]))])
        let project = try ComposeProject(document: document)
        #expect(project.services["web"]?.build?.ssh == [expected])
        let printed = expected.path.map { "\(expected.id): \($0)" } ?? expected.id
        #expect(project.document["services"]?["web"]?["build"]?["ssh"] == .sequence([.string(printed)]))
    }

    @Test("equality and hashing ignore source locations")
    func equalityIgnoresLocations() {
        var first = ComposeService(name: "web")
        first.location = at(1, 1)
        var second = ComposeService(name: "web")
        second.location = at(9, 9)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        second.image = "nginx"
        #expect(first != second)
    }

    @Test("restart and pull policies keep unknown text and read back unchanged", arguments: [
        "no", "always", "unless-stopped", "on-failure", "on-failure:3", "on-failure:03", "sometimes",
    ])
    func restartPolicyRoundTrip(text: String) {
        #expect(ComposeRestartPolicy(rawValue: text).rawValue == text)
        #expect(ComposePullPolicy(rawValue: text).rawValue == text)
    }

    @Test("restart policy cases")
    func restartPolicyCases() {
        #expect(ComposeRestartPolicy(rawValue: "on-failure:3") == .onFailure(maxRetries: 3))
        #expect(ComposeRestartPolicy(rawValue: "on-failure:03") == .other("on-failure:03"))
        #expect(ComposeRestartPolicy(rawValue: "unless-stopped") == .unlessStopped)
        #expect(ComposePullPolicy(rawValue: "if_not_present") == .ifNotPresent)
        #expect(ComposePullPolicy(rawValue: "weekly").refreshInterval == .seconds(7 * 86_400))
    }

    @Test("nodes hash consistently with their equality")
    func nodeHashing() {
        let a = mapping([("a", .int(1)), ("b", .string("x"))])
        let b = mapping([("b", .string("x", at: at(4, 4))), ("a", ComposeNode(.double(1)))])
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }
}
