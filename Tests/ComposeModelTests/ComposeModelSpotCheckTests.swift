import ComposeModel
import Testing

/// Exact values decoded from chosen corpus cases.
@Suite("ComposeModel spot checks")
struct ComposeModelSpotCheckTests {
    private func project(_ name: String) throws -> ComposeProject {
        try ComposeProject(document: CorpusSupport.expectedDocument("cases/" + name))
    }

    private func service(_ caseName: String, _ serviceName: String) throws -> ComposeService {
        try #require(try project(caseName).services[serviceName])
    }

    @Test("ports, volumes, depends_on, healthcheck, secrets and build of ac-nginx-golang-mysql")
    func nginxGolangMysql() throws {
        let project = try project("ac-nginx-golang-mysql")
        #expect(Array(project.services.keys) == ["backend", "db", "proxy"])
        #expect(project.volumes["db-data"]?.name == "corpus_db-data")
        #expect(project.networks["default"]?.name == "corpus_default")
        #expect(project.networks["default"]?.ipam == ComposeNetwork.IPAM())
        #expect(project.secrets["db-password"]?.file == "/__CORPUS__/cases/ac-nginx-golang-mysql/db/password.txt")

        let proxy = try #require(project.services["proxy"])
        #expect(proxy.command == nil)
        #expect(proxy.image == "nginx")
        #expect(proxy.ports.count == 1)
        #expect(proxy.ports.first?.mode == .ingress)
        #expect(proxy.ports.first?.target == 80)
        #expect(proxy.ports.first?.published == "80")
        #expect(proxy.ports.first?.portProtocol == .tcp)
        #expect(proxy.ports.first?.hostIP == nil)
        #expect(proxy.dependsOn == ["backend": ComposeDependency(condition: .started, required: true)])
        #expect(proxy.networks.count == 1)
        #expect(proxy.networks["default"] == .some(nil))
        let bind = try #require(proxy.volumes.first)
        #expect(bind.type == .bind)
        #expect(bind.source == "/__CORPUS__/cases/ac-nginx-golang-mysql/proxy/nginx.conf")
        #expect(bind.target == "/etc/nginx/conf.d/default.conf")
        #expect(bind.readOnly == true)
        #expect(bind.bind == nil)

        let db = try #require(project.services["db"])
        #expect(db.command == ["--default-authentication-plugin=mysql_native_password"])
        #expect(db.restart == .always)
        #expect(db.expose == ["3306"])
        #expect(db.environment["MYSQL_DATABASE"] == .some("example"))
        #expect(db.volumes.first?.type == .volume)
        #expect(db.volumes.first?.volume == ComposeServiceVolume.Volume())
        #expect(db.healthcheck?.test.first == "CMD-SHELL")
        #expect(db.healthcheck?.interval == .seconds(3))
        #expect(db.healthcheck?.startPeriod == .seconds(30))
        #expect(db.healthcheck?.retries == 5)
        #expect(db.healthcheck?.timeout == nil)
        #expect(db.secrets.map(\.source) == ["db-password"])
        #expect(db.secrets.first?.target == "/run/secrets/db-password")

        let backend = try #require(project.services["backend"])
        #expect(backend.build?.context == "/__CORPUS__/cases/ac-nginx-golang-mysql/backend")
        #expect(backend.build?.dockerfile == "Dockerfile")
        #expect(backend.build?.target == "builder")
        #expect(backend.dependsOn["db"]?.condition == .healthy)
        #expect(backend.image == nil)
    }

    @Test("deploy update and rollback config with durations and ratios")
    func deployUpdateConfig() throws {
        let deploy = try #require(try service("cgo-unit-deployupdaterollbackconfig", "foo").deploy)
        var expected = ComposeDeploy.UpdateConfig()
        expected.parallelism = 3
        expected.delay = .seconds(10)
        expected.failureAction = "continue"
        expected.monitor = .seconds(60)
        expected.maxFailureRatio = 0.3
        expected.order = "start-first"
        #expect(deploy.updateConfig == expected)
        #expect(deploy.rollbackConfig == expected)
        #expect(deploy.resources == ComposeDeploy.Resources())
        #expect(deploy.placement == ComposeDeploy.Placement())
        #expect(deploy.updateConfig?.monitor?.description == "1m0s")
    }

