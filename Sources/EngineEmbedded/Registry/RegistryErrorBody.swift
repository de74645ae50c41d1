import EngineAPI
import Foundation

/// The registry's JSON error document: `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…","detail":…}]}`.
public struct RegistryErrorBody: Sendable, Hashable, Decodable {
    public struct Entry: Sendable, Hashable, Decodable {
        public var code: String
        public var message: String?
    }

    public var errors: [Entry]

    /// nil when `bytes` is not such a document (an HTML error page, an empty body).
    public static func decode(_ bytes: [UInt8]) -> RegistryErrorBody? {
        guard let body = try? JSONDecoder().decode(RegistryErrorBody.self, from: Data(bytes)), !body.errors.isEmpty else {
            return nil
        }
        return body
    }

    /// `CODE: message; CODE2: message2`.
    public var summary: String {
        errors.map { entry in entry.message.map { "\(entry.code): \($0)" } ?? entry.code }.joined(separator: "; ")
    }
}

extension EngineError.Code {
    /// The registry refused our credentials or asked for some we do not have.
    static let registryUnauthorized = EngineError.Code(rawValue: "unauthorized")
}

extension EngineError {
    /// An error for an HTTP status from a registry: the code follows the status, the message names the operation
    /// (`pull docker.io/library/x:1`) and the object (`manifest 1`, `blob sha256:…`), and the registry's error codes.
    static func registry(status: UInt, body: [UInt8], operation: String, object: String) -> EngineError {
        let code: EngineError.Code
        switch status {
        case 401, 403: code = .registryUnauthorized
        case 404: code = .notFound
        case 400, 405, 413, 416: code = .invalidArgument
        case 409: code = .conflict
        case 429, 500...599: code = .unavailable
        default: code = .internalError
        }
        let detail: String
        if let decoded = RegistryErrorBody.decode(body) {
            detail = decoded.summary
        } else {
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            detail = text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
        }
        return EngineError(code, "\(operation): \(object): \(detail)")
    }
}
