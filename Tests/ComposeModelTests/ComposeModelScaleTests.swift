import ComposeModel
import Foundation
import Testing

@Suite("ComposeModel scale")
struct ComposeModelScaleTests {
    @Test("5,000 services decode and encode in linear time")
    func fiveThousandServices() throws {
        let template = try CorpusSupport.expectedDocument("cases/ac-nginx-golang-mysql")
        let db = try #require(template["services"]?["db"])
        var services = ComposeMapping()
        for index in (0..<5_000).reversed() {
            var service = db
            service["image"] = .string("image-\(index)")
            services[String(format: "svc%05d", index)] = service
        }
        var document = template
        document["services"] = .mapping(services)

        let start = Date()
        let project = try ComposeProject(document: document)
        let encoded = project.document
        let elapsed = Date().timeIntervalSince(start)

        #expect(project.services.count == 5_000)
        #expect(project.services.keys.first == "svc00000")
        #expect(project.services["svc04999"]?.image == "image-4999")
        #expect(encoded == document)
        // Generous bound for a debug build on a shared machine; quadratic work would take far longer.
        #expect(elapsed < 20)
    }
}