    @Test("deploy resources with byte sizes, cpus and generic resources")
    func deployResources() throws {
        let resources = try #require(try service("cgo-unit-deployresources", "foo").deploy?.resources)
        #expect(resources.limits?.cpus == 0.001)
        #expect(resources.limits?.memory == ComposeByteSize(bytes: 52_428_800))
        #expect(resources.reservations?.cpus == 0.0001)
        #expect(resources.reservations?.memory == ComposeByteSize(bytes: 20_971_520))
        #expect(resources.reservations?.genericResources.map { $0.discreteResourceSpec?.kind } == ["gpu", "ssd"])
        #expect(resources.reservations?.genericResources.map { $0.discreteResourceSpec?.value } == [2, 1])
    }

    @Test("deploy restart policy durations")
    func deployRestartPolicy() throws {
        let policy = try #require(try service("cgo-unit-deployrestartpolicy", "foo").deploy?.restartPolicy)
        #expect(policy.condition == "on-failure")
        #expect(policy.delay == .seconds(5))
        #expect(policy.maxAttempts == 3)
        #expect(policy.window == .seconds(120))
    }

    @Test("memory fields are byte sizes")
    func memoryFields() throws {
        let foo = try service("cgo-unit-memoryfields", "foo")
        #expect(foo.memLimit?.bytes == 536_870_912)
        #expect(foo.memReservation?.bytes == 268_435_456)
        #expect(foo.memswapLimit?.bytes == 1_073_741_824)
        #expect(foo.memSwappiness?.bytes == 60)
        #expect(foo.shmSize?.bytes == 67_108_864)
    }

    @Test("blkio config keeps Go's field names and byte rates")
    func blkio() throws {
        let blkio = try #require(try service("cgo-unit-blkioconfig", "foo").blkioConfig)
        #expect(blkio.weight == 300)
        #expect(blkio.weightDevice == [.init(path: "/dev/sda", weight: 400)])
        #expect(blkio.deviceReadBps == [.init(path: "/dev/sda", rate: ComposeByteSize(bytes: 1_048_576))])
        #expect(blkio.deviceWriteIOps == [.init(path: "/dev/sda", rate: ComposeByteSize(bytes: 200))])
    }

    @Test("ulimits: single values and soft/hard pairs")
    func ulimits() throws {
        let foo = try service("cgo-unit-ulimits", "foo")
        #expect(foo.ulimits == ["nofile": ComposeUlimit(soft: 20000, hard: 40000), "nproc": ComposeUlimit(single: 65535)])
    }

    @Test("stop_grace_period, healthcheck start_interval, pull policy, gpus, extra hosts, file modes, ssh")
    func assortedAttributes() throws {
        #expect(try service("cgo-unit-stopgraceperiod", "foo").stopGracePeriod == .seconds(20))
        #expect(try service("cgo-unit-healthcheck", "foo").healthcheck?.startInterval == .seconds(5))
        #expect(try service("cgo-unit-healthcheck", "foo").healthcheck?.timeout == .seconds(1))
        let pull = try service("cgo-unit-pullrefreshafter", "test").pullPolicy
        #expect(pull == .every("2d"))
        #expect(pull?.refreshInterval == .seconds(2 * 86_400))
        #expect(try service("cgo-unit-gpusall", "test").gpus.map(\.count) == [-1])
        let hosts = try service("cgo-unit-extrahostsrepeated", "foo").extraHosts
        #expect(hosts == [.init(host: "myhost", address: "0.0.0.1"), .init(host: "myhost", address: "0.0.0.2")])
        let secrets = try service("cgo-unit-servicesecrets", "foo").secrets
        #expect(secrets.last?.mode == 0o440)
        #expect(secrets.last?.uid == "103")
        #expect(try project("cgo-unit-servicesecrets").secrets["secret2"]?.external == true)
        #expect(try service("cgo-unit-buildssh", "foo").build?.ssh == [ComposeSSHKey(id: "default")])
    }

    @Test("top-level x- extensions are kept as nodes")
    func topLevelExtensions() throws {
        let project = try project("cgo-unit-toplevelextensions")
        #expect(project.extensions["x-foo"] == .string("bar"))
        #expect(project.extensions["x-nested"]?["bar"] == .string("baz"))
        #expect(project.extensions.count == 3)
    }

    @Test("develop watch rules with exec hooks")
    func developWatch() throws {
        let watch = try #require(try service("dc-watch-exec", "test").develop?.watch.first)
        #expect(watch.action == .syncExec)
        #expect(watch.target == "/data")
        #expect(watch.exec == ComposeServiceHook(command: ["echo", "SUCCESS"]))
        #expect(watch.initialSync == true)
    }
}
