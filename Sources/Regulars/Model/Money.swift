/// An amount of money in fen (分, 1/100 yuan). Money is never a floating-point number inside Regulars.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
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

/// JSON carries money as yuan with two decimals (`"1299.00"`), the edge form; reading also takes a number of yuan and
/// the `{"fen": …}` objects earlier versions wrote, so stored answers and files from them still read.
extension Money: Codable {
    private enum LegacyKeys: String, CodingKey { case fen }

    public init(from decoder: any Decoder) throws {
        // The edge form first: a failed attempt costs a thrown error, and strings are nearly all there is.
        let single = try decoder.singleValueContainer()
        let text: String
        if let string = try? single.decode(String.self) {
            text = string
        } else if let number = try? single.decode(Double.self) {
            text = String(number)
        } else {
            let object = try decoder.container(keyedBy: LegacyKeys.self)
            self.init(fen: try object.decode(Int64.self, forKey: .fen))
            return
        }
        guard let money = MoneyParser.parse(text) else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "'\(text)' is not an amount of money in yuan, e.g. \"29.90\"")
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(decimalString)
    }
}
