import EngineAPI
import Testing

@Suite("Image references")
struct ImageReferenceTests {
    @Test("normalises like docker", arguments: [
        ("nginx", "docker.io/library/nginx:latest"),
        ("nginx:1.27", "docker.io/library/nginx:1.27"),
        ("user/app", "docker.io/user/app:latest"),
        ("localhost:5000/app:v1", "localhost:5000/app:v1"),
        ("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app:latest"),
        ("ghcr.io/o/r@sha256:abc", "ghcr.io/o/r@sha256:abc"),
        ("ghcr.io/o/r:1@sha256:abc", "ghcr.io/o/r:1@sha256:abc"),
    ])
    func normalise(text: String, expected: String) throws {
        let reference = try #require(ImageReference(parsing: text))
        #expect(reference.description == expected)
    }

    @Test("refuses malformed references", arguments: ["", "a b", "Upper/case", "x:", "@sha256:abc", "x@nodigest"])
    func refuse(text: String) {
        #expect(ImageReference(parsing: text) == nil)
    }
}

@Suite("Resource ids")
struct ResourceIDTests {
    @Test("render as kind:name[:number]")
    func rendering() {
        #expect(ResourceID.container(service: "web", number: 2).description == "service:web:2")
        #expect(ResourceID(.network, "backend").description == "network:backend")
        #expect(ResourceID(.network, "a") < ResourceID(.service, "a", number: 1))
    }
}
