import EngineAPI
import Reconciler
import Testing

@Suite("Planner: recreate, change detection, interrupted recreates, name conflicts")
struct PlannerRecreateTests {
    typealias F = PlanFixture

    @Test("one environment change recreates only that service, replacement first, naming environment")
    func environmentChange() throws {
        let before = F.project([F.service("db"), F.service("web", environment: "A=1"), F.service("worker")])
        let desired = F.project([F.service("db"), F.service("web", environment: "A=2"), F.service("worker")])
        let plan = try F.plan(desired, F.converged(before))
        F.expectText(plan, """
            service:web:1  create demo-web-1-replacement                environment changed
            service:web:1  stop demo-web-1                              environment changed
            service:web:1  remove demo-web-1                            environment changed
            service:web:1  rename demo-web-1-replacement to demo-web-1  environment changed
            service:web:1  start demo-web-1                             environment changed

            """)
        #expect(plan.graph == """
            0: createContainer service:web:1
            1: stopContainer service:web:1 <- 0
            2: removeContainer service:web:1 <- 1
            3: renameContainer service:web:1 <- 2
            4: startContainer service:web:1 <- 3
            """)
        #expect(plan.operations.first?.cause == .configChanged(fields: ["environment"]))
        guard case .createContainer(let spec, let inherit) = plan.operations.first?.operation else {
            Issue.record("expected a create")
            return
        }
        #expect(spec.name == "demo-web-1-replacement")
        #expect(spec.labels[OwnershipLabels.replacing] == "demo-web-1")
        #expect(spec.labels[OwnershipLabels.replace] == "web-1")
        #expect(spec.labels[OwnershipLabels.configHash] == desired.container("web").digests.combined)
        #expect(inherit == ContainerRef(id: "id-demo-web-1", name: "demo-web-1"))
    }

    @Test("several changed groups are all named, sorted")
    func severalFields() throws {
        let before = F.project([F.service("web", environment: "A=1")])
        var setup = PlanFixture.ServiceSetup(name: "web")
        setup.environment = "A=2"
        setup.command = "other"
        let desired = F.project([F.service(setup)])
        let plan = try F.plan(desired, F.converged(before))
        #expect(plan.operations.first?.cause.text == "command, environment changed")
    }

    @Test("a new image id for the same reference recreates with cause image changed")
    func imageChanged() throws {
        let desired = F.project([F.service("web")])
        var options = PlanOptions()
        options.localImages = ["nginx:1.27": "sha256:new"]
        let plan = try F.plan(desired, F.converged(desired), options)
        #expect(plan.operations.map(\.cause) == Array(repeating: .imageChanged, count: 5))
        guard case .createContainer(let spec, _) = plan.operations.first?.operation else {
            Issue.record("expected a create")
            return
        }
        // The replacement records the image it was created from, as docker compose's label does.
        #expect(spec.labels[OwnershipLabels.imageDigest] == "sha256:new")

        options.localImages = ["nginx:1.27": "sha256:old"]
        #expect(try F.plan(desired, F.converged(desired), options).isConverged)
    }

    @Test("the image id recorded in the desired spec's image label is compared too")
    func desiredImageLabel() throws {
        var desired = F.project([F.service("web")])
        let observed = F.converged(desired)
        desired.services[0].containers[0].spec.labels[OwnershipLabels.imageDigest] = "sha256:new"
        #expect(try F.plan(desired, observed).operations.first?.cause == .imageChanged)
    }

    @Test("the image label wins over the engine's image id when both exist")
    func imageLabel() throws {
        let desired = F.project([F.service("web")])
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"),
                                          extraLabels: [OwnershipLabels.imageDigest: "sha256:new"])]
        var options = PlanOptions()
        options.localImages = ["nginx:1.27": "sha256:new"]
        #expect(try F.plan(desired, observed, options).isConverged)
    }

    @Test("a container from an older digest version is compared on common groups only")
    func olderDigestVersion() throws {
        let desired = F.project([F.service("web")])
        let current = desired.container("web").digests
        var groups = current.groups
        groups["legacy-group"] = "zz"
        let older = FieldDigests(version: current.version - 1, groups: groups, combined: "old-combined")
        var observed = F.converged(desired)
        observed.containers = [F.observed(desired.container("web"), extraLabels: [
            OwnershipLabels.configHash: older.combined,
            OwnershipLabels.digestVersion: String(older.version),
            OwnershipLabels.fieldDigests: older.labelValue,
        ])]
        // Only the version and the combined digest differ: no recreate.
        #expect(try F.plan(desired, observed).isConverged)

        groups["environment"] = "e(other)"
        let changed = FieldDigests(version: current.version - 1, groups: groups, combined: "old-combined")
        observed.containers = [F.observed(desired.container("web"), extraLabels: [
            OwnershipLabels.configHash: changed.combined,
            OwnershipLabels.digestVersion: String(changed.version),
            OwnershipLabels.fieldDigests: changed.labelValue,
        ])]
        #expect(try F.plan(desired, observed).operations.first?.cause == .configChanged(fields: ["environment"]))
    }

    @Test("a container without field digests (docker compose's) and another hash: configuration changed")
    func dockerComposeContainer() throws {
        let desired = F.project([F.service("web")])
        var container = F.observed(desired.container("web"), extraLabels: [OwnershipLabels.configHash: "abc"])
        container.labels[OwnershipLabels.fieldDigests] = nil
        container.labels[OwnershipLabels.digestVersion] = nil
        let plan = try F.plan(desired, ObservedState(containers: [container], networks: F.converged(desired).networks))
        #expect(plan.operations.first?.cause.text == "configuration changed")
        #expect(plan.operations.count == 5)
    }

    @Test("--force-recreate recreates converged containers; --no-recreate keeps changed ones")
    func forceAndNoRecreate() throws {
        let desired = F.project([F.service("web")])
        var options = PlanOptions()
        options.forceRecreate = true
        options.timeout = 3
        let forced = try F.plan(desired, F.converged(desired), options)
        F.expectText(forced, """
            service:web:1  create demo-web-1-replacement                forced recreate
            service:web:1  stop demo-web-1 (timeout 3s)                 forced recreate
            service:web:1  remove demo-web-1                            forced recreate
            service:web:1  rename demo-web-1-replacement to demo-web-1  forced recreate
            service:web:1  start demo-web-1                             forced recreate

            """)

        let before = F.project([F.service("web", environment: "old")])
        options = PlanOptions()
        options.noRecreate = true
        #expect(try F.plan(desired, F.converged(before), options).isConverged)

        options.forceRecreate = true
        #expect(throws: PlanError(problems: [.incompatibleOptions("--force-recreate and --no-recreate are incompatible")])) {
            try Planner.plan(desired: desired, observed: F.converged(desired), options: options)
        }
    }

    @Test("--renew-anon-volumes recreates without inheriting and removes the old anonymous volumes")
    func renewAnonymousVolumes() throws {
        let desired = F.project([F.service("web")])
        var options = PlanOptions()
        options.renewAnonVolumes = true
        let plan = try F.plan(desired, F.converged(desired), options)
        #expect(plan.operations.first?.cause == .renewAnonymousVolumes)
        guard case .createContainer(_, let inherit) = plan.operations[0].operation,
              case .removeContainer(_, let removeVolumes, _) = plan.operations[2].operation
        else {
            Issue.record("expected create, stop, remove")
            return
        }
        #expect(inherit == nil)
        #expect(removeVolumes)
    }

    @Test("an interrupted recreate with a current replacement is finished")
    func finishInterrupted() throws {
        let before = F.project([F.service("web", environment: "old")])
        let desired = F.project([F.service("web", environment: "new")])
        let replacement = F.observed(desired.container("web"), state: .created, name: "demo-web-1-replacement",
                                     extraLabels: [OwnershipLabels.replacing: "demo-web-1"], created: 2)
        var observed = F.converged(before)
        observed.containers.append(replacement)
        let plan = try F.plan(desired, observed)
        F.expectText(plan, """
            service:web:1  stop demo-web-1                              finish interrupted recreate
            service:web:1  remove demo-web-1                            finish interrupted recreate
            service:web:1  rename demo-web-1-replacement to demo-web-1  finish interrupted recreate
            service:web:1  start demo-web-1                             finish interrupted recreate

            """)
        guard case .startContainer(let ref) = plan.operations[3].operation else {
            Issue.record("expected a start")
            return
        }
        #expect(ref == ContainerRef(id: "id-demo-web-1-replacement", name: "demo-web-1"))

        // Killed after the old container was removed: only the rename and the start are left.
        observed.containers = [replacement]
        F.expectText(try F.plan(desired, observed), """
            service:web:1  rename demo-web-1-replacement to demo-web-1  finish interrupted recreate
            service:web:1  start demo-web-1                             finish interrupted recreate

            """)
    }

    @Test("docker compose's leftover (<id>_<name>, replace label) is recognised too")
    func dockerComposeLeftover() throws {
        let desired = F.project([F.service("web")])
        let leftover = F.observed(desired.container("web"), state: .created, name: "0123456789ab_demo-web-1",
                                  extraLabels: [OwnershipLabels.replace: "web-1"])
        let plan = try F.plan(desired, ObservedState(containers: [leftover], networks: F.converged(desired).networks))
        F.expectText(plan, """
            service:web:1  rename 0123456789ab_demo-web-1 to demo-web-1  finish interrupted recreate
            service:web:1  start demo-web-1                              finish interrupted recreate

            """)
    }

    @Test("a stale replacement is removed before a new one takes its name")
    func staleReplacement() throws {
        let first = F.project([F.service("web", environment: "v1")])
        let second = F.project([F.service("web", environment: "v2")])
        let desired = F.project([F.service("web", environment: "v3")])
        var observed = F.converged(first)
        observed.containers.append(F.observed(second.container("web"), state: .created, name: "demo-web-1-replacement",
                                              extraLabels: [OwnershipLabels.replacing: "demo-web-1"]))
        let plan = try F.plan(desired, observed)
        F.expectText(plan, """
            service:web:1  remove demo-web-1-replacement                stale replacement of an interrupted recreate
            service:web:1  create demo-web-1-replacement                environment changed
            service:web:1  stop demo-web-1                              environment changed
            service:web:1  remove demo-web-1                            environment changed
            service:web:1  rename demo-web-1-replacement to demo-web-1  environment changed
            service:web:1  start demo-web-1                             environment changed

            """)
        #expect(plan.operations[1].dependencies == [0])

        // The old container is still right: the leftover goes, nothing else happens.
        observed.containers[0] = F.observed(desired.container("web"))
        F.expectText(try F.plan(desired, observed), """
            service:web:1  remove demo-web-1-replacement  stale replacement of an interrupted recreate

            """)
    }

    @Test("a container of another owner holding a needed name fails the plan before any operation")
    func foreignNameHolder() throws {
        let desired = F.project([F.service("db"), F.service("web")])
        let stranger = ObservedContainer(id: "f00dbabe0000aaaa", name: "/demo-web-1", image: "busybox", labels: [:],
                                         state: .running)
        var observed = F.converged(desired)
        observed.containers.removeAll { $0.service == "web" }
        observed.containers.append(stranger)
        let problem = PlanError.Problem.foreignNameHolder(resource: .container(service: "web", number: 1),
                                                          name: "demo-web-1", containerID: "f00dbabe0000aaaa", owner: nil)
        #expect(throws: PlanError(problems: [problem])) {
            try Planner.plan(desired: desired, observed: observed, options: PlanOptions())
        }
        #expect(PlanError(problems: [problem]).description == "service:web:1: the name demo-web-1 is taken by container "
            + "f00dbabe0000, which does not belong to a compose project; remove or rename it")
    }

    @Test("a foreign container holding the replacement name blocks a recreate")
    func foreignReplacementName() throws {
        let before = F.project([F.service("web", environment: "old")])
        let desired = F.project([F.service("web")])
        var observed = F.converged(before)
        var other = ObservedContainer(id: "c0ffee", name: "/demo-web-1-replacement", image: "busybox",
                                      labels: [OwnershipLabels.project: "other"], state: .exited)
        other.exitCode = 0
        observed.containers.append(other)
        let expected = PlanError(problems: [.foreignNameHolder(resource: .container(service: "web", number: 1),
                                                               name: "demo-web-1-replacement", containerID: "c0ffee",
                                                               owner: "other")])
        #expect(throws: expected) {
            try Planner.plan(desired: desired, observed: observed, options: PlanOptions())
        }
        #expect(expected.description
            == "service:web:1: the name demo-web-1-replacement is taken by container c0ffee of project other; remove or rename it")
    }
}
