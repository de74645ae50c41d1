import ComposeModel
import Testing

@Suite("ComposeService queries")
struct ComposeServiceQueryTests {
    @Test("effective scale prefers scale, then deploy.replicas, then 1")
    func effectiveScale() {
        var service = ComposeService(name: "web")
        #expect(service.effectiveScale == 1)
        var deploy = ComposeDeploy()
        deploy.replicas = 3
        service.deploy = deploy
        #expect(service.effectiveScale == 3)
        service.scale = 0
        #expect(service.effectiveScale == 0)
    }

    @Test("networks are ordered by priority, then name; dependencies by name")
    func ordering() {
        var service = ComposeService(name: "web")
        var high = ComposeServiceNetwork()
        high.priority = 10
        service.networks = ["b": nil, "a": nil, "z": high]
        #expect(service.networksByPriority == ["z", "a", "b"])
        service.dependsOn = ["db": ComposeDependency(condition: .healthy), "cache": ComposeDependency()]
        #expect(service.dependencyNames == ["cache", "db"])
    }

    @Test("a health check is disabled by disable: true or NONE")
    func healthcheckDisabled() {
        var check = ComposeHealthcheck()
        #expect(!check.isDisabled)
        check.test = ["NONE"]
        #expect(check.isDisabled)
        check.test = ["CMD", "true"]
        check.disable = true
        #expect(check.isDisabled)
    }
}
