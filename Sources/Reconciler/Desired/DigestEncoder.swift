/// A canonical, unambiguous text form of a field group, the input of its digest.
///
/// Every value is length-prefixed (`name=5:value;`), maps are written in key order and nothing depends
/// on Swift's per-process hash seeds, so the text is the same on every run and machine. Fields at their
/// default (nil, empty, false, 0) are left out: a field added to the spec later does not change the digest
/// of containers that do not use it, so an upgrade never recreates them.
struct DigestEncoder {
    private(set) var text = ""

    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        text += "\(name)=\(Self.quoted(value));"
    }

    mutating func field(_ name: String, _ value: Bool) {
        if value { text += "\(name)=true;" }
    }

    mutating func field(_ name: String, _ value: Bool?) {
        guard let value else { return }
        text += "\(name)=\(value);"
    }

    mutating func field<Number: BinaryInteger>(_ name: String, _ value: Number?) {
        guard let value, value != 0 else { return }
        text += "\(name)=\(value);"
    }

    /// A list that is left out when empty.
    mutating func field(_ name: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        text += "\(name)=[\(values.map(Self.quoted).joined(separator: ","))];"
    }

    /// A list where nil (not set) and empty (cleared) differ, as for `command` and `entrypoint`.
    mutating func optionalList(_ name: String, _ values: [String]?) {
        guard let values else { return }
        text += "\(name)=[\(values.map(Self.quoted).joined(separator: ","))];"
    }

    mutating func field(_ name: String, _ values: [String: String]) {
        guard !values.isEmpty else { return }
        let pairs = values.keys.sorted().map { "\(Self.quoted($0)):\(Self.quoted(values[$0] ?? ""))" }
        text += "\(name)={\(pairs.joined(separator: ","))};"
    }

    /// A nested record; left out when it writes nothing.
    mutating func record(_ name: String, _ write: (inout DigestEncoder) -> Void) {
        var inner = DigestEncoder()
        write(&inner)
        guard !inner.text.isEmpty else { return }
        text += "\(name)={\(inner.text)};"
    }

    /// A list of records, each written even when empty so the count shows; left out when empty.
    mutating func records<Element>(_ name: String, _ elements: [Element], _ write: (inout DigestEncoder, Element) -> Void) {
        guard !elements.isEmpty else { return }
        let items = elements.map { element -> String in
            var inner = DigestEncoder()
            write(&inner, element)
            return "{\(inner.text)}"
        }
        text += "\(name)=[\(items.joined(separator: ","))];"
    }

    /// `<byte count>:<text>`: no escaping needed, and no two values write the same text.
    private static func quoted(_ value: String) -> String {
        "\(value.utf8.count):\(value)"
    }
}
