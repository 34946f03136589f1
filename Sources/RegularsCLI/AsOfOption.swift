import ArgumentParser
import Regulars

/// `--as-of`: the moment segments are computed for, in the shop's time zone; the clock when not given.
struct AsOfOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The moment to compute for: 2026-11-20 (end of that day) or 2026-11-20 18:00:00, shop time. Default: now.")
    var asOf: String?

    func validate() throws {
        if let asOf, Self.parse(asOf, calendar: .shanghai) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date like 2026-11-20 or 2026-11-20 18:00:00")
        }
    }

    func instant(_ calendar: ShopCalendar) -> Instant {
        asOf.flatMap { Self.parse($0, calendar: calendar) } ?? currentInstant()
    }

    /// A bare date means the end of that day: everything bought on it counts.
    static func parse(_ text: String, calendar: ShopCalendar) -> Instant? {
        if let date = CivilDateParser.parse(text), !text.contains(":") {
            return calendar.instant(date, ClockTime(hour: 23, minute: 59, second: 59))
        }
        if case .instant(let instant)? = DateTimeParser.parse(text, calendar: calendar) { return instant }
        return nil
    }
}

/// A date option for ranges (`--from 2026-11-01`): the start of that day, shop time.
enum DayBoundary {
    static func start(_ text: String, calendar: ShopCalendar) throws -> Instant {
        guard let instant = calendar.rangeStart(text) else {
            throw CommandFailure("'\(text)' is not a date like 2026-11-01 or 2026-11-01 08:00:00")
        }
        return instant
    }
}
