@testable import ComposeLoader
import ComposeModel
import EngineAPI
import Foundation
import Reconciler
import Testing

@Suite("Plan rendering: text and JSON")
struct PlanRenderingTests {
    typealias F = PlanFixture

    static let schemaText: String? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas/plan.schema.json")
        return try? String(contentsOf: url, encoding: .utf8)
    }()

    /// Plans that together use every operation kind and most cause kinds.
    static func samplePlans() throws -> [Plan] {
        var plans: [Plan] = []
        let desired = F.project([F.service("db"), F.service("web", dependsOn: [F.dependency("db", .healthy)])],
                                volumes: [F.volume("data")])
        var options = PlanOptions()
        options.localImages = [:]
        plans.append(try Planner.plan(desired: desired, observed: ObservedState(), options: options))

        let before = F.project([F.service("db", environment: "old"), F.service("web", replicas: 2), F.service("gone")])
        var observed = F.converged(before)
        observed.containers[1].state = .paused
        observed.containers.append(F.observed(desired.container("web"), state: .exited, exitCode: 2, name: "demo_web_1"))
        options = PlanOptions()
        options.removeOrphans = true
        options.timeout = 5
        plans.append(try Planner.plan(desired: desired, observed: observed, options: options))

        var net = F.network("default")
        net.spec.driver = "overlay"
        let drifted = F.project([F.service("web")], networks: [net])
        plans.append(try Planner.plan(desired: drifted, observed: F.converged(F.project([F.service("web")])),
                                      options: PlanOptions()))
        plans.append(try Planner.plan(desired: desired, observed: F.converged(desired), options: PlanOptions()))
        return plans
    }

    @Test("JSON of a recreate, golden")
    func jsonGolden() throws {
        let before = F.project([F.service("web", environment: "A=1")])
        let desired = F.project([F.service("web", environment: "A=2")])
        var options = PlanOptions()
        options.timeout = 10
        let plan = try Planner.plan(desired: desired, observed: F.converged(before), options: options)
        let json = plan.jsonString()
        let operations = json.components(separatedBy: "\"operations\": [")
        #expect(operations.count == 2)
        #expect(json.hasPrefix("""
            {
              "project": "demo",
              "converged": false,
              "operations": [
                {
                  "id": 0,
                  "resource": "service:web:1",
                  "operation": "createContainer",
                  "summary": "create demo-web-1-replacement",
                  "arguments": {
                    "name": "demo-web-1-replacement",
                    "image": "nginx:1.27",
                    "inheritVolumesFrom": {
                      "id": "id-demo-web-1",
                      "name": "demo-web-1"
                    }
                  },
                  "cause": {
                    "kind": "configChanged",
                    "text": "environment changed",
                    "fields": [
                      "environment"
                    ]
                  },
                  "dependencies": []
                },
                {
                  "id": 1,
                  "resource": "service:web:1",
                  "operation": "stopContainer",
                  "summary": "stop demo-web-1 (timeout 10s)",
                  "arguments": {
                    "container": {
                      "id": "id-demo-web-1",
                      "name": "demo-web-1"
                    },
                    "timeout": 10
                  },
            """))
        #expect(json.hasSuffix("""
                  "dependencies": [
                    3
                  ]
                }
              ],
              "warnings": []
            }

            """))
    }

    @Test("the JSON of every sample plan validates against schemas/plan.schema.json")
    func schemaValidation() throws {
        let schemaText = try #require(Self.schemaText)
        let schema = try JSONSchema.compile(schemaText)
        for plan in try Self.samplePlans() {
            let document = try SchemaJSONReader.parse(plan.jsonString())
            let problems = SchemaValidator.validate(document, against: schema).map(\.message)
            #expect(problems.isEmpty, "\(problems)")
        }
        // The validator does reject a wrong shape.
        let broken = try SchemaJSONReader.parse(#"{"project": "demo", "converged": "no", "operations": [{}]}"#)
        #expect(SchemaValidator.validate(broken, against: schema).count >= 3)
    }

    @Test("every key the schema requires is present, and every enum lists the kinds the plans use")
    func requiredKeys() throws {
        let schemaText = try #require(Self.schemaText)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(schemaText.utf8)) as? [String: Any])
        let definitions = try #require(schema["definitions"] as? [String: Any])
        func required(_ object: [String: Any]?) -> [String] { object?["required"] as? [String] ?? [] }
        func enumValues(_ definition: String, _ key: String) -> Set<String> {
            let properties = (definitions[definition] as? [String: Any])?["properties"] as? [String: Any]
            return Set((properties?[key] as? [String: Any])?["enum"] as? [String] ?? [])
        }
        let operationKinds = enumValues("operation", "operation")
        let causeKinds = enumValues("cause", "kind")
        #expect(operationKinds.count == 19)
        #expect(causeKinds.count == 25)

        for plan in try Self.samplePlans() {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(plan.jsonString().utf8)) as? [String: Any])
            #expect(Set(root.keys) == Set(required(schema)))
            for case let operation as [String: Any] in root["operations"] as? [Any] ?? [] {
                #expect(Set(operation.keys) == Set(required(definitions["operation"] as? [String: Any])))
                #expect(operationKinds.contains(operation["operation"] as? String ?? ""))
                let cause = operation["cause"] as? [String: Any] ?? [:]
                #expect(Set(required(definitions["cause"] as? [String: Any])).isSubset(of: cause.keys))
                #expect(causeKinds.contains(cause["kind"] as? String ?? ""))
            }
        }
    }

    @Test("the sample plans, as text")
    func textGolden() throws {
        let plans = try Self.samplePlans()
        F.expectText(plans[0], """
            image:nginx:1.27  pull nginx:1.27           image not present
            volume:data       create demo_data          missing
            network:default   create demo_default       missing
            service:db:1      create demo-db-1          missing
            service:db:1      start demo-db-1           missing
            service:db        wait until db is healthy  needed by web
            service:web:1     create demo-web-1         missing
            service:web:1     start demo-web-1          missing

            """)
        #expect(plans[0].graph == """
            0: pullImage image:nginx:1.27
            1: createVolume volume:data
            2: createNetwork network:default
            3: createContainer service:db:1 <- 0,2
            4: startContainer service:db:1 <- 3
            5: waitFor service:db <- 4
            6: createContainer service:web:1 <- 0,2,4
            7: startContainer service:web:1 <- 5,6
            """)
        #expect(plans[3].text() == "No changes: project demo is converged.\n")
        F.expectText(plans[1], """
            volume:data     create demo_data                           missing
            service:db:1    create demo-db-1-replacement               environment changed
            service:db:1    stop demo-db-1 (timeout 5s)                environment changed
            service:db:1    remove demo-db-1                           environment changed
            service:db:1    rename demo-db-1-replacement to demo-db-1  environment changed
            service:db:1    start demo-db-1                            environment changed
            service:web:1   remove demo_web_1                          duplicate replica
            service:web:1   unpause demo-web-1                         paused
            service:web:2   stop demo-web-2 (timeout 5s)               scaled down
            service:web:2   remove demo-web-2                          scaled down
            service:gone:1  stop demo-gone-1 (timeout 5s)              orphan (service not in the project)
            service:gone:1  remove demo-gone-1                         orphan (service not in the project)

            """)
        F.expectText(plans[2], """
            service:web:1    disconnect demo-web-1 from demo_default  network default recreated
            network:default  remove demo_default                      drift: driver bridge → overlay
            network:default  create demo_default                      drift: driver bridge → overlay
            service:web:1    connect demo-web-1 to demo_default       network default recreated

            """)
    }
}
