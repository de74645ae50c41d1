import ComposeModel
import Testing
@testable import ComposeLoader

@Suite("Semantic validation")
struct ValidationSemanticTests {
    private func check(_ json: String) throws -> [String] {
        ValidationTestSupport.render(SemanticValidator.validate(try ValidationTestSupport.document(json)))
    }

    @Test("valid values pass")
    func valid() throws {
        #expect(try check("""
        {'services': {'web': {'ports': [{'target': 80, 'host_ip': '127.0.0.1'}, {'target': 81, 'host_ip': '::1'}, {'target': 82, 'host_ip': '::ffff:10.0.0.1'}],
          'gpus': [{'count': 1}], 'develop': {'watch': [{'path': '/a', 'action': 'sync'}]}}},
         'volumes': {'v': {'external': true, 'name': 'n', 'x-a': 1}, 'w': null, 'u': {'driver': 'local'}},
         'secrets': {'s': {'file': 'f'}, 'd': {'driver': 'vault'}, 'e': {'external': true}},
         'configs': {'c': {'content': 'x'}}}
        """) == [])
    }

    @Test("exclusive and missing sources of secrets and configs")
    func sources() throws {
        #expect(try check("""
        {'configs': {'both': {'environment': 'X', 'content': 'y'}, 'none': {'name': 'n'}},
         'secrets': {'both': {'file': 'f', 'environment': 'E'}, 'none': {'labels': {}}}}
        """) == [
            "1:43 configs.both: file|environment|content attributes are mutually exclusive",
            "1:68 configs.none: one of file|environment|content must be set",
            "2:36 secrets.both: file|environment attributes are mutually exclusive",
            "2:65 secrets.none: one of file|environment must be set",
        ])
    }

    @Test("an external volume with other attributes")
    func externalVolume() throws {
        #expect(try check("{'volumes': {'data': {'external': true, 'driver': 'local', 'labels': {}}}}") == [
            "1:41 volumes.data: conflicting parameters \"external\" and \"driver\" specified",
            "1:60 volumes.data: conflicting parameters \"external\" and \"labels\" specified",
        ])
    }

    @Test("host IPs, blank watch paths and device requests", arguments: [
        ("{'services': {'w': {'ports': [{'target': 1, 'host_ip': 'notavalidip'}]}}}", "1:56 services.w.ports[0].host_ip: invalid ip address: notavalidip"),
        ("{'services': {'w': {'ports': [{'target': 1, 'host_ip': '256.1.1.1'}]}}}", "1:56 services.w.ports[0].host_ip: invalid ip address: 256.1.1.1"),
        ("{'services': {'w': {'ports': [{'target': 1, 'host_ip': '1::2::3'}]}}}", "1:56 services.w.ports[0].host_ip: invalid ip address: 1::2::3"),
        ("{'services': {'w': {'develop': {'watch': [{'path': '', 'action': 'sync'}]}}}}", "1:52 services.w.develop.watch[0].path: value can't be blank"),
        ("{'services': {'w': {'gpus': [{'count': 1, 'device_ids': ['0']}]}}}", "1:43 services.w.gpus[0]: \"count\" and \"device_ids\" attributes are exclusive"),
        ("{'services': {'w': {'deploy': {'resources': {'reservations': {'devices': [{'count': 'all', 'device_ids': ['0']}]}}}}}}",
         "1:92 services.w.deploy.resources.reservations.devices[0]: \"count\" and \"device_ids\" attributes are exclusive"),
    ])
    func serviceValues(json: String, expected: String) throws {
        #expect(try check(json) == [expected])
    }

    @Test("IP address syntax follows Go's net.ParseIP", arguments: [
        ("0.0.0.0", true), ("192.168.1.254", true), ("01.2.3.4", false), ("1.2.3", false), ("::", true), ("fe80::1", true),
        ("2001:db8:0:0:0:0:2:1", true), ("2001:db8::2:1:0:0:0:0", false), ("1:2:3:4:5:6:7:8:9", false), ("::ffff:1.2.3.4", true),
        ("fe80::1%eth0", false), ("", false), ("1:2:3:4:5:6:7::", true), (":1::", false),
    ])
    func ipSyntax(text: String, valid: Bool) {
        #expect(IPAddress.isValid(text) == valid)
    }
}
