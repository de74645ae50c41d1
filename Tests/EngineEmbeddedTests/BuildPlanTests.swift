import EngineAPI
@testable import EngineEmbedded
import Testing

@Suite("Build plan: stages, ARG scopes, targets")
struct BuildPlanTests {
    static func plan(_ text: String, target: String? = nil, args: [String: String] = [:]) throws -> BuildPlan {
        try BuildPlan(dockerfile: DockerfileParser.parse(text), target: target, buildArgs: args)
    }

    static func message(_ text: String, target: String? = nil) -> String? {
        do {
            _ = try plan(text, target: target)
            return nil
        } catch {
            return (error as? EngineError)?.message
        }
    }

    static func image(_ text: String) -> BuildPlan.Base {
        .image(ImageReference(parsing: text) ?? ImageReference(registry: "", repository: "", tag: nil, digest: nil))
    }

    @Test("a global ARG is usable in FROM; --build-arg overrides its default")
    func globalArgInFrom() throws {
        let text = "ARG VERSION=latest\nFROM busybox:$VERSION\n"
        #expect(try Self.plan(text).stages[0].base == Self.image("busybox:latest"))
        #expect(try Self.plan(text, args: ["VERSION": "1.36"]).stages[0].base == Self.image("busybox:1.36"))
        #expect(try Self.plan(text).stages[0].baseName == "busybox:latest")
    }

    @Test("a global ARG is visible in a stage only when re-declared there")
    func globalArgRedeclared() throws {
        let plan = try Self.plan("ARG VERSION=1\nFROM scratch\nENV A=${VERSION}\nARG VERSION\nENV B=${VERSION}\n",
                                 args: ["VERSION": "2"])
        var state = BuildStageState(image: Self.scratch, plan: plan, stage: 0)
        for instruction in plan.stages[0].instructions { _ = try state.evaluate(instruction) }
        #expect(state.image.config?.env == ["A=", "B=2"])
    }

    @Test("automatic platform ARGs are global")
    func platformArgs() throws {
        let plan = try Self.plan("FROM alpine:$TARGETARCH\nARG TARGETOS\nENV OS=$TARGETOS\n")
        #expect(plan.stages[0].base == Self.image("alpine:\(OCIPlatform.host.architecture)"))
        var state = BuildStageState(image: Self.scratch, plan: plan, stage: 0)
        for instruction in plan.stages[0].instructions { _ = try state.evaluate(instruction) }
        #expect(state.image.config?.env == ["OS=linux"])
    }

    @Test("stages: names are case-insensitive, FROM <stage>, COPY --from by name, index or image; needed stages for the target")
    func stages() throws {
        let text = """
            FROM busybox AS Builder
            RUN echo one
            FROM scratch AS unused
            COPY --from=0 /a /a
            FROM builder AS final
            COPY --from=BUILDER /x /x
            COPY --from=nginx:1 /etc/nginx /etc/nginx
            FROM scratch AS other
            COPY --from=unused /a /a
            """
        let plan = try Self.plan(text)
        #expect(plan.stages.map(\.name) == ["builder", "unused", "final", "other"])
        #expect(plan.stages[0].base == Self.image("busybox"))
        #expect(plan.stages[1].base == .scratch)
        #expect(plan.stages[2].base == .stage(0))
        #expect(plan.stages[1].copySources[4] == .stage(0))
        #expect(plan.stages[2].copySources[6] == .stage(0))
        #expect(plan.stages[2].copySources[7] == .image(ImageReference(registry: "docker.io", repository: "library/nginx", tag: "1", digest: nil)))
        #expect(plan.target == 3)
        #expect(plan.needed == [0, 1, 3])
        let final = try Self.plan(text, target: "FINAL")
        #expect(final.target == 2)
        #expect(final.needed == [0, 2])
    }

    @Test("plan errors name the file and line")
    func errors() {
        #expect(Self.message("RUN x\nFROM a") == "Dockerfile:1: no build stage in current context: RUN before the first FROM")
        #expect(Self.message("FROM a AS x\nFROM b AS X") == "Dockerfile:2: duplicate stage name \"x\"")
        #expect(Self.message("FROM a b") == "Dockerfile:1: FROM requires either one or three arguments")
        #expect(Self.message("FROM a AS 1x") == "Dockerfile:1: invalid name for build stage: \"1x\", name can't start with a number or contain symbols")
        #expect(Self.message("FROM a", target: "nope") == "Dockerfile: target stage \"nope\" could not be found")
        #expect(Self.message("FROM a\nCOPY --from=1 /a /b") == "Dockerfile:2: invalid from flag value 1: refers to the current or a later build stage")
        #expect(Self.message("FROM --platform=linux/s390x a")?.hasPrefix("Dockerfile:1: FROM --platform=linux/s390x: building for another platform") == true)
        #expect(Self.message("ARG X\n") == "Dockerfile: the Dockerfile has no FROM instruction")
    }

    @Test("build args nobody declares are reported; predefined proxy args are not")
    func unusedArgs() throws {
        let plan = try Self.plan("ARG A\nFROM scratch\nARG B\n", args: ["A": "1", "B": "2", "C": "3", "HTTP_PROXY": "p"])
        #expect(plan.warnings == ["[Warning] One or more build-args [C] were not consumed"])
    }

    static let scratch = OCIImageConfig(architecture: "amd64", os: "linux", history: [])
}
