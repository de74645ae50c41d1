/// Suggestions for misspelt names ("did you mean 'image'?").
enum EditDistance {
    /// Levenshtein distance over Unicode scalars, two rows of memory.
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate, if close enough to be a plausible typo (case differences cost nothing).
    /// Ties go to the earliest candidate, so the result does not depend on hashing order.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        guard !name.isEmpty, name.count <= 64 else { return nil }
        let lowered = name.lowercased()
        let limit = name.count <= 3 ? 1 : (name.count <= 6 ? 2 : 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = EditDistance.distance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }
}
