extension YAMLRenderer {
    /// go-yaml's order for the string keys of a Go map (`labels`, `environment`, … in `compose config`
    /// output): a natural order where runs of digits compare by value (`a2` < `a10`) and letters sort
    /// after digits that follow the same prefix. The renderer keeps tree order; use this to sort maps.
    public static func keyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        var afterDigit = false
        for index in 0..<min(left.count, right.count) {
            let a = left[index]
            let b = right[index]
            if a == b {
                afterDigit = isDigit(a)
                continue
            }
            let aLetter = isLetter(a)
            let bLetter = isLetter(b)
            if aLetter && bLetter { return a.value < b.value }
            if aLetter || bLetter { return afterDigit ? aLetter : bLetter }
            var aNumber: Int64 = 0
            var bNumber: Int64 = 0
            if a == "0" || b == "0" {
                // A zero inside a number that started earlier is an ordinary digit.
                var back = index - 1
                while back >= 0, isDigit(left[back]) {
                    if left[back] != "0" {
                        aNumber = 1
                        bNumber = 1
                        break
                    }
                    back -= 1
                }
            }
            var aEnd = index
            while aEnd < left.count, isDigit(left[aEnd]) {
                aNumber = aNumber &* 10 &+ (Int64(left[aEnd].value) &- 48)
                aEnd += 1
            }
            var bEnd = index
            while bEnd < right.count, isDigit(right[bEnd]) {
                bNumber = bNumber &* 10 &+ (Int64(right[bEnd].value) &- 48)
                bEnd += 1
            }
            if aNumber != bNumber { return aNumber < bNumber }
            if aEnd != bEnd { return aEnd < bEnd }
            return a.value < b.value
        }
        return left.count < right.count
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
