import EngineAPI
import Foundation

// Engine-side only (not compiled into the shim).
extension ShimFiles {
    /// Decodes one of the shim's JSON records from a bundle; nil when the file does not exist (yet).
    public static func read<Record: Decodable>(_ type: Record.Type, _ name: String, bundle: String) throws(EngineError) -> Record? {
        let path = bundle + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw EngineError(.internalError, "read \(path)", cause: "\(error)")
        }
    }
}
