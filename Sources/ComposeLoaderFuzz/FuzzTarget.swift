import ComposeLoader
import ComposeModel
import Foundation

/// One fuzz input through the loader's text stages: decoding, YAML composition, interpolation, and a
/// render → parse round trip whose result must equal the composed tree.
enum FuzzTarget {
    static let limits = YAMLLimits(maxFileBytes: 1 << 20, maxDepth: 1_000, maxAliasExpansion: 100_000)

    static func run(_ bytes: [UInt8]) {
        guard bytes.count <= limits.maxFileBytes,
              let text = try? ComposeFileReader.decode(bytes, file: "fuzz.yaml"),
              let documents = try? YAMLComposer.documents(text: text, file: "fuzz.yaml", limits: limits) else {
            return
        }
        let interpolator = Interpolator(environment: ["HOME": "/home/fuzz", "EMPTY": ""])
        for document in documents {
            _ = try? interpolator.interpolate(document)
            checkRoundTrip(document)
        }
    }

    /// Rendering must never produce YAML that reads back differently (NaN never equals itself; skip it).
    private static func checkRoundTrip(_ document: ComposeNode) {
        guard !containsNaN(document) else { return }
        let rendered = YAMLRenderer.render(document)
        let back: [ComposeNode]
        do {
            back = try YAMLComposer.documents(text: rendered, file: "rendered.yaml", limits: limits)
        } catch {
            fail("rendered YAML does not parse: \(error)\n--- rendered ---\n\(rendered)")
        }
        guard back.count == 1, back[0] == document else {
            fail("round trip changed the tree\n--- rendered ---\n\(rendered)--- parsed back ---\n\(back.map { $0.jsonString() })")
        }
    }

    private static func containsNaN(_ node: ComposeNode) -> Bool {
        switch node.value {
        case .double(let number): return number.isNaN
        case .sequence(let items): return items.contains(where: containsNaN)
        case .mapping(let mapping): return mapping.contains { containsNaN($0.value) }
        default: return false
        }
    }

    /// Stops the process so the fuzzer records the input (a harness, not library code).
    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("FUZZ FAILURE: " + message + "\n").utf8))
        fatalError("fuzz property violated")
    }
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
