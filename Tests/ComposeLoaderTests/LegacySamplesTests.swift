import Foundation
import Testing

/// The samples/ folder stays usable: each project has its README line, a compose file, and executable
/// scripts (checked here without an engine; each compose file was checked with docker compose v2.40.3).
@Suite("Samples layout")
struct LegacySamplesTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples")

    static let projects: [(folder: String, composeFile: String)] = [
        ("hello", "compose.yaml"),
        ("web-db-cache", "compose.yaml"),
        ("composition", "compose.yaml"),
        ("build", "compose.yaml"),
        ("legacy-fig", "fig.yml"),
    ]

    @Test("every sample folder is a listed project with a README and a compose file")
    func layout() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: Self.samples.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
            }
        #expect(Set(folders) == Set(Self.projects.map(\.folder)))
        let index = try String(contentsOf: Self.samples.appendingPathComponent("README.md"), encoding: .utf8)
        for (folder, composeFile) in Self.projects {
            let directory = Self.samples.appendingPathComponent(folder)
            #expect(index.contains("`\(folder)/`"))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path))
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(composeFile).path))
        }
    }

    @Test("scripts are executable", arguments: [
        "build/prepare-rootfs.sh", "hello/web/cgi-bin/api", "hello/app/cgi-bin/greeting",
    ])
    func executable(path: String) {
        #expect(FileManager.default.isExecutableFile(atPath: Self.samples.appendingPathComponent(path).path))
    }
}
