import Foundation
import Testing

@Suite("compose config")
struct ConfigCommandTests {
    static let stack = """
    services:
      web:
        image: nginx:1.27
        depends_on: [app]
        networks: [front]
      app:
        build: ./app
        volumes: [data:/data]
        networks: [front, back]
      debug:
        image: busybox
        profiles: [debug, ops]
    networks:
      front: {}
      back: {}
    volumes:
      data: {}
    """

    @Test("--services lists enabled services, sorted")
    func services() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let result = try ComposeProcess.run(["config", "--services"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "app\nweb\n")
    }

    @Test("--profile enables a profiled service; --profiles lists every profile")
    func profiles() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let enabled = try ComposeProcess.run(["--profile", "debug", "config", "--services"], in: dir)
        #expect(enabled.stdout == "app\ndebug\nweb\n", "\(enabled.stderr)")
        let listed = try ComposeProcess.run(["config", "--profiles"], in: dir)
        #expect(listed.stdout == "debug\nops\n")
        let fromVariable = try ComposeProcess.run(["config", "--services"], in: dir, environment: ["COMPOSE_PROFILES": "ops"])
        #expect(fromVariable.stdout == "app\ndebug\nweb\n")
    }

    @Test("--volumes and --networks list top-level names")
    func volumesAndNetworks() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        #expect(try ComposeProcess.run(["config", "--volumes"], in: dir).stdout == "data\n")
        let networks = try ComposeProcess.run(["config", "--networks"], in: dir).stdout
        #expect(networks.split(separator: "\n").sorted() == ["back", "front"])
    }

    @Test("--images gives the image, or <project>-<service> for built services")
    func images() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let result = try ComposeProcess.run(["-p", "demo", "config", "--images"], in: dir)
        #expect(result.stdout == "demo-app\nnginx:1.27\n", "\(result.stderr)")
    }

    @Test("-q prints nothing and succeeds; -o writes the file")
    func quietAndOutput() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let quiet = try ComposeProcess.run(["config", "-q"], in: dir)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        let out = dir + "/out.json"
        let written = try ComposeProcess.run(["config", "--format", "json", "-o", out], in: dir)
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["services"] as? [String: Any])?.keys.sorted() == ["app", "web"])
    }

    @Test("SERVICE arguments keep the service and its dependencies")
    func serviceSelection() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let result = try ComposeProcess.run(["config", "--format", "json", "web"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["services"] as? [String: Any])?.keys.sorted() == ["app", "web"])
    }

    @Test("--hash prints one stable line per service")
    func hash() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let first = try ComposeProcess.run(["config", "--hash", "*"], in: dir)
        let lines = first.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.split(separator: " ").last?.count == 64 })
        #expect(try ComposeProcess.run(["config", "--hash", "web"], in: dir).stdout == String(lines[1]) + "\n")
    }

    @Test("-f - reads the file from standard input")
    func standardInput() throws {
        let dir = try ComposeProcess.project([:])
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let result = try ComposeProcess.run(["-f", "-", "config", "--services"], in: dir, stdin: "services:\n  one:\n    image: x\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "one\n")
    }

    @Test("errors are located file:line:column with a caret, exit status 1")
    func locatedErrors() throws {
        let dir = try ComposeProcess.project(["compose.yaml": "services:\n  web:\n    image: x\n    image: y\n"])
        let result = try ComposeProcess.run(["config"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("compose.yaml:4:5: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("^"))
    }

    @Test("an unknown flag is a usage error with exit status 1")
    func unknownFlag() throws {
        let dir = try ComposeProcess.project(["compose.yaml": Self.stack])
        let result = try ComposeProcess.run(["config", "--bogus"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--bogus"))
    }
}

@Suite("compose config: secrets in env files")
struct EnvFileSecrecyTests {
    @Test("an env_file syntax error names the file and line but never prints its content")
    func envFileErrorConceals() throws {
        let dir = try ComposeProcess.project([
            "compose.yaml": "services:\n  web:\n    image: x\n    env_file: secret.env\n",
            "secret.env": "OK=1\nPASSWORD=\"hunter2-very-secret\n",
        ])
        let result = try ComposeProcess.run(["config"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("secret.env"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"), "\(result.stderr)")
    }

    @Test("a .env syntax error never prints its content either")
    func dotEnvErrorConceals() throws {
        let dir = try ComposeProcess.project([
            "compose.yaml": "services:\n  web:\n    image: x\n",
            ".env": "TOKEN=abc def-secret-value\nBAD KEY=1\n",
        ])
        let result = try ComposeProcess.run(["config"], in: dir, environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(".env"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret-value"), "\(result.stderr)")
        #expect(!result.stderr.contains("BAD KEY"), "\(result.stderr)")
    }
}

@Suite("compose config: dollar signs")
struct ConfigDollarTests {
    @Test("interpolated output escapes $ again; --no-interpolate prints the file's text")
    func escaping() throws {
        let dir = try ComposeProcess.project([
            "compose.yaml": "services:\n  web:\n    image: x\n    command: echo $$HOME ${GREETING}\n",
        ])
        let interpolated = try ComposeProcess.run(["config", "--format", "json"], in: dir, environment: ["GREETING": "hi"])
        #expect(interpolated.stdout.contains("\"echo\",\n"), "\(interpolated.stdout)")
        #expect(interpolated.stdout.contains("\"$$HOME\""), "\(interpolated.stdout)")
        #expect(interpolated.stdout.contains("\"hi\""))
        let raw = try ComposeProcess.run(["config", "--format", "json", "--no-interpolate"], in: dir)
        #expect(raw.stdout.contains("${GREETING}"), "\(raw.stdout)")
    }
}

@Suite("compose config --environment")
struct ConfigEnvironmentTests {
    @Test("prints the interpolation environment, sorted, .env values under the process environment")
    func environment() throws {
        let dir = try ComposeProcess.project([
            "compose.yaml": "services:\n  web:\n    image: x\n",
            ".env": "FROM_DOTENV=1\nBOTH=dotenv\n",
        ])
        let result = try ComposeProcess.run(["-p", "demo", "config", "--environment"], in: dir, environment: ["BOTH": "process"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("FROM_DOTENV=1"))
        #expect(lines.contains("BOTH=process"))
        #expect(lines.contains("COMPOSE_PROJECT_NAME=demo"))
        #expect(lines == lines.sorted())
    }
}
