import Crypto
import EngineAPI

/// Hashes with the algorithm a digest names (sha256, or sha512 which the OCI spec also allows).
struct BlobHasher {
    private enum State {
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var state: State

    init?(algorithm: String) {
        switch algorithm {
        case "sha256": state = .sha256(SHA256())
        case "sha512": state = .sha512(SHA512())
        default: return nil
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .sha256(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha256(hasher)
        case .sha512(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha512(hasher)
        }
    }

    func finalize() -> Digest? {
        switch state {
        case .sha256(let hasher): Digest(parsing: "sha256:\(hasher.finalize().hexString)")
        case .sha512(let hasher): Digest(parsing: "sha512:\(hasher.finalize().hexString)")
        }
    }

    /// The digest of `bytes` with `algorithm`.
    static func digest(of bytes: [UInt8], algorithm: String) throws(EngineError) -> Digest {
        guard var hasher = BlobHasher(algorithm: algorithm) else {
            throw EngineError(.unsupported, "digest algorithm \(algorithm) is not supported")
        }
        bytes.withUnsafeBytes { hasher.update($0) }
        guard let digest = hasher.finalize() else {
            throw EngineError(.internalError, "\(algorithm) digest could not be formed")
        }
        return digest
    }
}
