/// The length of a host label once written in ASCII (RFC 3492), which decides whether a non-ASCII
/// label fits DNS's 63 characters: twitter-text drops URLs whose labels do not.
enum Punycode {
    static let maxLabelLength = 63

    /// The length of `xn--` and the punycode of `label`, or of the label itself when it is ASCII.
    /// Only the length is computed, so nothing is allocated.
    static func encodedLength(_ label: String.UnicodeScalarView) -> Int {
        let codePoints = label.map { Int($0.value) }
        let basic = codePoints.count(where: { $0 < 0x80 })
        if basic == codePoints.count { return basic }
        var length = basic > 0 ? basic + 1 : 0  // the basic code points and their delimiter
        var n = initialN, delta = 0, bias = initialBias, handled = basic
        while handled < codePoints.count {
            let next = codePoints.filter { $0 >= n }.min()!
            delta += (next - n) * (handled + 1)
            n = next
            for codePoint in codePoints {
                if codePoint < n { delta += 1 }
                guard codePoint == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    length += 1
                    q = (q - t) / (base - t)
                    k += base
                }
                length += 1
                bias = adapt(delta, points: handled + 1, first: handled == basic)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return 4 + length
    }

    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 0x80

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
