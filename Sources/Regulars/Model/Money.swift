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
        // Written backwards into a small buffer: no intermediate strings.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var end = 40
            func put(_ byte: UInt8) { end -= 1; buffer[end] = byte }
            var magnitude = fen.magnitude
            let cents = magnitude % 100
            put(UInt8(48 + cents % 10)); put(UInt8(48 + cents / 10)); put(46)
            magnitude /= 100
            var digits = 0
            repeat {
                if digits > 0, digits % 3 == 0 { put(44) }
                put(UInt8(48 + magnitude % 10))
                magnitude /= 10
                digits += 1
            } while magnitude > 0
            put(0xA5); put(0xC2)  // ¥ in UTF-8
            if fen < 0 { put(45) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[end..<40]), as: UTF8.self)
        }
    }
}
