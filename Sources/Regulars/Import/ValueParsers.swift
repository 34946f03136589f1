/// Money as platforms write it: `1299`, `1,299.00`, `¥1,299.00`, `￥34`, `34.00元`, `-5.5`, `RMB 12`.
public enum MoneyParser {
    public static func parse(_ text: String) -> Money? {
        if let plain = parsePlain(text) { return plain }
        var utf8 = Substring(text).utf8[...]
        // Currency marks before the number.
        for prefix in ["¥", "￥", "RMB", "CNY"] {
            if utf8.starts(with: prefix.utf8) { utf8 = utf8.dropFirst(prefix.utf8.count) }
        }
        for suffix in ["元", "RMB", "CNY"] {
            if utf8.count >= suffix.utf8.count, utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
                utf8 = utf8.dropLast(suffix.utf8.count)
            }
        }
        var negative = false
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var inFraction = false
        var index = utf8.startIndex
        // Skip spaces left between the symbol and the number.
        while index < utf8.endIndex, utf8[index] == 0x20 { index = utf8.index(after: index) }
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") {
            negative = true
            index = utf8.index(after: index)
        } else if index < utf8.endIndex, utf8[index] == UInt8(ascii: "+") {
            index = utf8.index(after: index)
        }
        while index < utf8.endIndex {
            let byte = utf8[index]
            switch byte {
            case 48...57:
                sawDigit = true
                if inFraction {
                    fractionDigits += 1
                    // Digits past the fen must be zeros: 12.3400 is fine, 12.345 is not money.
                    if fractionDigits > 2 { if byte != 48 { return nil } } else { fraction = fraction * 10 + Int64(byte - 48) }
                } else {
                    guard whole < 1_000_000_000_000 else { return nil }
                    whole = whole * 10 + Int64(byte - 48)
                }
            case UInt8(ascii: "."):
                if inFraction { return nil }
                inFraction = true
            case UInt8(ascii: ","):
                if inFraction { return nil }
            case 0x20:
                // Trailing spaces only.
                if utf8[index...].contains(where: { $0 != 0x20 }) { return nil }
                index = utf8.endIndex
                continue
            default:
                return nil
            }
            index = utf8.index(after: index)
        }
        guard sawDigit else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let fen = whole * 100 + fraction
        return Money(fen: negative ? -fen : fen)
    }
}

extension MoneyParser {
    /// The common case without symbols or grouping (`129.00`, `-5.5`, `34`), read straight from the bytes.
    @inline(__always)
    static func parsePlain(_ text: String) -> Money? {
        var copy = text
        return copy.withUTF8 { bytes -> Money? in
            guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
            var index = 0
            let negative = bytes[0] == UInt8(ascii: "-")
            if negative { index = 1 }
            var whole: Int64 = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                whole = whole * 10 + Int64(bytes[index] - 48)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            var fraction: Int64 = 0
            if index < bytes.count {
                guard bytes[index] == UInt8(ascii: "."), bytes.count - index - 1 <= 2, bytes.count - index - 1 >= 1 else { return nil }
                index += 1
                var scale: Int64 = 10
                while index < bytes.count {
                    let byte = bytes[index]
                    guard byte >= 48, byte <= 57 else { return nil }
                    fraction += Int64(byte - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            let fen = whole * 100 + fraction
            return Money(fen: negative ? -fen : fen)
        }
    }
}

/// Local date-times as exports write them, read in the shop's time zone:
/// `2024-11-11 20:01:33`, `2024/11/11 20:01`, `2024/1/5 8:03:00`, `2024-11-11`, `2024年11月11日 20:01:33`,
/// ISO 8601 with `T` and an offset or `Z`, and Unix epoch seconds or milliseconds.
public enum DateTimeParser {
    public enum Parsed: Equatable, Sendable {
        case instant(Instant)
        /// A placeholder for "never happened" (JD's `0001-01-01 00:00:00`).
        case empty
    }

    public static func parse(_ text: String, calendar: ShopCalendar) -> Parsed? {
        if let fixed = parseFixedWidth(text, calendar: calendar) { return fixed }
        let bytes = Array(text.utf8)
        var numbers: [Int] = []
        var separators: [UInt8] = []
        var current = -1
        var digitsInCurrent = 0
        var index = 0
        var offsetSeconds: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                if current < 0 { current = 0; digitsInCurrent = 0 }
                guard digitsInCurrent < 14 else { return nil }
                current = current * 10 + Int(byte - 48)
                digitsInCurrent += 1
                index += 1
                continue
            }
            if current >= 0 { numbers.append(current); current = -1 }
            // A zone designator after the seconds: Z, +08:00, +0800.
            if numbers.count >= 5, byte == UInt8(ascii: "Z") || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && numbers.count >= 6) {
                if byte == UInt8(ascii: "Z") { offsetSeconds = 0; index += 1; break }
                let rest = bytes[(index + 1)...].filter { $0 >= 48 && $0 <= 57 }.map { Int($0 - 48) }
                guard rest.count == 4 || rest.count == 2 else { return nil }
                let hours = rest[0] * 10 + rest[1]
                let minutes = rest.count == 4 ? rest[2] * 10 + rest[3] : 0
                offsetSeconds = (hours * 3600 + minutes * 60) * (byte == UInt8(ascii: "-") ? -1 : 1)
                index = bytes.count
                break
            }
            separators.append(byte)
            index += 1
        }
        if current >= 0 { numbers.append(current) }
        if index < bytes.count, bytes[index...].contains(where: { $0 != 0x20 }) { return nil }

        // Epoch seconds (10 digits) or milliseconds (13 digits).
        if numbers.count == 1, separators.isEmpty {
            if bytes.count == 10 { return .instant(Instant(secondsSinceEpoch: Int64(numbers[0]))) }
            if bytes.count == 13 { return .instant(Instant(secondsSinceEpoch: Int64(numbers[0] / 1000))) }
            if bytes.count == 8 {
                // 20241111
                let n = numbers[0]
                return civil(year: n / 10000, month: n / 100 % 100, day: n % 100, hour: 0, minute: 0, second: 0,
                             offset: nil, calendar: calendar)
            }
            return nil
        }
        guard numbers.count >= 3, numbers.count <= 7 else { return nil }
        // ASCII separators, or the multi-byte 年月日 (every byte ≥ 0x80).
        guard separators.allSatisfy({ isSeparator($0) || $0 >= 0x80 }) else { return nil }
        let hour = numbers.count > 3 ? numbers[3] : 0
        let minute = numbers.count > 4 ? numbers[4] : 0
        let second = numbers.count > 5 ? numbers[5] : 0
        return civil(year: numbers[0], month: numbers[1], day: numbers[2], hour: hour, minute: minute,
                     second: second, offset: offsetSeconds, calendar: calendar)
    }

