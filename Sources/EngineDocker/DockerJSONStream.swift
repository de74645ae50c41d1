import Foundation

/// Cuts a stream of concatenated JSON objects (`/events`, `/build`: one object a line, but chunks may end
/// anywhere) into whole objects by tracking brace depth outside strings; bytes between objects are skipped.
struct DockerJSONStream {
    private var pending: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// The objects completed by this chunk, each as its bytes.
    mutating func feed<Bytes: Sequence>(_ chunk: Bytes) -> [Data] where Bytes.Element == UInt8 {
        var objects: [Data] = []
        for byte in chunk {
            if depth == 0 {
                guard byte == UInt8(ascii: "{") else { continue }
                depth = 1
                pending = [byte]
                continue
            }
            pending.append(byte)
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    objects.append(Data(pending))
                    pending.removeAll(keepingCapacity: true)
                }
            default: break
            }
        }
        return objects
    }
}
