@testable import ComposeLoader
import ComposeModel
import Testing

@Suite("Composition: profiles and selected services")
struct CompositionProfileTests {
    /// A canonical-looking project: web (no profile) depends on db (profile `db`), debug (profile `debug`)
    /// depends on tools (profile `debug`), and resources used only by the profiled services.
    let project = tree([
        "services": [
            "web": ["image": "web", "networks": ["front": nil] as KeyValuePairs<String, Any?>,
                    "depends_on": ["db": ["condition": "service_started", "required": false] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
            "db": ["image": "db", "profiles": ["db"],
                   "volumes": [["type": "volume", "source": "data", "target": "/data"] as KeyValuePairs<String, Any?>]] as KeyValuePairs<String, Any?>,
            "debug": ["image": "debug", "profiles": ["debug"],
                      "depends_on": ["tools": ["condition": "service_started", "required": true] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
                      "secrets": [["source": "token"] as KeyValuePairs<String, Any?>]] as KeyValuePairs<String, Any?>,
            "tools": ["image": "tools", "profiles": ["debug", "tools"]] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>,
        "networks": ["front": ["name": "p_front"] as KeyValuePairs<String, Any?>, "unused": ["name": "p_unused"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
        "volumes": ["data": ["name": "p_data"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
        "secrets": ["token": ["file": "/t"] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>,
    ] as KeyValuePairs<String, Any?>)

    struct Case: CustomTestStringConvertible, Sendable {
        let profiles: [String]
        let requested: [String]
        let services: [String]
        let networks: [String]?
        let volumes: [String]?
        let secrets: [String]?
        var testDescription: String { "profiles \(profiles), services \(requested)" }
    }

    static let cases: [Case] = [
        Case(profiles: [], requested: [], services: ["web"], networks: ["front"], volumes: nil, secrets: nil),
        Case(profiles: ["db"], requested: [], services: ["web", "db"], networks: ["front"], volumes: ["data"], secrets: nil),
        Case(profiles: ["*"], requested: [], services: ["web", "db", "debug", "tools"], networks: ["front"], volumes: ["data"], secrets: ["token"]),
        Case(profiles: ["tools"], requested: [], services: ["web", "tools"], networks: ["front"], volumes: nil, secrets: nil),
        // Naming a profiled service enables its profiles, so its dependency in the same profile comes along.
        Case(profiles: [], requested: ["debug"], services: ["debug", "tools"], networks: nil, volumes: nil, secrets: ["token"]),
        // A dependency that is not required and not enabled is simply left out.
        Case(profiles: [], requested: ["web"], services: ["web"], networks: ["front"], volumes: nil, secrets: nil),
    ]

    @Test("services and resources kept", arguments: cases)
    func selection(_ test: Case) throws {
        let result = try ProfileFilter.apply(project, profiles: test.profiles, requestedServices: test.requested)
        #expect(result["services"]?.mapping?.keys == test.services)
        #expect(result["networks"]?.mapping?.keys == test.networks)
        #expect(result["volumes"]?.mapping?.keys == test.volumes)
        #expect(result["secrets"]?.mapping?.keys == test.secrets)
    }

    @Test("a dependency on a service left out is removed from the selected ones")
    func dependsOnTrimmed() throws {
        let result = try ProfileFilter.apply(project, profiles: [], requestedServices: ["web"])
        #expect(result["services"]?["web"]?["depends_on"] == tree([:] as KeyValuePairs<String, Any?>))
        let unselected = try ProfileFilter.apply(project, profiles: [], requestedServices: [])
        #expect(unselected["services"]?["web"]?["depends_on"]?.mapping?.keys == ["db"])
    }

    @Test("an unknown service is refused")
    func unknownService() {
        #expect(errorMessage { _ = try ProfileFilter.apply(project, profiles: [], requestedServices: ["nope"]) } == "no such service: nope")
    }

    @Test("all profiles are listed sorted, once each")
    func allProfiles() {
        #expect(ProfileFilter.allProfiles(in: project) == ["db", "debug", "tools"])
    }

    @Test("the disabled services are kept aside")
    func split() {
        let split = ProfileFilter.withProfiles(project, profiles: ["db"])
        #expect(split.disabled.keys == ["debug", "tools"])
        #expect(split.project["services"]?.mapping?.keys == ["web", "db"])
    }

    @Test("with every service disabled, services stay as an empty mapping")
    func emptyServices() throws {
        let only = tree(["services": ["x": ["image": "x", "profiles": ["p"]] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>)
        let result = try ProfileFilter.apply(only, profiles: [], requestedServices: [])
        #expect(result["services"] == tree([:] as KeyValuePairs<String, Any?>))
    }
}

@Suite("Composition: profiles in two steps")
struct CompositionProfileStepTests {
    @Test("select after a split gives what apply gives")
    func twoSteps() throws {
        let project = tree(["services": [
            "web": ["image": "web"] as KeyValuePairs<String, Any?>,
            "debug": ["image": "debug", "profiles": ["debug"]] as KeyValuePairs<String, Any?>,
        ] as KeyValuePairs<String, Any?>] as KeyValuePairs<String, Any?>)
        let split = ProfileFilter.withProfiles(project, profiles: [])
        #expect(split.disabled.keys == ["debug"])
        let selected = try ProfileFilter.select(split, requestedServices: ["debug"])
        #expect(selected["services"]?.mapping?.keys == ["debug"])
        #expect(selected == (try ProfileFilter.apply(project, profiles: [], requestedServices: ["debug"])))
    }
}