    /// `2024-11-11 20:01:33` and `2024/11/11 20:01:33`, the shape nearly every export uses, without allocating.
    @inline(__always)
    static func parseFixedWidth(_ text: String, calendar: ShopCalendar) -> Parsed? {
        var copy = text
        return copy.withUTF8 { b -> Parsed? in
            guard b.count == 19, b[4] == b[7], b[4] == UInt8(ascii: "-") || b[4] == UInt8(ascii: "/"),
                  b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":")
            else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for i in from..<(from + count) {
                    let byte = b[i]
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                  let minute = number(14, 2), let second = number(17, 2) else { return nil }
            return civil(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: nil,
                         calendar: calendar)
        }
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: "T") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")
    }

    private static func civil(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int?,
                              calendar: ShopCalendar) -> Parsed? {
        if year <= 1 && month <= 1 && day <= 1 { return .empty }
        let date = CivilDate(year: year, month: month, day: day)
        guard year >= 1900, year <= 2200, date.isValid, hour < 24, minute < 60, second < 61 else { return nil }
        let time = ClockTime(hour: hour, minute: minute, second: min(second, 59))
        if let offset {
            let local = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + time.second)
            return .instant(Instant(secondsSinceEpoch: local - Int64(offset)))
        }
        return .instant(calendar.instant(date, time))
    }
}

/// Calendar dates without a zone (birthdays): `1990-05-17`, `1990/5/17`, `19900517`, `1990年5月17日`;
/// a time part, if present, is ignored.
public enum CivilDateParser {
    private static let utc = ShopCalendar(timeZone: TimeZone(secondsFromGMT: 0)!)

    public static func parse(_ text: String) -> CivilDate? {
        guard case .instant(let instant)? = DateTimeParser.parse(text, calendar: utc) else { return nil }
        return CivilDate.split(instant.secondsSinceEpoch).0
    }
}

/// Quantities: whole numbers, written `2`, `2.0` or `2件`.
public enum QuantityParser {
    public static func parse(_ text: String) -> Int32? {
        var trimmed = Substring(text)
        for suffix in ["件", "个", "pcs"] where trimmed.hasSuffix(suffix) { trimmed = trimmed.dropLast(suffix.count) }
        if let value = Int32(trimmed) { return value }
        if let money = MoneyParser.parse(String(trimmed)), money.fen % 100 == 0 {
            return Int32(exactly: money.fen / 100)
        }
        return nil
    }
}

import Foundation
