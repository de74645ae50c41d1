import ComposeLoader
import ComposeModel
import Testing

/// Writes a large, realistic compose file: an `x-common` block merged into every service.
enum ComposeGenerator {
    static func services(_ count: Int) -> String {
        var text = """
        x-common: &common
          restart: unless-stopped
          logging:
            driver: json-file
            options: {max-size: "10m", max-file: "3"}
          environment: &env
            TZ: UTC
            LOG_LEVEL: info
          labels:
            - "com.example.team=core"
        services:

        """
        text.reserveCapacity(count * 220)
        for index in 0..<count {
            text += """
              svc\(index):
                <<: *common
                image: "registry.example.com/app/svc\(index):1.\(index % 10)"
                ports:
                  - "\(10_000 + index):80"
                environment:
                  <<: *env
                  INDEX: \(index)
                depends_on: [svc\(max(index - 1, 0))]
                healthcheck:
                  test: ["CMD", "curl", "-f", "http://localhost/"]
                  interval: 30s

            """
        }
        return text
    }
}

@Suite("YAML performance")
struct YAMLPerformanceTests {
    @Test("a 5,000-service file with a merged x-common block composes whole (its speed is measured by make bench)")
    func fiveThousand() throws {
        let text = ComposeGenerator.services(5_000)
        let root = try composeOne(text)
        let services = try #require(root["services"]?.mapping)
        #expect(services.count == 5_000)
        let last = try #require(services["svc4999"])
        #expect(last["restart"] == .string("unless-stopped"))
        #expect(last["environment"]?["INDEX"] == .int(4999))
        #expect(last["environment"]?["TZ"] == .string("UTC"))
        #expect(last["logging"]?["options"]?["max-size"] == .string("10m"))
        #expect(last.mapping?.keyLocation("ports")?.line == 11 + 4_999 * 12 + 4)
    }
}
