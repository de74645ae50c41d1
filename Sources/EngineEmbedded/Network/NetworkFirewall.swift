import EngineAPI
import Foundation

/// Our own iptables rules, and only those: the DNAT-accept rule per bridge in CNI-ADMIN (recipes §5.2) and
/// the egress drop of internal networks in SWC-ISOLATION. Nothing is ever flushed; shared chains stay.
public enum NetworkFirewall {
    public static let isolationChain = "SWC-ISOLATION"
    static let adminChain = "CNI-ADMIN"

    static func isolationRule(bridge: String, subnet: String) -> [String] {
        ["-i", bridge, "!", "-d", subnet, "-j", "DROP"]
    }

    static func publishRule(bridge: String) -> [String] {
        ["-o", bridge, "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT"]
    }

    /// Internal networks: drop what leaves the bridge for anywhere but its own subnet.
    public static func addIsolation(bridge: String, subnet: String) throws(EngineError) {
        if !succeeds(["-S", isolationChain]) {
            try iptables(["-N", isolationChain], what: "create chain \(isolationChain)")
        }
        try ensureIsolationFirst()
        let rule = isolationRule(bridge: bridge, subnet: subnet)
        if !succeeds(["-C", isolationChain] + rule) {
            try iptables(["-A", isolationChain] + rule, what: "isolate internal network on \(bridge)")
        }
    }

    /// Keeps the jump to SWC-ISOLATION the first FORWARD rule: the firewall plugin inserts its own accept jump
    /// at the top on its first ADD, which would otherwise let internal egress through.
    public static func ensureIsolationFirst() throws(EngineError) {
        guard let rules = try? HostCommand.run(iptablesPath, ["-w", "-S", "FORWARD"]), rules.status == 0 else { return }
        let lines = rules.stdoutText.split(separator: "\n").filter { $0.hasPrefix("-A FORWARD") }
        let jump = "-A FORWARD -j \(isolationChain)"
        if lines.first.map(String.init) == jump { return }
        if lines.contains(where: { String($0) == jump }) {
            try iptables(["-D", "FORWARD", "-j", isolationChain], what: "move jump to \(isolationChain)")
        }
        try iptables(["-I", "FORWARD", "1", "-j", isolationChain], what: "jump to \(isolationChain)")
    }

    /// Lets new connections DNATed by portmap reach containers on `bridge` (the firewall plugin only admits
    /// established traffic). Added once per bridge, after the first ADD created CNI-ADMIN.
    public static func ensurePublishAccept(bridge: String) throws(EngineError) {
        guard succeeds(["-S", adminChain]) else { return }
        let rule = publishRule(bridge: bridge)
        if !succeeds(["-C", adminChain] + rule) {
            try iptables(["-A", adminChain] + rule, what: "accept published ports on \(bridge)")
        }
    }

    /// Deletes our rules for a bridge (every copy), leaving the chains.
    public static func removeRules(bridge: String, subnet: String) throws(EngineError) {
        for (chain, rule) in [(adminChain, publishRule(bridge: bridge)),
                              (isolationChain, isolationRule(bridge: bridge, subnet: subnet))] {
            var attempts = 0
            while succeeds(["-C", chain] + rule), attempts < 20 {
                try iptables(["-D", chain] + rule, what: "delete rule for \(bridge) in \(chain)")
                attempts += 1
            }
        }
        removeIsolationChainIfEmpty()
    }

    /// When the last internal network is gone, its chain and jump go too (best effort: another engine may be
    /// adding a rule at the same moment, and the next ADD on an internal network restores the jump).
    static func removeIsolationChainIfEmpty() {
        guard let rules = try? HostCommand.run(iptablesPath, ["-w", "-S", isolationChain]), rules.status == 0,
              !rules.stdoutText.contains("-A \(isolationChain)") else { return }
        while succeeds(["-C", "FORWARD", "-j", isolationChain]) {
            guard succeeds(["-D", "FORWARD", "-j", isolationChain]) else { break }
        }
        _ = succeeds(["-X", isolationChain])
    }

    static var iptablesPath: String { HostCommand.find("iptables") }

    static func succeeds(_ arguments: [String]) -> Bool {
        (try? HostCommand.run(iptablesPath, ["-w"] + arguments))?.status == 0
    }

    static func iptables(_ arguments: [String], what: String) throws(EngineError) {
        try HostCommand.check(iptablesPath, ["-w"] + arguments, what: what)
    }
}
