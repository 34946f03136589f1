/// A percentage off, in basis points (8折 = 20% off = 2000). Chinese shops say what is *paid* (8折 pays 80%);
/// `init?(parsing:)` reads both that and "20%".
public struct DiscountRate: Hashable, Sendable, Comparable, Codable {
    public var offBasisPoints: Int

    public init(offBasisPoints: Int) { self.offBasisPoints = offBasisPoints }

    /// `8折` `8.5折` `85折` (= 8.5折, as people write it) `9.5折` or `20%` (twenty per cent off).
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") || text.hasSuffix("％") {
            guard let off = Self.hundredths(String(text.dropLast())), off > 0, off <= 10_000 else { return nil }
            self.offBasisPoints = off
        } else if text.hasSuffix("折") {
            let number = String(text.dropLast())
            guard number != "10" else { return nil }  // 10折 is the full price
            guard let hundredths = Self.hundredths(number) else { return nil }
            var paid = hundredths * 10  // 8折: 8 tenths paid = 8000 basis points
            if !number.contains("."), number.count == 2 { paid /= 10 }  // 85折 = 8.5折
            guard paid > 0, paid < 10_000 else { return nil }
            self.offBasisPoints = 10_000 - paid
        } else {
            return nil
        }
    }

    public static func < (lhs: DiscountRate, rhs: DiscountRate) -> Bool { lhs.offBasisPoints < rhs.offBasisPoints }

    /// The share paid, as shops print it: `8折`, `8.5折`, `9.25折`.
    public var label: String {
        let paid = 10_000 - offBasisPoints
        var text = String(paid / 1000)
        var rest = paid % 1000
        if rest > 0 {
            text += "."
            while rest > 0 {
                text += String(rest / 100)
                rest = (rest % 100) * 10
            }
        }
        return text + "折"
    }

    /// The discount on `amount`, rounded down to the fen (a rate never gives more than it says).
    public func discount(on amount: Money) -> Money {
        Money(fen: amount.fen * Int64(offBasisPoints) / 10_000)
    }

    /// "12.5" → 1250 (hundredths), at most two decimals.
    private static func hundredths(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), whole >= 0, whole <= 100 else { return nil }
        var hundredths = whole * 100
        if parts.count == 2 {
            let decimals = parts[1]
            guard !decimals.isEmpty, decimals.count <= 2, let value = Int(decimals) else { return nil }
            hundredths += decimals.count == 1 ? value * 10 : value
        }
        return hundredths
    }
}
