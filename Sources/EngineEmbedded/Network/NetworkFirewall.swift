import EngineAPI
import Foundation

/// Our own iptables rules, and only those, made once per network (never per container):
/// - filter `SWC-FORWARD` (jumped to from FORWARD): traffic from the bridge, replies to it, and new connections
///   portmap DNATed to it are accepted — dockerd sets FORWARD's policy to DROP (recipes §5.2);
/// - nat `SWC-POSTROUTING` (jumped to from POSTROUTING): the subnet masqueraded when it leaves for elsewhere,
///   unless the network is internal;
/// - filter `SWC-ISOLATION` (first in FORWARD): internal networks cannot leave their subnet.
/// Nothing is ever flushed; shared chains stay; our chains and jumps go with the last rule in them. The same
/// rules for an IPv6 subnet go through ip6tables.
public enum NetworkFirewall {
    public static let isolationChain = "SWC-ISOLATION"
    public static let forwardChain = "SWC-FORWARD"
    public static let masqueradeChain = "SWC-POSTROUTING"

    static func isolationRule(bridge: String, subnet: String) -> [String] {
        ["-i", bridge, "!", "-d", subnet, "-j", "DROP"]
    }

    static func forwardRules(bridge: String) -> [[String]] {
        [["-i", bridge, "-j", "ACCEPT"],
         ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
         ["-o", bridge, "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT"]]
    }

    static func masqueradeRule(bridge: String, subnet: String) -> [String] {
        ["-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"]
    }

    /// Everything a new network needs before its first container starts, for its IPv4 subnet and, when it
    /// has one, its IPv6 subnet.
    public static func addNetwork(bridge: String, subnet: String, ipv6Subnet: String? = nil, internal isInternal: Bool) throws(EngineError) {
        for family in [subnet] + (ipv6Subnet.map { [$0] } ?? []) {
            try addRules(bridge: bridge, subnet: family, internal: isInternal)
        }
    }

    /// Deletes every rule of ours for a bridge (both families), then our chains that became empty.
    public static func removeNetwork(bridge: String, subnet: String, ipv6Subnet: String? = nil) throws(EngineError) {
        for family in [subnet] + (ipv6Subnet.map { [$0] } ?? []) {
            try removeRules(bridge: bridge, subnet: family)
        }
    }

    private static func addRules(bridge: String, subnet: String, internal isInternal: Bool) throws(EngineError) {
        let tool = tool(for: subnet)
        try ensureChain(forwardChain, table: "filter", jumpFrom: "FORWARD", first: false, tool: tool)
        for rule in forwardRules(bridge: bridge) { try ensureRule(table: "filter", chain: forwardChain, rule, bridge: bridge, tool: tool) }
        if isInternal {
            try ensureChain(isolationChain, table: "filter", jumpFrom: "FORWARD", first: true, tool: tool)
            try ensureRule(table: "filter", chain: isolationChain, isolationRule(bridge: bridge, subnet: subnet), bridge: bridge, tool: tool)
        } else {
            try ensureChain(masqueradeChain, table: "nat", jumpFrom: "POSTROUTING", first: false, tool: tool)
            try ensureRule(table: "nat", chain: masqueradeChain, masqueradeRule(bridge: bridge, subnet: subnet), bridge: bridge, tool: tool)
        }
    }

    /// iptables for an IPv4 subnet, ip6tables for an IPv6 one.
    static func tool(for subnet: String) -> String {
        subnet.contains(":") ? HostCommand.find("ip6tables") : HostCommand.find("iptables")
    }

