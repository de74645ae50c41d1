import ComposeModel
import Testing

@Suite("ComposeModel encoding")
struct ComposeModelEncodingTests {
    @Test("a project built in code encodes to the canonical shape and decodes back to itself")
    func builtProject() throws {
        var web = ComposeService(name: "web")
        web.image = "nginx"
        web.command = []
        web.restart = .onFailure(maxRetries: 3)
        web.stopGracePeriod = ComposeDuration(parsing: "90s")
        web.shmSize = ComposeByteSize(parsing: "64m")
        web.envFile = [ComposeEnvFile(path: "/p/.env"), ComposeEnvFile(path: "/p/opt.env", required: false)]
        web.ulimits = ["nproc": ComposeUlimit(single: 65535), "nofile": ComposeUlimit(soft: 1, hard: 2)]
        web.environment = ["B": "2", "A": nil]
        web.networks = ["front": nil]
        var port = ComposePort()
        port.target = 80
        port.published = "8080"
        port.portProtocol = .tcp
        port.mode = .host
        web.ports = [port]
        var project = ComposeProject(name: "demo")
        project.services["web"] = web
        project.networks["front"] = ComposeNetwork(name: "demo_front")
        project.extensions["x-owner"] = .string("me")

        let document = project.document
        #expect(document.jsonString() == """
        {
          "name": "demo",
          "networks": {
            "front": {
              "name": "demo_front"
            }
          },
          "services": {
            "web": {
              "command": [],
              "entrypoint": null,
              "environment": {
                "A": null,
                "B": "2"
              },
              "env_file": [
                "/p/.env",
                {
                  "path": "/p/opt.env",
                  "required": false
                }
              ],
              "image": "nginx",
              "networks": {
                "front": null
              },
              "ports": [
                {
                  "mode": "host",
                  "target": 80,
                  "published": "8080",
                  "protocol": "tcp"
                }
              ],
              "restart": "on-failure:3",
              "shm_size": "67108864",
              "stop_grace_period": "1m30s",
              "ulimits": {
                "nofile": {
                  "soft": 1,
                  "hard": 2
                },
                "nproc": 65535
              }
            }
          },
          "x-owner": "me"
        }
        """)
        #expect(try ComposeProject(document: document) == project)
    }
}
