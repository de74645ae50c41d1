import ComposeLoader
import ComposeModel
import Testing

@Suite("Legacy detection")
struct LegacyDetectionTests {
    private static func service(_ pairs: [(String, ComposeNode)]) -> ComposeNode {
        .mapping(ComposeMapping(pairs))
    }

    private static let web = service([("image", .string("nginx"))])

    @Test("recognises the version-1 shape", arguments: [
        ComposeMapping([("web", web)]),
        ComposeMapping([("web", web), ("db", service([("image", .string("postgres")), ("net", .string("host"))]))]),
        // A version-1 override file: services without image or build.
        ComposeMapping([("web", service([("environment", .sequence([.string("A=1")]))]))]),
        ComposeMapping([("x-common", .mapping(ComposeMapping([("image", .string("x"))]))), ("web", web)]),
        // One unknown attribute among version-1 ones is still a version-1 file (reported by convert).
        ComposeMapping([("web", service([("image", .string("nginx")), ("depends_on", .sequence([]))]))]),
    ])
    func legacy(document: ComposeMapping) {
        #expect(LegacyConverter.isLegacy(.mapping(document)))
    }

    @Test("rejects everything else", arguments: [
        ComposeMapping(),
        ComposeMapping([("services", .mapping(ComposeMapping([("web", web)])))]),
        ComposeMapping([("services", .null())]),
        ComposeMapping([("version", .string("2")), ("services", .mapping(ComposeMapping([("web", web)])))]),
        // version written without services: not version 1 (v1 files had no version).
        ComposeMapping([("version", .string("1")), ("web", web)]),
        ComposeMapping([("version", .string("3.8")), ("networks", .mapping(ComposeMapping([("front", .null())])))]),
        ComposeMapping([("include", .sequence([.string("other.yaml")]))]),
        ComposeMapping([("name", .string("demo")), ("web", web)]),
        ComposeMapping([("volumes", .mapping(ComposeMapping([("data", .null())]))), ("web", web)]),
        ComposeMapping([("x-only", .mapping(ComposeMapping([("image", .string("x"))])))]),
        // A misspelt `services`: its entries are services, not service attributes.
        ComposeMapping([("servics", .mapping(ComposeMapping([("web", web)])))]),
        ComposeMapping([("web", .null())]),
        ComposeMapping([("web", .string("nginx"))]),
        ComposeMapping([("web", .mapping(ComposeMapping()))]),
        ComposeMapping([("web", service([("foo", .int(1))]))]),
        ComposeMapping([("web", web), ("db", .sequence([]))]),
    ])
    func notLegacy(document: ComposeMapping) {
        #expect(!LegacyConverter.isLegacy(.mapping(document)))
    }

    @Test("a document that is not a mapping is not version 1", arguments: [
        ComposeNode.null(), .string("web"), .sequence([web]), .int(1),
    ])
    func notMapping(document: ComposeNode) {
        #expect(!LegacyConverter.isLegacy(document))
    }

    @Test("convert leaves other documents alone, without diagnostics")
    func convertIgnoresModern() throws {
        let modern = ComposeNode.mapping(ComposeMapping([("services", .mapping(ComposeMapping([("web", Self.web)])))]))
        let (converted, diagnostics) = try LegacyConverter.convert(modern, file: "compose.yaml")
        #expect(converted == modern)
        #expect(diagnostics.isEmpty)
    }
}
