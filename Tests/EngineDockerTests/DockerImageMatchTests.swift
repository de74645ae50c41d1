@testable import EngineDocker
import Testing

@Suite("Image ids from one image list")
struct DockerImageMatchTests {
    static let images = [
        DockerImageSummary(Id: "sha256:busybox", RepoTags: ["busybox:latest", "busybox:1"], RepoDigests: ["busybox@sha256:aaa"]),
        DockerImageSummary(Id: "sha256:local", RepoTags: ["localhost:5000/team/app:2"], RepoDigests: nil),
        DockerImageSummary(Id: "sha256:untagged", RepoTags: nil, RepoDigests: ["nginx@sha256:bbb"]),
    ]

    @Test("references match tags and digests in canonical form; absent ones are left out")
    func match() {
        let found = DockerEngine.match(["busybox", "docker.io/library/busybox:1", "localhost:5000/team/app:2",
                                        "nginx@sha256:bbb", "nginx:1.27@sha256:bbb", "busybox:2", "redis"], in: Self.images)
        #expect(found == [
            "busybox": "sha256:busybox",
            "docker.io/library/busybox:1": "sha256:busybox",
            "localhost:5000/team/app:2": "sha256:local",
            "nginx@sha256:bbb": "sha256:untagged",
            "nginx:1.27@sha256:bbb": "sha256:untagged",
        ])
    }
}
