import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker event and build stream decoding")
struct DockerEventDecodingTests {
    static let stream = #"""
    {"status":"start","id":"c1","from":"busybox","Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"com.docker.compose.project":"p","name":"p-web-1","note":"a } in {\"text\""}},"scope":"local","time":1700000000,"timeNano":1700000000250000000}
    {"Type":"container","Action":"health_status: healthy","Actor":{"ID":"c1","Attributes":{"name":"p-web-1"}},"time":1700000001,"timeNano":1700000001000000000}
    {"Type":"network","Action":"connect","Actor":{"ID":"n1","Attributes":{"container":"c1","name":"p_default","type":"bridge"}},"time":1700000002,"timeNano":1700000002000000000}
    {"Type":"container","Action":"exec_create: sh -c true","Actor":{"ID":"c1","Attributes":{}},"time":1700000003}
    {"Type":"volume","Action":"destroy","Actor":{"ID":"p_data","Attributes":{"driver":"local"}},"time":1700000004,"timeNano":1700000004000000000}

    """#

    static func events(chunk size: Int) throws -> [EngineEvent] {
        let bytes = Array(stream.utf8)
        var splitter = DockerJSONStream()
        var events: [EngineEvent] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            for object in splitter.feed(bytes[start..<end]) {
                events.append(DockerEngine.event(try JSONDecoder().decode(DockerEventMessage.self, from: object)))
            }
            start = end
        }
        return events
    }

    @Test("objects split across chunks decode to the same events", arguments: [1, 2, 17, 64, 100_000])
    func chunks(size: Int) throws {
        #expect(try Self.events(chunk: size) == [
            EngineEvent(action: .start, subject: "c1", labels: ["com.docker.compose.project": "p", "name": "p-web-1", "note": #"a } in {"text""#],
                        time: 1_700_000_000.25),
            EngineEvent(action: .healthStatus, subject: "c1", labels: ["name": "p-web-1"], time: 1_700_000_001),
            EngineEvent(action: .networkConnect, subject: "n1", labels: ["container": "c1", "name": "p_default", "type": "bridge"],
                        time: 1_700_000_002),
            EngineEvent(action: .other, subject: "c1", labels: [:], time: 1_700_000_003),
            EngineEvent(action: .volumeDestroy, subject: "p_data", labels: ["driver": "local"], time: 1_700_000_004),
        ])
    }

    @Test("actions by object type", arguments: [
        ("container", "die", EngineEvent.Action.die), ("container", "rename", .rename), ("container", "oom", .other),
        ("container", "health_status: unhealthy", .healthStatus), ("network", "create", .networkCreate),
        ("network", "destroy", .networkDestroy), ("network", "disconnect", .networkDisconnect), ("network", "start", .other),
        ("volume", "create", .volumeCreate), ("volume", "mount", .other), ("image", "delete", .other),
    ])
    func actions(type: String, action: String, expected: EngineEvent.Action) {
        #expect(DockerEngine.event(DockerEventMessage(Type: type, Action: action)).action == expected)
    }

    @Test("events request: the project label filter and since")
    func request() {
        let request = DockerEngine.eventsRequest(project: "p", since: 1_700_000_000)
        #expect(request.target(version: "1.41")
            == "/v1.41/events?filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3Dp%22%5D%7D&since=1700000000.000000000")
        #expect(request.unbounded)
    }

    @Test("build output: stream texts become lines across messages and chunks; aux gives the id", arguments: [1, 9, 4096])
    func buildProgress(size: Int) {
        let body = #"""
        {"stream":"Step 1/2 : FROM scratch"}
        {"stream":"\n"}{"stream":" ---\u003e Running in 1\r\nline a\nline "}
        {"status":"Pulling fs layer","progressDetail":{},"id":"abc"}
        {"stream":"b\n"}
        {"aux":{"ID":"sha256:0123"}}
        {"stream":"Successfully built 0123\n"}
        {"stream":"tail"}
        """#
        var progress = DockerBuildProgress()
        var lines: [String] = []
        let bytes = Array(body.utf8)
        var start = 0
        while start < bytes.count {
            lines += progress.feed(bytes[start..<min(bytes.count, start + size)])
            start += size
        }
        lines += progress.finish()
        #expect(lines == ["Step 1/2 : FROM scratch", " ---> Running in 1", "line a", "abc: Pulling fs layer", "line b",
                          "Successfully built 0123", "tail"])
        #expect(progress.imageID == "sha256:0123")
        #expect(progress.builtID == "0123")
        #expect(progress.failure == nil)
    }

    @Test("build errors fail the build with the builder's message")
    func buildError() {
        var progress = DockerBuildProgress()
        _ = progress.feed(Array(#"{"stream":"Step 2/2 : RUN exit 3\n"}{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}"#.utf8))
        #expect(progress.failure == "The command '/bin/sh -c exit 3' returned a non-zero code: 3")
        let error = DockerBuildProgress.error(progress.failure ?? "")
        #expect(error.code == .internalError)
        #expect(error.resource == nil)
        #expect(DockerBuildProgress.error("dockerfile parse error line 1: unknown instruction: FORM").code == .invalidArgument)
    }
}
