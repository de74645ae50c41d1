import EngineAPI
@testable import EngineEmbedded
import Testing

@Suite("Build stage: config evolution and history per instruction")
struct BuildStageStateTests {
    /// Evaluates the instructions of the last stage over `base`; returns the state and the steps.
    static func evaluate(_ text: String, base: OCIImageConfig = BuildPlanTests.scratch,
                         args: [String: String] = [:]) throws -> (BuildStageState, [BuildStep]) {
        let plan = try BuildPlan(dockerfile: DockerfileParser.parse(text), buildArgs: args)
        var state = BuildStageState(image: base, plan: plan, stage: plan.stages.count - 1)
        var steps: [BuildStep] = []
        for instruction in plan.stages[plan.stages.count - 1].instructions { steps.append(try state.evaluate(instruction)) }
        return (state, steps)
    }

    static func message(_ text: String) -> String? {
        do {
            _ = try evaluate(text)
            return nil
        } catch {
            return (error as? EngineError)?.message
        }
    }

    @Test("ENV: both forms, substitution sees the values from before the instruction, history as Docker writes it")
    func env() throws {
        let (state, steps) = try Self.evaluate("""
            FROM scratch
            ENV abc=hello
            ENV abc=bye def=$abc
            ENV ghi=$abc
            ENV legacy value with  spaces
            ENV quoted="a b" esc=c\\ d
            """)
        #expect(state.image.config?.env == ["abc=bye", "def=hello", "ghi=bye", "legacy=value with  spaces", "quoted=a b", "esc=c d"])
        #expect(steps[1].createdBy == "/bin/sh -c #(nop)  ENV abc=bye def=hello")
    }

