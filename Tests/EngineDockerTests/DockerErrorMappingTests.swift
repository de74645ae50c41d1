import EngineAPI
@testable import EngineDocker
import Foundation
import Testing

@Suite("Docker error mapping")
struct DockerErrorMappingTests {
    static func response(_ status: Int, _ body: String) -> DockerResponse {
        DockerResponse(status: status, headers: [:], body: Data(body.utf8))
    }

    @Test("status codes become engine error codes", arguments: [
        (404, EngineError.Code.notFound), (409, .conflict), (400, .invalidArgument), (500, .internalError),
        (503, .unavailable), (501, .unsupported), (403, .internalError),
    ])
    func codes(status: Int, code: EngineError.Code) {
        let error = DockerErrorMapping.error(for: Self.response(status, #"{"message":"no"}"#), request: DockerRequest("GET", "/x"), resource: nil)
        #expect(error.code == code)
    }

    @Test("the daemon's message is kept, with the resource and the HTTP status as cause")
    func message() {
        let error = DockerErrorMapping.error(
            for: Self.response(409, #"{"message":"Conflict. The container name \"/p-web-1\" is already in use"}"#),
            request: DockerRequest("POST", "/containers/create"), resource: .container(service: "web", number: 1))
        #expect(error.description == #"service:web:1: Conflict. The container name "/p-web-1" is already in use: HTTP 409 on POST /containers/create"#)
    }

    @Test("a 403 on network removal (active endpoints) is a conflict")
    func forbiddenNetworkRemoval() {
        let error = DockerErrorMapping.error(
            for: Self.response(403, #"{"message":"error while removing network: network p_busy id 1a has active endpoints"}"#),
            request: DockerRequest("DELETE", "/networks/p_busy"), resource: ResourceID(.network, "p_busy"), overrides: [403: .conflict])
        #expect(error.code == .conflict)
        #expect(error.message == "error while removing network: network p_busy id 1a has active endpoints")
    }

    @Test("a body without a message is used as text, an empty one names the call")
    func bodies() {
        let plain = DockerErrorMapping.error(for: Self.response(500, "page not found\n"), request: DockerRequest("GET", "/x"), resource: nil)
        #expect(plain.message == "page not found")
        let empty = DockerErrorMapping.error(for: Self.response(500, ""), request: DockerRequest("GET", "/x"), resource: nil)
        #expect(empty.message == "GET /x failed with HTTP 500")
    }

    @Test("a pull's progress stream reports its first error line")
    func pullFailure() {
        let stream = #"""
        {"status":"Pulling from library/nope"}
        {"errorDetail":{"message":"manifest for nope:1 not found"},"error":"manifest for nope:1 not found"}
        """#
        #expect(DockerEngine.pullFailure(in: Data(stream.utf8)) == "manifest for nope:1 not found")
        #expect(DockerEngine.pullFailure(in: Data(#"{"status":"Downloaded newer image for busybox:1"}"#.utf8)) == nil)
    }
}

@Suite("Docker error mapping of dockerd 20.10's state errors")
struct DockerStateErrorTests {
    @Test("a 500 about the container's state is a conflict, other 500s stay internal", arguments: [
        (#"{"message":"Container 71ab is not paused"}"#, EngineError.Code.conflict),
        (#"{"message":"Container 71ab is already paused"}"#, .conflict),
        (#"{"message":"Container 71ab is not running"}"#, .conflict),
        (#"{"message":"failed to create task: oci runtime error"}"#, .internalError),
    ])
    func stateErrors(body: String, code: EngineError.Code) {
        let error = DockerErrorMapping.error(for: DockerResponse(status: 500, headers: [:], body: Data(body.utf8)),
                                             request: DockerRequest("POST", "/containers/71ab/unpause"), resource: nil)
        #expect(error.code == code)
    }
}
