import Foundation

/// What a registry asked for last (per endpoint) and the bearer tokens obtained (per realm, service and scope),
/// so later requests authorize up front instead of collecting a 401 each.
actor RegistryAuthCache {
    private var challenges: [String: AuthChallenge] = [:]
    private var tokens: [String: (token: String, expires: Date)] = [:]

    func challenge(for host: String) -> AuthChallenge? { challenges[host] }

    func setChallenge(_ challenge: AuthChallenge, for host: String) { challenges[host] = challenge }

    func token(for key: String, now: Date = Date()) -> String? {
        guard let entry = tokens[key] else { return nil }
        guard entry.expires > now else {
            tokens[key] = nil
            return nil
        }
        return entry.token
    }

    func setToken(_ token: String, for key: String, expires: Date) { tokens[key] = (token, expires) }

    func removeToken(for key: String) { tokens[key] = nil }
}