    @Test("LABEL, USER, EXPOSE, VOLUME, STOPSIGNAL, MAINTAINER with substitution")
    func metadata() throws {
        let (state, steps) = try Self.evaluate("""
            FROM scratch
            ENV P=8080 U=app
            LABEL "com.example.vendor"="ACME" version=1.0 multi="a b"
            USER ${U}:staff
            EXPOSE 80 $P/udp 9000-9001
            VOLUME ["/data", "/$U"]
            VOLUME /logs /cache
            STOPSIGNAL SIGQUIT
            MAINTAINER someone
            """)
        let config = try #require(state.image.config)
        #expect(config.labels == ["com.example.vendor": "ACME", "version": "1.0", "multi": "a b"])
        #expect(config.user == "app:staff")
        #expect(config.exposedPorts.map { Array($0.keys).sorted() } == ["80/tcp", "8080/udp", "9000/tcp", "9001/tcp"])
        #expect(config.volumes.map { Array($0.keys).sorted() } == ["/app", "/cache", "/data", "/logs"])
        #expect(config.stopSignal == "SIGQUIT")
        #expect(state.image.author == "someone")
        #expect(steps.map(\.createdBy) == [
            "/bin/sh -c #(nop)  ENV P=8080 U=app",
            "/bin/sh -c #(nop)  LABEL com.example.vendor=ACME version=1.0 multi=a b",
            "/bin/sh -c #(nop)  USER app:staff",
            "/bin/sh -c #(nop)  EXPOSE 80/tcp 8080/udp 9000/tcp 9001/tcp",
            "/bin/sh -c #(nop)  VOLUME [/data /app]",
            "/bin/sh -c #(nop)  VOLUME [/logs /cache]",
            "/bin/sh -c #(nop)  STOPSIGNAL SIGQUIT",
            "/bin/sh -c #(nop)  MAINTAINER someone",
        ])
    }

    @Test("WORKDIR: relative to the previous one, cleaned, substituted; asks for the directory")
    func workdir() throws {
        let (state, steps) = try Self.evaluate("FROM scratch\nENV D=src\nWORKDIR /a\nWORKDIR b/../c\nWORKDIR $D\n")
        #expect(state.image.config?.workingDir == "/a/c/src")
        #expect(steps[1].action == .workdir("/a"))
        #expect(steps[3].action == .workdir("/a/c/src"))
        #expect(steps[3].createdBy == "/bin/sh -c #(nop) WORKDIR /a/c/src")
    }

    @Test("CMD and ENTRYPOINT: exec and shell form, ENTRYPOINT resets an inherited CMD but keeps one set earlier in the stage")
    func commands() throws {
        var base = BuildPlanTests.scratch
        base.config?.cmd = ["sh"]
        let (reset, _) = try Self.evaluate("FROM x\nENTRYPOINT [\"/init\"]\n", base: base)
        #expect(reset.image.config?.entrypoint == ["/init"])
        #expect(reset.image.config?.cmd == nil)
        let (kept, steps) = try Self.evaluate("FROM x\nCMD echo $HOME\nENTRYPOINT [\"/init\"]\n", base: base)
        #expect(kept.image.config?.cmd == ["/bin/sh", "-c", "echo $HOME"])
        #expect(steps[0].createdBy == "/bin/sh -c #(nop)  CMD [\"/bin/sh\" \"-c\" \"echo $HOME\"]")
        #expect(steps[1].createdBy == "/bin/sh -c #(nop)  ENTRYPOINT [\"/init\"]")
        let (later, _) = try Self.evaluate("FROM x\nENTRYPOINT [\"/init\"]\nCMD [\"run\"]\n", base: base)
        #expect(later.image.config?.cmd == ["run"])
    }

    @Test("SHELL changes the shell of shell-form RUN and CMD and of the history prefix")
    func shell() throws {
        let (state, steps) = try Self.evaluate("FROM x\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nCMD c\n")
        guard case .run(let run) = steps[1].action else { Issue.record("RUN expected"); return }
        #expect(run.args == ["/bin/bash", "-o", "pipefail", "-c", "a | b"])
        #expect(state.image.config?.cmd == ["/bin/bash", "-o", "pipefail", "-c", "c"])
        #expect(steps[0].createdBy == "/bin/bash -o pipefail -c #(nop)  SHELL [/bin/bash -o pipefail -c]")
        #expect(steps[2].createdBy == "/bin/bash -o pipefail -c #(nop)  CMD [\"/bin/bash\" \"-o\" \"pipefail\" \"-c\" \"c\"]")
    }

    @Test("RUN: no substitution in its text; env = config env + ARGs the env does not override; history with the |N prefix")
    func run() throws {
        let (_, steps) = try Self.evaluate("""
            FROM scratch
            ARG A=1
            ARG B
            ARG C=3
            ENV C=env PATH=/bin
            RUN echo $A
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            """, args: ["B": "2", "HTTP_PROXY": "http://proxy"])
        guard case .run(let shell) = steps[4].action, case .run(let exec) = steps[5].action else {
            Issue.record("RUN expected")
            return
        }
        #expect(shell.args == ["/bin/sh", "-c", "echo $A"])
        #expect(shell.env == ["C=env", "PATH=/bin", "A=1", "B=2", "HTTP_PROXY=http://proxy"])
        #expect(shell.argEnv == ["A=1", "B=2"])
        #expect(steps[4].createdBy == "|2 A=1 B=2 /bin/sh -c echo $A")
        #expect(exec.args == ["/bin/busybox", "--install", "-s", "/bin"])
        #expect(steps[5].createdBy == "|2 A=1 B=2 /bin/busybox --install -s /bin")
        #expect(steps[0].createdBy == "/bin/sh -c #(nop)  ARG A=1")
        #expect(steps[1].createdBy == "/bin/sh -c #(nop)  ARG B")
    }

    @Test("HEALTHCHECK: flags in nanoseconds, CMD and CMD-SHELL, NONE")
    func healthcheck() throws {
        let (state, steps) = try Self.evaluate("""
            FROM x
            HEALTHCHECK --interval=5s --timeout=1m30s --start-period=500ms --start-interval=2s --retries=3 CMD curl -f http://localhost/
            """)
        let check = try #require(state.image.config?.healthcheck)
        #expect(check.test == ["CMD-SHELL", "curl -f http://localhost/"])
        #expect(check.interval == 5_000_000_000)
        #expect(check.timeout == 90_000_000_000)
        #expect(check.startPeriod == 500_000_000)
        #expect(check.startInterval == 2_000_000_000)
        #expect(check.retries == 3)
        #expect(steps[0].createdBy == "/bin/sh -c #(nop)  HEALTHCHECK "
                + "&{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"5s\" \"1m30s\" \"500ms\" \"2s\" '\\x03'}")
        let (exec, _) = try Self.evaluate("FROM x\nHEALTHCHECK CMD [\"/bin/check\", \"-v\"]\n")
        #expect(exec.image.config?.healthcheck?.test == ["CMD", "/bin/check", "-v"])
        let (none, _) = try Self.evaluate("FROM x\nHEALTHCHECK NONE\n")
        #expect(none.image.config?.healthcheck?.test == ["NONE"])
        #expect(Self.message("FROM x\nHEALTHCHECK --retries=-1 CMD true") == "Dockerfile:2: --retries cannot be negative (-1)")
        #expect(Self.message("FROM x\nHEALTHCHECK --interval=1ns CMD true") == "Dockerfile:2: --interval cannot be less than 1ms")
        #expect(Self.message("FROM x\nHEALTHCHECK SOMETIMES true") == "Dockerfile:2: Unknown type \"SOMETIMES\" in HEALTHCHECK (try CMD)")
    }

    @Test("ONBUILD is stored as written")
    func onbuild() throws {
        let (state, steps) = try Self.evaluate("FROM x\nONBUILD COPY . /app\nONBUILD RUN make\n")
        #expect(state.image.config?.onBuild == ["COPY . /app", "RUN make"])
        #expect(steps[1].createdBy == "/bin/sh -c #(nop)  ONBUILD RUN make")
    }

    @Test("COPY/ADD: substitution, destination relative to WORKDIR, directory destinations, flags")
    func copy() throws {
        let (_, steps) = try Self.evaluate("""
            FROM a AS one
            FROM scratch
            ENV SRC=app
            WORKDIR /srv
            COPY --chown=${SRC}:1 --chmod=640 $SRC/ .
            COPY ["$SRC/x y", "dest"]
            COPY --from=one /a /b/
            """)
        guard case .copy(let first) = steps[2].action, case .copy(let second) = steps[3].action,
              case .copy(let third) = steps[4].action else {
            Issue.record("COPY expected")
            return
        }
        #expect(first == BuildStep.Copy(isAdd: false, sources: ["app/"], destination: "/srv", destinationIsDirectory: true,
                                        from: nil, chown: "app:1", chmod: 0o640))
        #expect(second.sources == ["app/x y"])
        #expect(second.destination == "/srv/dest")
        #expect(second.destinationIsDirectory == false)
        #expect(third.from == .stage(0))
        #expect(third.destination == "/b")
        #expect(third.destinationIsDirectory)
        #expect(steps[2].display == "COPY --chown=app:1 --chmod=640 app/ .")
        #expect(Self.message("FROM x\nCOPY a b c")
                == "Dockerfile:2: When using COPY with more than one source file, the destination must be a directory and end with a /")
        #expect(Self.message("FROM x\nADD https://example.com/x.tgz /x")
                == "Dockerfile:2: ADD https://example.com/x.tgz: remote sources are not supported by this builder")
        #expect(Self.message("FROM x\nCOPY --chmod=9z a b") == "Dockerfile:2: invalid chmod parameter: 9z")
        #expect(Self.message("FROM x\nCOPY a") == "Dockerfile:2: COPY requires at least two arguments")
    }
}
