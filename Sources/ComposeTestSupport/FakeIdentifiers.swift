import EngineAPI

/// Deterministic identifiers for the fake engine: the same sequence of calls yields the same ids, so test
/// expectations can name them, while still looking like dockerd's 64-hex ids.
enum FakeIdentifiers {
    /// 64 lowercase hex digits derived from `seed` (four rounds of splitmix64).
    static func hex64(_ seed: String) -> String {
        var state = fnv1a(seed)
        var text = ""
        for _ in 0..<4 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            let digits = String(mixed, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }

    /// The image id the fake gives a reference unless a test chooses one.
    static func imageID(for reference: String) -> String {
        "sha256:" + hex64("image:" + normalizedReference(reference))
    }

    /// `nginx` and `docker.io/library/nginx:latest` name the same image, as for dockerd.
    static func normalizedReference(_ reference: String) -> String {
        ImageReference(parsing: reference)?.description ?? reference
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