    private static func removeRules(bridge: String, subnet: String) throws(EngineError) {
        let tool = tool(for: subnet)
        let rules: [(String, String, [String])] = forwardRules(bridge: bridge).map { ("filter", forwardChain, $0) }
            + [("filter", isolationChain, isolationRule(bridge: bridge, subnet: subnet)),
               ("nat", masqueradeChain, masqueradeRule(bridge: bridge, subnet: subnet)),
               // Left by earlier versions, which used the firewall plugin's admin chain.
               ("filter", "CNI-ADMIN", ["-o", bridge, "-m", "conntrack", "--ctstate", "DNAT", "-j", "ACCEPT"])]
        for (table, chain, rule) in rules {
            var attempts = 0
            while succeeds(["-t", table, "-C", chain] + rule, tool: tool), attempts < 20 {
                try iptables(["-t", table, "-D", chain] + rule, what: "delete rule for \(bridge) in \(chain)", tool: tool)
                attempts += 1
            }
        }
        removeChainIfEmpty(forwardChain, table: "filter", jumpFrom: "FORWARD", tool: tool)
        removeChainIfEmpty(isolationChain, table: "filter", jumpFrom: "FORWARD", tool: tool)
        removeChainIfEmpty(masqueradeChain, table: "nat", jumpFrom: "POSTROUTING", tool: tool)
    }

    /// Creates the chain if needed and makes sure `jumpFrom` jumps to it (first in the chain when `first`:
    /// the isolation drop must come before any accept, the firewall plugin's included).
    static func ensureChain(_ chain: String, table: String, jumpFrom: String, first: Bool, tool: String) throws(EngineError) {
        if !succeeds(["-t", table, "-S", chain], tool: tool) {
            // Another process may create it at the same moment: only a chain still missing afterwards is an error.
            if !succeeds(["-t", table, "-N", chain], tool: tool) && !succeeds(["-t", table, "-S", chain], tool: tool) {
                try iptables(["-t", table, "-N", chain], what: "create chain \(chain)", tool: tool)
            }
        }
        let jump = ["-j", chain]
        if first {
            guard let rules = try? HostCommand.run(tool, ["-w", "-t", table, "-S", jumpFrom]), rules.status == 0 else { return }
            let lines = rules.stdoutText.split(separator: "\n").filter { $0.hasPrefix("-A \(jumpFrom)") }
            if lines.first.map(String.init) == "-A \(jumpFrom) -j \(chain)" { return }
            while succeeds(["-t", table, "-C", jumpFrom] + jump, tool: tool) {
                guard succeeds(["-t", table, "-D", jumpFrom] + jump, tool: tool) else { break }
            }
            try iptables(["-t", table, "-I", jumpFrom, "1"] + jump, what: "jump to \(chain)", tool: tool)
        } else if !succeeds(["-t", table, "-C", jumpFrom] + jump, tool: tool) {
            try iptables(["-t", table, "-A", jumpFrom] + jump, what: "jump to \(chain)", tool: tool)
        }
    }

    static func ensureRule(table: String, chain: String, _ rule: [String], bridge: String, tool: String) throws(EngineError) {
        if !succeeds(["-t", table, "-C", chain] + rule, tool: tool) {
            try iptables(["-t", table, "-A", chain] + rule, what: "add rule for \(bridge) to \(chain)", tool: tool)
        }
    }

    /// Best effort: another process may be adding a rule at this moment, and its next network add restores the jump.
    static func removeChainIfEmpty(_ chain: String, table: String, jumpFrom: String, tool: String) {
        guard let rules = try? HostCommand.run(tool, ["-w", "-t", table, "-S", chain]), rules.status == 0,
              !rules.stdoutText.contains("-A \(chain) ") else { return }
        while succeeds(["-t", table, "-C", jumpFrom, "-j", chain], tool: tool) {
            guard succeeds(["-t", table, "-D", jumpFrom, "-j", chain], tool: tool) else { break }
        }
        _ = succeeds(["-t", table, "-X", chain], tool: tool)
    }

    static var iptablesPath: String { HostCommand.find("iptables") }

    static func succeeds(_ arguments: [String], tool: String) -> Bool {
        (try? HostCommand.run(tool, ["-w"] + arguments))?.status == 0
    }

    static func iptables(_ arguments: [String], what: String, tool: String) throws(EngineError) {
        try HostCommand.check(tool, ["-w"] + arguments, what: what)
    }
}
