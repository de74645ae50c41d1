@testable import ComposeCommands
import EngineAPI
import Foundation
import Testing

@Suite("compose images output")
struct OutputImagesFormatterTests {
    static let now = Date(timeIntervalSince1970: 1_764_400_000)  // 2025-11-29T07:06:40Z

    static let entries = [
        ImagesFormatter.Entry(container: "demo-web-1", image: "127.0.0.1:5000/team/web:2",
                              details: ImageDetails(id: "sha256:" + String(repeating: "b", count: 64), references: [],
                                                    os: "linux", architecture: "arm64", variant: "v8", size: 12_345_678,
                                                    created: "2025-11-27T07:06:40Z")),
        ImagesFormatter.Entry(container: "demo-db-1", image: "busybox",
                              details: ImageDetails(id: "sha256:" + String(repeating: "a", count: 64), references: [],
                                                    os: "linux", architecture: "amd64", size: 1_500, created: nil)),
        ImagesFormatter.Entry(container: "demo-db-2", image: "sha256:" + String(repeating: "a", count: 64),
                              details: ImageDetails(id: "sha256:" + String(repeating: "a", count: 64), references: [],
                                                    os: "linux", architecture: "amd64", size: 1_500,
                                                    created: "2025-11-29T06:06:40.123456789Z")),
    ]

    @Test("the table: containers sorted, familiar repository names, <none> for an id, docker's sizes and ages")
    func table() {
        let text = ImagesFormatter(now: Self.now).table(Self.entries)
        let a12 = String(repeating: "a", count: 12)
        let b12 = String(repeating: "b", count: 12)
        #expect(text == """
        CONTAINER           REPOSITORY                TAG                 PLATFORM            IMAGE ID            SIZE                CREATED
        demo-db-1           busybox                   latest              linux/amd64         \(a12)        1.5kB               N/A
        demo-db-2           <none>                    <none>              linux/amd64         \(a12)        1.5kB               59 minutes ago
        demo-web-1          127.0.0.1:5000/team/web   2                   linux/arm64/v8      \(b12)        12.3MB              2 days ago

        """)
    }

    @Test("--format json: docker compose's field names; -q: each id once without its algorithm")
    func jsonAndQuiet() {
        let json = ImagesFormatter(now: Self.now).json([Self.entries[1]])
        #expect(json == "[{\"ID\":\"sha256:\(String(repeating: "a", count: 64))\",\"ContainerName\":\"demo-db-1\",\"Repository\":\"busybox\","
                + "\"Tag\":\"latest\",\"Platform\":\"linux/amd64\",\"Size\":1500,\"LastTagTime\":\"0001-01-01T00:00:00Z\"}]\n")
        #expect(ImagesFormatter.quiet(Self.entries) == String(repeating: "a", count: 64) + "\n" + String(repeating: "b", count: 64) + "\n")
    }
}
