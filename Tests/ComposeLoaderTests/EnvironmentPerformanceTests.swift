import ComposeLoader
import ComposeModel
import Foundation
import Testing

@Suite("Environment: performance")
struct EnvironmentPerformanceTests {
    typealias T = EnvironmentTrees

    @Test("interpolating 5,000 services stays linear")
    func fiveThousandServices() throws {
        var services = ComposeMapping()
        for index in 0..<5_000 {
            services["svc\(index)"] = T.map(index, [
                ("image", T.string("registry/app:${TAG:-latest}", index)),
                ("environment", T.map(index, [("A", T.string("x", index)), ("B", T.string("$${NOT}", index))])),
                ("ports", T.seq(index, [T.map(index, [("target", T.string("80", index)), ("published", T.string("8080", index))])])),
                ("command", T.seq(index, [T.string("run", index), T.string("--flag", index)])),
                ("cpus", T.string("0.5", index)),
            ])
        }
        let root = T.map(1, [("services", .mapping(services, at: T.at(1)))])
        let (result, warnings) = try Interpolator(environment: ["TAG": "1"]).interpolate(root)
        #expect(warnings.isEmpty)
        #expect(result["services"]?["svc4999"]?["image"] == .string("registry/app:1"))
        #expect(result["services"]?["svc4999"]?["cpus"] == ComposeNode(.double(0.5)))
    }
}
