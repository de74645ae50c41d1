import EngineAPI
import Reconciler
import Testing

@Suite("Desired state: field digests")
struct DesiredDigestTests {
    static let base = """
    name: app
    services:
      web:
        image: nginx:1.27
        environment: {A: "1", B: "2"}
        labels: {team: web}
        ports: ["80:80"]
      worker:
        image: busybox
        command: ["sleep", "1d"]
    """

    @Test("the same input gives the same digests, run after run")
    func stable() throws {
        let first = try DesiredFixture.build(Self.base)
        let second = try DesiredFixture.build(Self.base)
        #expect(first == second)
        let web = try #require(first.service("web")?.containers.first)
        #expect(web.spec.labels["com.docker.compose.config-hash"] == web.digests.combined)
    }

    @Test("the digest of a fixed spec never changes (a changed value here recreates every container)")
    func pinned() throws {
        let project = try DesiredFixture.build(Self.base)
        let worker = try #require(project.service("worker")?.containers.first)
        #expect(worker.digests.groups["command"] == "8fbecc769c3ec246")
        #expect(worker.digests.groups["image"] == "c27c3d690bc77aa8")
        #expect(worker.digests.groups["environment"] == "e3b0c44298fc1c14")
        #expect(worker.digests.combined == "2be48e4f2a13cf6c7fdd7444769f78d97616507da2095909c8e99b484456ece8")
    }

    @Test("changing one field changes only its group (an environment variable: only `environment`)", arguments: [
        ("A: \"1\"", "A: \"9\"", "environment"),
        ("image: nginx:1.27", "image: nginx:1.28", "image"),
        ("team: web", "team: edge", "labels"),
        ("\"80:80\"", "\"8080:80\"", "ports"),
    ])
    func oneGroup(before: String, after: String, group: String) throws {
        let original = try DesiredFixture.build(Self.base)
        let changed = try DesiredFixture.build(Self.base.replacingOccurrences(of: before, with: after))
        let old = try #require(original.service("web")?.containers.first?.digests)
        let new = try #require(changed.service("web")?.containers.first?.digests)
        let differing = old.groups.keys.filter { old.groups[$0] != new.groups[$0] }.sorted()
        #expect(differing == [group])
        #expect(old.combined != new.combined)
        #expect(original.service("worker") == changed.service("worker"))
    }

    @Test("ownership labels are not digested: another working directory or version keeps the digests")
    func ownershipNotDigested() throws {
        let (model, loaded) = try DesiredFixture.load(Self.base)
        func digests(_ directory: String, _ version: String) throws -> FieldDigests? {
            let context = DesiredProjectContext(workingDirectory: directory, configFiles: loaded.composeFiles, version: version)
            return try DesiredStateBuilder(context: context).build(model).service("web")?.containers.first?.digests
        }
        #expect(try digests("/a", "1.0.0") == digests("/b", "2.0.0"))
    }

    @Test("map order in the input does not matter")
    func mapOrder() throws {
        let reordered = Self.base.replacingOccurrences(of: "{A: \"1\", B: \"2\"}", with: "{B: \"2\", A: \"1\"}")
        #expect(try DesiredFixture.build(Self.base) == DesiredFixture.build(reordered))
    }
}

@Suite("Image ids set after building")
struct DesiredImageIDTests {
    @Test("withImageIDs equals building with the ids: only the image label differs")
    func sameAsBuilding() throws {
        let yaml = """
            services:
              web: {image: nginx, scale: 2}
              db: {image: postgres}
            """
        let ids = ["web": "sha256:web", "db": "sha256:db"]
        let built = try DesiredFixture.build(yaml, options: DesiredStateOptions(imageIDs: ids))
        let patched = try DesiredFixture.build(yaml).withImageIDs(ids)
        #expect(patched == built)
        #expect(patched.services.flatMap(\.containers).compactMap { $0.spec.labels[OwnershipLabels.imageDigest] }.sorted()
            == ["sha256:db", "sha256:web", "sha256:web"])
    }
}
