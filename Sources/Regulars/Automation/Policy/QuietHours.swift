import Foundation

/// A nightly window, in the shop's local time, when no message goes out; messages due inside it wait for its end.
/// `start` is inside, `end` is not. It may wrap midnight (21:00–09:00); equal ends make an empty window.
public struct QuietHours: Sendable, Equatable, Codable {
    public var start: ClockTime
    public var end: ClockTime

    public init(start: ClockTime, end: ClockTime) {
        self.start = start
        self.end = end
    }

    /// 21:00–09:00, the default.
    public static let night = QuietHours(start: ClockTime(hour: 21, minute: 0, second: 0),
                                         end: ClockTime(hour: 9, minute: 0, second: 0))

    /// Whether the shop's clock showing `time` is inside the window.
    public func contains(_ time: ClockTime) -> Bool {
        let now = Self.secondOfDay(time), from = Self.secondOfDay(start), to = Self.secondOfDay(end)
        if from < to { return now >= from && now < to }
        if from > to { return now >= from || now < to }
        return false
    }

    /// When a message due at `now` may go out: `now` outside the window, else the window's next end. A clock time
    /// skipped by a daylight-saving change counts from the same length later (02:30 in a 02:00–03:00 gap is 03:30).
    public func release(after now: Instant, calendar: ShopCalendar) -> Instant {
        let (date, time) = calendar.local(now)
        guard contains(time) else { return now }
        let endDate = Self.secondOfDay(time) < Self.secondOfDay(end) ? date : CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
        var moment = calendar.instant(endDate, end)
        let wanted = endDate.daysSinceEpoch * 86_400 + Int64(Self.secondOfDay(end))
        let shown = calendar.localSeconds(moment)
        if shown < wanted { moment = moment + (wanted - shown) }
        return moment > now ? moment : now
    }

    /// Reads `21:00-09:00` (also `21:00~09:00`, `21:00–09:00`); nil when it is not two different clock times.
    public init?(text: String) {
        let separators: Set<Character> = ["-", "~", "–", "—", "至"]
        let parts = text.split(whereSeparator: { separators.contains($0) })
        guard parts.count == 2, let start = Self.clockTime(parts[0]), let end = Self.clockTime(parts[1]), start != end else {
            return nil
        }
        self.init(start: start, end: end)
    }

    /// The settings form, `21:00-09:00` (seconds only when set).
    public var text: String { Self.format(start) + "-" + Self.format(end) }

    static func secondOfDay(_ time: ClockTime) -> Int { time.hour * 3600 + time.minute * 60 + time.second }

    private static func clockTime(_ text: Substring) -> ClockTime? {
        let fields = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields.allSatisfy({ (1...2).contains($0.count) }) else { return nil }
        let numbers = fields.compactMap { Int($0) }
        guard numbers.count == fields.count, (0...23).contains(numbers[0]), (0...59).contains(numbers[1]) else { return nil }
        let second = numbers.count == 3 ? numbers[2] : 0
        guard (0...59).contains(second) else { return nil }
        return ClockTime(hour: numbers[0], minute: numbers[1], second: second)
    }

    private static func format(_ time: ClockTime) -> String {
        func two(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
        return two(time.hour) + ":" + two(time.minute) + (time.second == 0 ? "" : ":" + two(time.second))
    }
}
