import Foundation

/// Converts between UTC instants and the shop's local wall-clock time. Every "day" in Regulars is a day here.
public struct ShopCalendar: Sendable {
    public let timeZone: TimeZone
    /// Offset of the last conversion, reused while the answer stays the same (zones change offsets rarely).
    private let fixedOffset: Int?

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        // A zone without transitions in the years that matter (Asia/Shanghai since 1991, UTC) converts with one offset.
        let probe = Date(timeIntervalSince1970: 1_000_000_000)
        let later = Date(timeIntervalSince1970: 2_000_000_000)
        let noDST = timeZone.nextDaylightSavingTimeTransition(after: probe) == nil
        self.fixedOffset = noDST && timeZone.secondsFromGMT(for: probe) == timeZone.secondsFromGMT(for: later)
            ? timeZone.secondsFromGMT(for: probe) : nil
    }

    public static let shanghai = ShopCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    public static let utc = ShopCalendar(timeZone: TimeZone(secondsFromGMT: 0)!)

    /// The instant at which the shop's clocks show `date` `time`.
    public func instant(_ date: CivilDate, _ time: ClockTime) -> Instant {
        let local = date.daysSinceEpoch * 86_400 + Int64(time.hour * 3600 + time.minute * 60 + time.second)
        if let fixedOffset { return Instant(secondsSinceEpoch: local - Int64(fixedOffset)) }
        var offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local))))
        offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - offset))))
        return Instant(secondsSinceEpoch: local - offset)
    }

    /// The shop's wall-clock date and time at `instant`.
    public func local(_ instant: Instant) -> (date: CivilDate, time: ClockTime) {
        let offset = fixedOffset ?? timeZone.secondsFromGMT(for: instant.date)
        return CivilDate.split(instant.secondsSinceEpoch + Int64(offset))
    }

    /// The shop's wall-clock time at `instant` as seconds since 1970-01-01 00:00 local (see `LocalTime`).
    public func localSeconds(_ instant: Instant) -> Int64 {
        instant.secondsSinceEpoch + Int64(fixedOffset ?? timeZone.secondsFromGMT(for: instant.date))
    }

    /// `2024-11-11 20:01:33` in the shop's time zone.
    public func format(_ instant: Instant) -> String {
        let (date, time) = local(instant)
        return "\(date) \(time.twoDigits(\.hour)):\(time.twoDigits(\.minute)):\(time.twoDigits(\.second))"
    }
}
