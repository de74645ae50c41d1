@testable import EngineEmbedded
import EngineAPI
import Foundation
import Testing

@Suite("Registry client: challenges, credentials, hosts, errors")
struct RegistryUnitTests {
    @Test("a Bearer challenge yields realm, service and scope")
    func bearerChallenge() {
        let challenges = AuthChallenge.parse(
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull""#)
        #expect(challenges == [AuthChallenge(scheme: .bearer, parameters: [
            "realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/nginx:pull",
        ])])
    }

    @Test("several challenges in one header, quoted commas, escapes and bare values are kept apart")
    func severalChallenges() {
        let challenges = AuthChallenge.parse(#"Basic realm="Registry Realm", Bearer realm="http://h/t?a=1",scope="repository:a/b:pull,push", error=invalid_token, Foo x="a\"b""#)
        #expect(challenges.count == 3)
        #expect(challenges[0] == AuthChallenge(scheme: .basic, parameters: ["realm": "Registry Realm"]))
        #expect(challenges[1] == AuthChallenge(scheme: .bearer, parameters: [
            "realm": "http://h/t?a=1", "scope": "repository:a/b:pull,push", "error": "invalid_token",
        ]))
        #expect(challenges[2] == AuthChallenge(scheme: .other("Foo"), parameters: ["x": #"a"b"#]))
        #expect(AuthChallenge.parse(["basic realm=x", "BEARER realm=y"]).map(\.scheme) == [.basic, .bearer])
        #expect(AuthChallenge.parse("").isEmpty)
    }

    @Test("credentials: auth base64 or username/password, keys by host or URL, Docker Hub's index key")
    func credentialsLookup() throws {
        let config = """
        {"auths":{
          "https://index.docker.io/v1/":{"auth":"\(Data("hubuser:hub:pass".utf8).base64EncodedString())"},
          "https://reg.example.com/v1/":{"auth":"\(Data("alice:secret".utf8).base64EncodedString())"},
          "127.0.0.1:5000":{"username":"bob","password":"pw"},
          "empty.example.com":{}
        }}
        """
        let credentials = try RegistryCredentials.parse(Data(config.utf8))
        #expect(credentials.lookup(registry: "docker.io") == .basic(username: "hubuser", password: "hub:pass"))
        #expect(credentials.lookup(registry: "reg.example.com") == .basic(username: "alice", password: "secret"))
        #expect(credentials.lookup(registry: "127.0.0.1:5000") == .basic(username: "bob", password: "pw"))
        #expect(credentials.lookup(registry: "127.0.0.1:5001") == .none)
        #expect(credentials.lookup(registry: "empty.example.com") == .none)
    }

    @Test("credential helpers are reported for the registries they cover")
    func credentialHelpers() throws {
        let config = #"{"auths":{"a.example.com":{"auth":"dTpw"}},"credsStore":"desktop","credHelpers":{"gcr.io":"gcloud"}}"#
        let credentials = try RegistryCredentials.parse(Data(config.utf8))
        #expect(credentials.lookup(registry: "gcr.io") == .helper("gcloud"))
        #expect(credentials.lookup(registry: "a.example.com") == .basic(username: "u", password: "p"))
        #expect(credentials.lookup(registry: "b.example.com") == .helper("desktop"))
        #expect(throws: EngineError.self) { try RegistryCredentials.parse(Data(#"{"auths":{"x":{"auth":"bm9jb2xvbg=="}}}"#.utf8)) }
    }

    @Test("DOCKER_CONFIG names the directory of config.json; a missing file means no credentials")
    func dockerConfigEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regcreds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(#"{"auths":{"h:1":{"username":"u","password":"p"}}}"#.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
        let found = try RegistryCredentials.fromEnvironment(["DOCKER_CONFIG": directory, "HOME": "/nonexistent"])
        #expect(found.lookup(registry: "h:1") == .basic(username: "u", password: "p"))
        let none = try RegistryCredentials.fromEnvironment(["HOME": directory + "/nothing-here"])
        #expect(none == RegistryCredentials())
    }

    @Test("hosts: Docker Hub maps to registry-1, HTTPS by default, HTTP for loopback and configured registries")
    func hosts() {
        let hosts = RegistryHosts(insecure: ["myreg.local:5000", " plain.example.com "])
        #expect(hosts.endpoint(for: "docker.io") == RegistryEndpoint(registry: "docker.io", host: "registry-1.docker.io", scheme: "https"))
        #expect(hosts.endpoint(for: "ghcr.io").baseURL == "https://ghcr.io")
        #expect(hosts.endpoint(for: "localhost:5000").baseURL == "http://localhost:5000")
        #expect(hosts.endpoint(for: "127.0.0.1:5000").baseURL == "http://127.0.0.1:5000")
        #expect(hosts.endpoint(for: "127.3.2.1").scheme == "http")
        #expect(hosts.endpoint(for: "[::1]:5000").scheme == "http")
        #expect(hosts.endpoint(for: "128.0.0.1:5000").scheme == "https")
        #expect(hosts.endpoint(for: "127.example.com").scheme == "https")
        #expect(hosts.endpoint(for: "myreg.local:5000").scheme == "http")
        #expect(hosts.endpoint(for: "myreg.local:5001").scheme == "https")
        #expect(hosts.endpoint(for: "plain.example.com:8080").scheme == "http")
        let fromEnvironment = RegistryHosts.fromEnvironment(["SWIFT_COMPOSE_INSECURE_REGISTRIES": "a.test:1,b.test"])
        #expect(fromEnvironment.insecure == ["a.test:1", "b.test"])
        #expect(RegistryHosts.fromEnvironment([:]).insecure.isEmpty)
    }

    @Test("the Accept header lists every index and manifest type, OCI first")
    func acceptHeader() {
        #expect(RegistryClient.acceptHeader(OCIMediaType.acceptedManifests) == "application/vnd.oci.image.index.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json")
    }

    @Test("registry JSON errors surface their codes; statuses map to error codes")
    func errorDecoding() {
        let body = Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"9"}}]}"#.utf8)
        #expect(RegistryErrorBody.decode(body)?.summary == "MANIFEST_UNKNOWN: manifest unknown")
        let error = EngineError.registry(status: 404, body: body, operation: "pull 127.0.0.1:5000/a/b:9", object: "manifest 9")
        #expect(error.code == .notFound)
        #expect(error.message == "pull 127.0.0.1:5000/a/b:9: manifest 9: MANIFEST_UNKNOWN: manifest unknown")
        let denied = EngineError.registry(status: 401, body: Array(#"{"errors":[{"code":"UNAUTHORIZED"}]}"#.utf8),
                                          operation: "r", object: "blob x")
        #expect(denied.code.rawValue == "unauthorized")
        #expect(denied.message == "r: blob x: UNAUTHORIZED")
        let html = EngineError.registry(status: 502, body: Array("<html>bad gateway</html>".utf8), operation: "r", object: "o")
        #expect(html.code == .unavailable)
        #expect(html.message == "r: o: HTTP 502: <html>bad gateway</html>")
        #expect(RegistryErrorBody.decode(Array("{}".utf8)) == nil)
    }

    @Test("manifest media type: header unless generic, else the body's, else its shape")
    func mediaTypeSniffing() {
        #expect(RegistryClient.mediaType(header: "application/vnd.oci.image.manifest.v1+json; charset=utf-8", body: []) == OCIMediaType.ociManifest)
        #expect(RegistryClient.mediaType(header: "application/json", body: Array(#"{"schemaVersion":2,"manifests":[]}"#.utf8))
            == OCIMediaType.ociIndex)
        #expect(RegistryClient.mediaType(header: nil, body: Array(#"{"schemaVersion":1,"name":"x"}"#.utf8)) == OCIMediaType.dockerSchema1Signed)
        #expect(RegistryClient.mediaType(header: "text/plain", body: Array(#"{"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}"#.utf8))
            == OCIMediaType.dockerManifest)
        let schema1 = RegistryManifest(bytes: [], mediaType: "application/vnd.docker.distribution.manifest.v1+json",
                                       digest: Digest.sha256(of: [UInt8]()))
        #expect(schema1.isSchema1)
    }

    @Test("redirects resolve relative locations; Authorization goes only to the same origin")
    func redirects() {
        #expect(RegistryClient.resolve("/v2/a/blobs/uploads/u?_state=x", against: "http://127.0.0.1:5000/v2/a/blobs/uploads/")
            == "http://127.0.0.1:5000/v2/a/blobs/uploads/u?_state=x")
        #expect(RegistryClient.resolve("https://cdn.example.com/b?sig=1", against: "https://r.example.com/v2/x")
            == "https://cdn.example.com/b?sig=1")
        #expect(RegistryClient.sameOrigin("http://127.0.0.1:5000/v2/x", "http://127.0.0.1:5000"))
        #expect(!RegistryClient.sameOrigin("http://127.0.0.1:5001/v2/x", "http://127.0.0.1:5000"))
        #expect(!RegistryClient.sameOrigin("https://cdn.example.com/b", "https://r.example.com"))
        #expect(RegistryClient.rangeStart("bytes 1000-1999/2000") == 1000)
        #expect(RegistryClient.rangeStart("items 1-2/3") == nil)
    }

    @Test("retry delays double up to the cap; attempts are at least one")
    func retryPolicy() {
        let policy = RegistryRetryPolicy(maxAttempts: 0, baseDelay: .milliseconds(100), maxDelay: .milliseconds(350))
        #expect(policy.maxAttempts == 1)
        #expect([1, 2, 3, 4].map { policy.delay(after: $0) }
            == [.milliseconds(100), .milliseconds(200), .milliseconds(350), .milliseconds(350)])
    }

    @Test("a bearer token scope names the repository and the actions")
    func scopes() throws {
        let repository = RegistryRepository(try #require(ImageReference(parsing: "127.0.0.1:5000/test/bb:1")))
        #expect(RegistryRequest.scope(repository, push: false) == "repository:test/bb:pull")
        #expect(RegistryRequest.scope(repository, push: true) == "repository:test/bb:pull,push")
        #expect(RegistryClient.queryEncode("repository:test/bb:pull,push") == "repository:test/bb:pull,push")
        #expect(RegistryClient.queryEncode("a b&c") == "a%20b%26c")
    }

    @Test("a schema 1 manifest is refused with a clear error")
    func schema1Refused() {
        let manifest = RegistryManifest(bytes: [], mediaType: OCIMediaType.dockerSchema1Signed,
                                        digest: Digest.sha256(of: Array("x".utf8)))
        let error = #expect(throws: EngineError.self) { try ImagePuller.refuseSchema1(manifest) }
        #expect(error?.code == .unsupported)
        #expect(error?.message.hasPrefix("manifest \(manifest.digest) is Docker schema 1 (\(OCIMediaType.dockerSchema1Signed)), which is not supported") == true)
    }
}
