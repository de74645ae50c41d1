import EngineEmbedded
import Foundation
import Testing

@Suite("Digests and OCI documents")
struct DigestTests {
    @Test("sha256 of bytes matches the known value; parsing is strict")
    func digest() throws {
        let digest = Digest.sha256(of: Array("hello".utf8))
        #expect(digest.description == "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(Digest(parsing: digest.description) == digest)
        #expect(Digest(parsing: "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824") == nil)
        #expect(Digest(parsing: "sha256:../../etc/passwd") == nil)
        #expect(Digest(parsing: "md5:0123") == nil)
        #expect(digest.shortHex == "2cf24dba5fb0")
    }

    @Test("an index picks the host's platform entry")
    func platformSelection() throws {
        let json = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "a", count: 64))","size":10,
          "platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
         {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\(String(repeating: "b", count: 64))","size":11,
          "platform":{"os":"linux","architecture":"amd64"}}]}
        """
        let index = try JSONDecoder().decode(OCIIndex.self, from: Data(json.utf8))
        #expect(index.manifest(for: OCIPlatform(os: "linux", architecture: "amd64"))?.size == 11)
        #expect(index.manifest(for: try #require(OCIPlatform(parsing: "linux/arm64")))?.size == 10)
        #expect(index.manifest(for: OCIPlatform(os: "linux", architecture: "s390x")) == nil)
    }

    @Test("an image config decodes Docker's capitalised runtime keys")
    func config() throws {
        let json = """
        {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"],"ExposedPorts":{"80/tcp":{}},
         "Labels":{"a":"b"}},"rootfs":{"type":"layers","diff_ids":["sha256:\(String(repeating: "c", count: 64))"]}}
        """
        let config = try JSONDecoder().decode(OCIImageConfig.self, from: Data(json.utf8))
        #expect(config.config?.cmd == ["sh"])
        #expect(config.config?.exposedPorts?.keys.sorted() == ["80/tcp"])
        #expect(config.rootfs.diffIDs.count == 1)
    }
}
