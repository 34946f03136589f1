import Foundation

/// A moment in UTC, whole seconds since 1970-01-01T00:00:00Z. Local days and hours come from `ShopCalendar`.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }
    public init(_ date: Date) { self.secondsSinceEpoch = Int64(date.timeIntervalSince1970.rounded(.down)) }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
    public static func + (lhs: Instant, seconds: Int64) -> Instant { Instant(secondsSinceEpoch: lhs.secondsSinceEpoch + seconds) }
    public static func - (lhs: Instant, seconds: Int64) -> Instant { Instant(secondsSinceEpoch: lhs.secondsSinceEpoch - seconds) }

    /// ISO 8601 in UTC, e.g. `2024-11-11T12:01:33Z`.
    public var description: String {
        let (date, time) = CivilDate.split(secondsSinceEpoch)
        return "\(date)T\(time.twoDigits(\.hour)):\(time.twoDigits(\.minute)):\(time.twoDigits(\.second))Z"
    }
}

/// A calendar date without a time zone (birthdays, local days).
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1, year >= 1 else { return false }
        return day <= CivilDate.daysIn(month: month, year: year)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch z0: Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), month: Int(m), day: Int(d))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `2024-11-11`
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (month < 10 ? "0" : "") + String(month)
            + "-" + (day < 10 ? "0" : "") + String(day)
    }

    static func split(_ seconds: Int64) -> (CivilDate, ClockTime) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        return (CivilDate(daysSinceEpoch: days), ClockTime(hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60))
    }
}

/// A wall-clock time of day.
public struct ClockTime: Hashable, Sendable, Codable {
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(hour: Int, minute: Int, second: Int) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    func twoDigits(_ part: KeyPath<ClockTime, Int>) -> String {
        let value = self[keyPath: part]
        return (value < 10 ? "0" : "") + String(value)
    }
}

/// JSON carries a moment as ISO 8601 in UTC (`"2026-11-11T00:00:00Z"`); reading also takes other ISO 8601 offsets and
/// the `{"secondsSinceEpoch": …}` objects earlier versions wrote.
extension Instant: Codable {
    private enum LegacyKeys: String, CodingKey { case secondsSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        guard let text = try? single.decode(String.self) else {
            let object = try decoder.container(keyedBy: LegacyKeys.self)
            self.init(secondsSinceEpoch: try object.decode(Int64.self, forKey: .secondsSinceEpoch))
            return
        }
        guard case .instant(let instant)? = DateTimeParser.parse(text, calendar: .utc) else {
            throw DecodingError.dataCorruptedError(in: single, debugDescription: "'\(text)' is not an ISO 8601 moment, e.g. 2026-11-11T00:00:00Z")
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(description)
    }
}
