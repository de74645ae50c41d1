import ComposeLoader
import ComposeModel
import Testing

@Suite("Environment: interpolating documents")
struct EnvironmentInterpolatorTests {
    typealias T = EnvironmentTrees

    static func interpolate(_ root: ComposeNode, _ environment: [String: String] = [:]) -> Result<(ComposeNode, [Diagnostic]), DiagnosticError> {
        do {
            return .success(try Interpolator(environment: environment).interpolate(root))
        } catch let error as DiagnosticError {
            return .failure(error)
        } catch {
            return .failure(DiagnosticError(.error(at: nil, "unexpected \(error)")))
        }
    }

    @Test("substitutes strings at any depth and keeps locations, keys untouched")
    func substitutesStrings() throws {
        let root = T.service([
            ("image", T.string("nginx:${TAG}", 4, 12)),
            ("command", T.seq(5, [T.string("echo", 6), T.string("$$HOME ${NAME:-x}", 7)])),
            ("labels", T.map(8, [("${KEY}", T.string("$KEY", 9))])),
            ("x-number", .int(3, at: T.at(10))),
        ])
        let (result, warnings) = try Self.interpolate(root, ["TAG": "1.2", "KEY": "k"]).get()
        let web = try #require(result["services"]?["web"])
        #expect(web["image"] == .string("nginx:1.2"))
        #expect(web["image"]?.location == T.at(4, 12))
        #expect(web["command"] == .sequence([.string("echo"), .string("$HOME x")]))
        #expect(web["command"]?.sequence?[1].location == T.at(7))
        #expect(web["labels"]?.mapping?.keys == ["${KEY}"])
        #expect(web["labels"]?["${KEY}"] == .string("k"))
        #expect(web["x-number"] == .int(3))
        #expect(warnings.isEmpty)
    }

    @Test("warns once per unset variable, at its first use")
    func unsetWarnings() throws {
        let root = T.service([
            ("image", T.string("nginx:${TAG}", 4)),
            ("container_name", T.string("$TAG-$OTHER", 5)),
            ("hostname", T.string("${TAG}", 6)),
        ])
        let (result, warnings) = try Self.interpolate(root).get()
        #expect(result["services"]?["web"]?["image"] == .string("nginx:"))
        #expect(warnings == [
            .warning(at: T.at(4), #"The "TAG" variable is not set. Defaulting to a blank string."#),
            .warning(at: T.at(5), #"The "OTHER" variable is not set. Defaulting to a blank string."#),
        ])
    }

