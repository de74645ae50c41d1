import ComposeModel

/// Short syntaxes to long ones (compose-go's transform.Canonical), per document.
///
/// Runs after schema validation on one file's merged document: every service attribute that accepts a
/// short form is rewritten to the long form, keeping the location of the value it came from so later
/// phases can still point at the line that was written.
public enum Canonicalizer {
    public static func canonicalize(_ document: ComposeNode) throws -> ComposeNode {
        try canonicalize(document, skipInterpolation: false)
    }

    /// `skipInterpolation`: with `--no-interpolate`, values may still hold `${VAR}` and short syntaxes
    /// that fail to parse are kept as written instead of failing (compose-go's ignoreParseError).
    public static func canonicalize(_ document: ComposeNode, skipInterpolation: Bool) throws -> ComposeNode {
        try canonicalizeWithWarnings(document, skipInterpolation: skipInterpolation).0
    }

    /// Also returns the warnings of the pass (deprecated `external.name`).
    public static func canonicalizeWithWarnings(
        _ document: ComposeNode, skipInterpolation: Bool = false
    ) throws -> (ComposeNode, [Diagnostic]) {
        guard var top = document.mapping else { return (document, []) }
        var context = CanonicalContext(lenient: skipInterpolation)
        for key in top.keys {
            guard let value = top[key] else { continue }
            switch key {
            case "services":
                top.set(key, context.services(value), keyLocation: top.keyLocation(key))
            case "volumes", "networks", "secrets", "configs":
                top.set(key, context.resources(value, path: key), keyLocation: top.keyLocation(key))
            case "include":
                top.set(key, context.include(value), keyLocation: top.keyLocation(key))
            default:
                break
            }
        }
        if !context.diagnostics.isEmpty {
            throw DiagnosticError(context.warnings + context.diagnostics)
        }
        return (ComposeNode(.mapping(omitEmptyDNS(top)), at: document.location, mergeTag: document.mergeTag), context.warnings)
    }

    /// compose-go's OmitEmpty: empty `dns` entries (null or "") are dropped.
    private static func omitEmptyDNS(_ top: ComposeMapping) -> ComposeMapping {
        guard var services = top["services"]?.mapping else { return top }
        var changed = false
        for (name, service) in services {
            guard var map = service.mapping, let dns = map["dns"] else { continue }
            if let items = dns.sequence {
                let kept = items.filter { !isEmptyScalar($0) }
                if kept.count != items.count {
                    map["dns"] = ComposeNode(.sequence(kept), at: dns.location, mergeTag: dns.mergeTag)
                    services[name] = ComposeNode(.mapping(map), at: service.location, mergeTag: service.mergeTag)
                    changed = true
                }
            }
        }
        guard changed else { return top }
        var result = top
        result["services"] = ComposeNode(.mapping(services), at: top["services"]?.location)
        return result
    }

    static func isEmptyScalar(_ node: ComposeNode) -> Bool {
        if node.isNull { return true }
        if let text = node.string, text.isEmpty { return true }
        return false
    }
}

/// Collects the problems of one canonicalisation pass (all of them, not just the first).
struct CanonicalContext {
    var lenient: Bool
    var diagnostics: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    init(lenient: Bool) {
        self.lenient = lenient
    }

    mutating func fail(_ node: ComposeNode, path: String, _ message: String) {
        diagnostics.append(.error(at: node.location, path: path, message))
    }
}

extension ComposeNode {
    /// A copy with another value but the same location and merge tag.
    func with(_ value: ComposeNode.Value) -> ComposeNode {
        ComposeNode(value, at: location, mergeTag: mergeTag)
    }
}
