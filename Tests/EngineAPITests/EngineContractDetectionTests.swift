import ComposeTestSupport
import EngineAPI
import Testing

/// The contract checks are only worth running if they fail for a broken engine: each deliberate bug must
/// be caught by the check named next to it, with a message that says what went wrong, and the check must
/// still clean up after itself.
@Suite("Engine contract catches broken engines")
struct EngineContractDetectionTests {
    static let image = "contract/busybox:1"

    struct Case: Sendable, CustomTestStringConvertible {
        var fault: MisbehavingEngine.Fault
        var check: String
        var message: String

        init(_ fault: MisbehavingEngine.Fault, _ check: String, _ message: String) {
            self.fault = fault
            self.check = check
            self.message = message
        }

        var testDescription: String { fault.rawValue }
    }

    static let cases: [Case] = [
        Case(.dropsLabels, "labels round-trip exactly",
             "observe(broken) lacks the labelled container broken-labelled-1; labels decide what observe returns"),
        Case(.trimsLabelValues, "labels round-trip exactly",
             #"container labels must round-trip exactly: io.swift-compose.contract.space sent "  padded  ", observed "padded""#),
        Case(.observesEveryProject, "observe returns the project's containers, networks and volumes only",
             #"observe(broken) must return only its container, returned ["broken-web-1", "broken-other-web-1", "broken-stray-1"]"#),
        Case(.swallowsNotFound, "acting on an absent object fails with notFound",
             "removing absent container broken-absent-1 must fail with notFound, but succeeded"),
        Case(.stopDoesNothing, "a container goes from created to running to exited and back",
             "after stop the container must be exited, it is running"),
        Case(.ignoresSignalName, "a killed container exits with 128 + the signal number",
             "a container killed by SIGKILL must exit with 137, it reports 143"),
        Case(.allowsDuplicateNames, "a container name is held by one container at a time",
             "creating a second container named broken-unique-1 must fail with conflict, but succeeded"),
        Case(.renamesOntoTakenNames, "a container is renamed, never onto a taken name",
             "renaming onto the taken name broken-two-1 must fail with conflict, but succeeded"),
        Case(.removesNetworksInUse, "a network with a running container is not removed",
             "removing network broken_busy while a running container uses it must fail with conflict, but succeeded"),
        Case(.removesVolumesInUse, "a volume is created and removed, never while a container uses it",
             "removing volume broken_data while a container uses it must fail with conflict, but succeeded"),
        Case(.forgetsConnections, "a network is created once, connected, disconnected and removed",
             #"after connect the container must be on ["broken_back", "broken_front"], it is on ["broken_front"]"#),
        Case(.claimsPauseButCannot, "a container is paused and unpaused when the engine can pause",
             "after pause the container must be paused, it is running"),
        Case(.inventsImages, "images: a local one has an id, an unknown one has none and cannot be run",
             "an unknown image must have no id, swift-compose-contract/absent-broken:none has "
                 + FakeEngine.imageID(for: "swift-compose-contract/absent-broken:none")),
        Case(.removesRunningWithoutForce, "a running container is removed only with force",
             "removing a running container without force must fail with conflict, but succeeded"),
        Case(.hasNoEndpoint, "the engine answers ping and names its endpoint", "the engine's endpoint must not be empty"),
        Case(.findsByPrefix, "findContainers matches exact names, whatever the owner",
             #"findContainers(["broken-foreign", "foreign-1", "roken-foreign-1"]) must match exact names only, returned ["broken-foreign-1"]"#),
        Case(.listsUnlabelledInAllProjects, "observeAllProjects lists every project's containers and no unlabelled one",
             "observeAllProjects must not list the unlabelled container broken-stray-1"),
        Case(.inventsAbsentNetworks, "inspectNetwork and inspectVolume find objects by name, whatever their labels",
             "inspecting absent network broken_absent must give nil, gave broken_absent"),
        Case(.waitReturnsZero, "waitContainer and inspectContainer report the exit code",
             "waitContainer must return the exit code 3 of `exit 3`, returned 0"),
        Case(.mergesLogStreams, "containerLogs gives each line once with its stream, honouring tail and timestamps",
             #"the logs must be exactly stdout "out" and stderr "err", are [stdout "out", stdout "err"]"#),
        Case(.followNeverEnds, "following logs delivers new output and ends when the container exits",
             "the end of the followed logs after the container was killed did not happen within 5.0 seconds"),
        Case(.eventsLoseDie, "events report a container's start and die, for its project only",
             "the replayed die event of the exited container did not happen within 5.0 seconds"),
        Case(.statusIsState, "observe reports command, status text and published ports",
             "a new container's status must be Created, it is created"),
        Case(.removesAbsentImages, "reading an absent container or image fails with notFound",
             "removing absent image swift-compose-contract/absent-broken:none must fail with notFound, but succeeded"),
        Case(.buildForgetsTags, "an image is built, tagged and removed, or building is refused as unsupported",
             "the built image must be tagged swift-compose-contract/built-broken:1: its id is nil, the build returned sha256:…"),
    ]

    @Test("every fault has a case")
    func everyFaultCovered() {
        #expect(Set(Self.cases.map(\.fault)) == Set(MisbehavingEngine.Fault.allCases))
    }

    @Test("a broken engine fails its check, which still cleans up", arguments: Self.cases)
    func brokenEngineFails(testCase: Case) async throws {
        let check = try #require(EngineContractSuite.checks.first { $0.name == testCase.check })
        let fake = FakeEngine(capabilities: EngineCapabilities(build: true), images: [Self.image])
        let engine = MisbehavingEngine(fake: fake, fault: testCase.fault)
        // Short patience: a check that waits for what a broken engine never does fails sooner.
        let violation = await #expect(throws: EngineContractViolation.self) {
            try await check.run(EngineContractContext(engine: engine, project: "broken", image: Self.image, patience: 5))
        }
        #expect(violation?.check == testCase.check)
        // A message ending in "…" names an id only known at run time: its beginning must match.
        if testCase.message.hasSuffix("…") {
            #expect(violation?.message.hasPrefix(String(testCase.message.dropLast())) == true, "\(violation?.message ?? "no violation")")
        } else {
            #expect(violation?.message == testCase.message)
        }
        #expect(await fake.snapshot() == ObservedState(), "the failing check must remove what it created")
    }

    @Test("a check whose clean-up leaves objects behind fails")
    func leftoversAreViolations() async throws {
        let check = try #require(EngineContractSuite.checks.first { $0.name == "labels round-trip exactly" })
        let fake = FakeEngine(images: [Self.image])
        // The check passes, but volume removal always fails: the volume it created is left behind.
        await fake.fail(with: EngineError(.unavailable, "engine went away"), at: .beforeApplying) { call in
            call.kind == .removeVolume
        }
        let violation = await #expect(throws: EngineContractViolation.self) {
            try await check.run(EngineContractContext(engine: fake, project: "stuck", image: Self.image))
        }
        #expect(violation?.message == "clean-up could not remove volume stuck_labelled: engine went away")
        #expect(await fake.snapshot().volumes.map(\.name) == ["stuck_labelled"])
    }
}