    @Test("a required variable names the path")
    func requiredError() {
        let root = T.service([("image", T.string("nginx:${TAG:?must be set}", 4, 12))])
        guard case .failure(let error) = Self.interpolate(root) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [
            .error(at: T.at(4, 12), path: "services.web.image", "required variable TAG is missing a value: must be set"),
        ])
    }

    @Test("collects every error of the document")
    func collectsErrors() {
        let root = T.service([
            ("image", T.string("${TAG?}", 4)),
            ("ports", T.seq(5, [T.string("${PORT:?set PORT}:80", 6)])),
            ("environment", T.map(7, [("X", T.string("${VAR:!x}", 8)), ("Y", T.string("${}", 9))])),
            ("privileged", T.string("yes please", 10)),
        ])
        guard case .failure(let error) = Self.interpolate(root) else {
            Issue.record("expected errors")
            return
        }
        #expect(error.diagnostics == [
            .error(at: T.at(4), path: "services.web.image", "required variable TAG is missing a value"),
            .error(at: T.at(6), path: "services.web.ports[0]", "required variable PORT is missing a value: set PORT"),
            .error(at: T.at(8), path: "services.web.environment.X",
                   #"invalid interpolation format "${VAR:!x}": you may need to escape any $ with another $"#),
            .error(at: T.at(9), path: "services.web.environment.Y",
                   #"invalid interpolation format "${}": you may need to escape any $ with another $"#),
            .error(at: T.at(10), path: "services.web.privileged",
                   "failed to cast to expected type: invalid boolean: yes please"),
        ])
    }

    @Test("casts strings at compose-go's typed paths", arguments: [
        (["services", "web", "cpus"], "1.5", ComposeNode.Value.double(1.5)),
        (["services", "web", "cpus"], "2", .double(2)),
        (["services", "web", "cpu_count"], "4", .int(4)),
        (["services", "web", "cpu_percent"], "50", .double(50)),
        (["services", "web", "cpu_shares"], "-3", .int(-3)),
        (["services", "web", "scale"], "+3", .int(3)),
        (["services", "web", "pids_limit"], "100", .int(100)),
        (["services", "web", "oom_score_adj"], "-500", .int(-500)),
        (["services", "web", "privileged"], "TRUE", .bool(true)),
        (["services", "web", "read_only"], "false", .bool(false)),
        (["services", "web", "tty"], "True", .bool(true)),
        (["services", "web", "init"], "false", .bool(false)),
        (["services", "web", "stdin_open"], "true", .bool(true)),
        (["services", "web", "oom_kill_disable"], "true", .bool(true)),
        (["services", "web", "deploy", "replicas"], "3", .int(3)),
        (["services", "web", "deploy", "update_config", "parallelism"], "2", .int(2)),
        (["services", "web", "deploy", "update_config", "max_failure_ratio"], "0.5", .double(0.5)),
        (["services", "web", "deploy", "rollback_config", "max_failure_ratio"], "1e-1", .double(0.1)),
        (["services", "web", "deploy", "restart_policy", "max_attempts"], "5", .int(5)),
        (["services", "web", "deploy", "placement", "max_replicas_per_node"], "1", .int(1)),
        (["services", "web", "healthcheck", "retries"], "3", .int(3)),
        (["services", "web", "healthcheck", "disable"], "true", .bool(true)),
        (["services", "web", "ulimits", "nproc"], "65535", .int(65535)),
        (["services", "web", "ulimits", "nofile", "soft"], "20000", .int(20000)),
        (["services", "web", "ulimits", "nofile", "hard"], "40000", .int(40000)),
        (["networks", "front", "external"], "true", .bool(true)),
        (["networks", "front", "internal"], "false", .bool(false)),
        (["networks", "front", "attachable"], "true", .bool(true)),
        (["networks", "front", "enable_ipv6"], "true", .bool(true)),
        (["networks", "front", "enable_ipv4"], "false", .bool(false)),
        (["volumes", "data", "external"], "true", .bool(true)),
        (["secrets", "s", "external"], "true", .bool(true)),
        (["configs", "c", "external"], "false", .bool(false)),
        // Not in the table: left as strings.
        (["services", "web", "mem_limit"], "1g", .string("1g")),
        (["services", "web", "environment", "privileged"], "yes", .string("yes")),
        (["volumes", "data", "name"], "true", .string("true")),
        (["services", "web", "deploy", "resources", "limits", "cpus"], "0.5", .string("0.5")),
    ] as [([String], String, ComposeNode.Value)])
    func casts(path: [String], text: String, expected: ComposeNode.Value) throws {
        var node = T.string(text, 9)
        for key in path.reversed() { node = T.map(1, [(key, node)]) }
        let (result, _) = try Self.interpolate(node).get()
        var leaf: ComposeNode? = result
        for key in path { leaf = leaf?[key] }
        let value = try #require(leaf)
        #expect(value == ComposeNode(expected))
        #expect(value.kindName == ComposeNode(expected).kindName)
        #expect(value.location == T.at(9))
    }

    @Test("casts sequence items: ports[].target, volumes[].read_only, volumes[].volume.nocopy")
    func castsInSequences() throws {
        let root = T.service([
            ("ports", T.seq(4, [T.map(5, [("target", T.string("${P:-80}", 5)), ("published", T.string("8080", 6))])])),
            ("volumes", T.seq(7, [T.map(8, [
                ("read_only", T.string("true", 8)),
                ("volume", T.map(9, [("nocopy", T.string("false", 9))])),
            ])])),
        ])
        let (result, _) = try Self.interpolate(root).get()
        let web = try #require(result["services"]?["web"])
        #expect(web["ports"]?.sequence?[0]["target"]?.int == 80)
        #expect(web["ports"]?.sequence?[0]["published"]?.string == "8080")
        #expect(web["volumes"]?.sequence?[0]["read_only"]?.bool == true)
        #expect(web["volumes"]?.sequence?[0]["volume"]?["nocopy"]?.bool == false)
    }

    @Test("leaves values that are already typed alone")
    func typedValues() throws {
        let root = T.service([("cpus", ComposeNode(.double(0.5), at: T.at(4))), ("privileged", .bool(true, at: T.at(5)))])
        let (result, _) = try Self.interpolate(root).get()
        #expect(result["services"]?["web"]?["cpus"]?.double == 0.5)
        #expect(result["services"]?["web"]?["privileged"]?.bool == true)
    }

    @Test("cast errors carry Go's messages", arguments: [
        ("cpus", "lots", #"failed to cast to expected type: strconv.ParseFloat: parsing "lots": invalid syntax"#),
        ("cpus", "1e39", #"failed to cast to expected type: strconv.ParseFloat: parsing "1e39": value out of range"#),
        ("cpu_percent", "1e400", #"failed to cast to expected type: strconv.ParseFloat: parsing "1e400": value out of range"#),
        ("cpu_percent", "1_000", #"failed to cast to expected type: strconv.ParseFloat: parsing "1_000": invalid syntax"#),
        ("scale", "two", #"failed to cast to expected type: strconv.Atoi: parsing "two": invalid syntax"#),
        ("scale", "", #"failed to cast to expected type: strconv.Atoi: parsing "": invalid syntax"#),
        ("scale", "1.0", #"failed to cast to expected type: strconv.Atoi: parsing "1.0": invalid syntax"#),
        ("scale", "99999999999999999999", #"failed to cast to expected type: strconv.Atoi: parsing "99999999999999999999": value out of range"#),
        ("pids_limit", " 1", #"failed to cast to expected type: strconv.ParseInt: parsing " 1": invalid syntax"#),
        ("privileged", "yes please", "failed to cast to expected type: invalid boolean: yes please"),
        ("tty", "", "failed to cast to expected type: invalid boolean: "),
    ] as [(String, String, String)])
    func castErrors(attribute: String, text: String, message: String) {
        let root = T.service([(attribute, T.string(text, 4))])
        guard case .failure(let error) = Self.interpolate(root) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.diagnostics == [.error(at: T.at(4), path: "services.web.\(attribute)", message)])
    }

    @Test("accepted float spellings", arguments: [
        ("0.5", 0.5), (".5", 0.5), ("5.", 5), ("+1", 1), ("-1.5e2", -150), ("1E3", 1000), ("0x1p-2", 0.25),
        ("Inf", Double.infinity), ("-infinity", -Double.infinity),
    ] as [(String, Double)])
    func floats(text: String, expected: Double) throws {
        let (result, _) = try Self.interpolate(T.service([("cpu_percent", T.string(text, 4))])).get()
        #expect(result["services"]?["web"]?["cpu_percent"]?.double == expected)
    }

    @Test("YAML 1.1 booleans are accepted with a warning", arguments: [
        ("yes", true, "true"), ("on", true, "true"), ("Y", true, "true"), ("no", false, "false"), ("OFF", false, "false"), ("n", false, "false"),
    ] as [(String, Bool, String)])
    func yamlBooleans(text: String, expected: Bool, spelled: String) throws {
        let (result, warnings) = try Self.interpolate(T.service([("privileged", T.string(text, 4))])).get()
        #expect(result["services"]?["web"]?["privileged"]?.bool == expected)
        #expect(warnings == [.warning(at: T.at(4), path: "services.web.privileged",
                                      "\"\(text)\" for boolean is not supported by YAML 1.2, please use `\(spelled)`")])
    }

    @Test("interpolated values are cast too")
    func interpolatedCast() throws {
        let root = T.service([("deploy", T.map(4, [("replicas", T.string("${REPLICAS:-1}", 5))]))])
        let (result, _) = try Self.interpolate(root, ["REPLICAS": "4"]).get()
        #expect(result["services"]?["web"]?["deploy"]?["replicas"] == .int(4))
    }

    @Test("keeps key locations and merge tags")
    func keepsMetadata() throws {
        var web = ComposeMapping()
        web.set("image", T.string("${X:-a}", 4, 12), keyLocation: T.at(4, 5))
        var tagged = T.seq(5, [T.string("${X:-b}", 6)])
        tagged.mergeTag = .override
        web.set("command", tagged, keyLocation: T.at(5, 5))
        let root = T.map(1, [("services", T.map(2, [("web", .mapping(web, at: T.at(3)))]))])
        let (result, _) = try Self.interpolate(root).get()
        let mapping = try #require(result["services"]?["web"]?.mapping)
        #expect(mapping.keyLocation("image") == T.at(4, 5))
        #expect(mapping["command"]?.mergeTag == .override)
        #expect(mapping["command"] == .sequence([.string("b")]))
    }
}
