/// An amount of money in fen (分, 1/100 yuan). Money is never a floating-point number inside Regulars.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }
    public init(yuan: Int64) { self.fen = yuan * 100 }

    public static let zero = Money(fen: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.fen += rhs.fen }
    public static func * (lhs: Money, rhs: Int64) -> Money { Money(fen: lhs.fen * rhs) }

    /// `1299.00` — yuan with two decimals, no symbol, no grouping (for CSV and JSON edges).
    public var decimalString: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// `¥1,299.00` — for people.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        let cents = magnitude % 100
        return "\(sign)¥\(whole)\(grouped).\(cents < 10 ? "0" : "")\(cents)"
    }
}
