/// Two years of shop days shaped like Chinese e-commerce (618, 双11, 双12, 38节): virtual ticks spread over days by
/// how busy each day is, mapped monotonically to instants, so increasing ticks are increasing order times.
struct DemoTimeline: Sendable {
    let calendar: ShopCalendar
    let end: Instant
    /// Local midnight of each day (the last day is today, cut at `end`).
    private let dayStarts: [Int64]
    private let dayDates: [CivilDate]
    private let festival: [Bool]
    /// Cumulative virtual ticks at the end of each day.
    private let cumulative: [UInt64]
    /// Seconds of the last day that have passed at `end` (the last day is partial).
    private let lastDaySeconds: Int64
    /// Total number of virtual ticks, below 2^32.
    let ticks: UInt64
    /// `YYYY-MM-DD ` of each day, 11 bytes apiece, for writing times without a calendar conversion.
    private let dateText: [UInt8]
    /// Days from the first on that are exactly 86,400 s long and start 86,400 s apart (all of them in zones
    /// without daylight saving time).
    private let regularDays: Int

    static let historyDays = 730

    init(end: Instant, calendar: ShopCalendar) {
        self.calendar = calendar
        self.end = end
        let today = calendar.local(end).date
        let todayStart = calendar.instant(today, ClockTime(hour: 0, minute: 0, second: 0))
        lastDaySeconds = max(0, end.secondsSinceEpoch - todayStart.secondsSinceEpoch)
        let firstDay = today.daysSinceEpoch - Int64(DemoTimeline.historyDays)
        let dayCount = DemoTimeline.historyDays + (lastDaySeconds > 0 ? 1 : 0)
        var starts: [Int64] = [], dates: [CivilDate] = [], festivals: [Bool] = [], weights: [UInt64] = []
        for offset in 0..<dayCount {
            let date = CivilDate(daysSinceEpoch: firstDay + Int64(offset))
            dates.append(date)
            starts.append(calendar.instant(date, ClockTime(hour: 0, minute: 0, second: 0)).secondsSinceEpoch)
            festivals.append(DemoSeason.isFestival(date))
            var weight = DemoSeason.weight(date, dayOffset: offset, of: DemoTimeline.historyDays)
            if offset == DemoTimeline.historyDays { weight = weight * UInt64(lastDaySeconds) / 86_400 + 1 }
            weights.append(weight)
        }
        let sum = weights.reduce(0, +)
        let scale = max(1, (UInt64(1) << 31) / sum)
        var running: UInt64 = 0
        cumulative = weights.map { running += $0 * scale; return running }
        ticks = running
        dayStarts = starts
        dayDates = dates
        festival = festivals
        let text = DemoByteBuffer(capacity: dates.count * 11)
        for date in dates {
            text.date(year: date.year, month: date.month, day: date.day)
            text.byte(UInt8(ascii: " "))
        }
        dateText = text.bytes
        var regular = 0
        while regular < dayCount {
            let next = regular + 1 < dayCount ? starts[regular + 1]
                : calendar.instant(CivilDate(daysSinceEpoch: firstDay + Int64(dayCount)),
                                   ClockTime(hour: 0, minute: 0, second: 0)).secondsSinceEpoch
            let aligned = starts[regular] == starts[0] + Int64(regular) * 86_400
            guard aligned, next == starts[regular] + 86_400 else { break }
            regular += 1
        }
        regularDays = regular
    }

    /// Writes `2024-11-11 20:01:33` in the shop's local time, as `ShopCalendar.format` would.
    func writeTime(_ instant: Instant, _ out: DemoByteBuffer) {
        let since = instant.secondsSinceEpoch - dayStarts[0]
        let day = Int(since / 86_400)
        guard since >= 0, day < regularDays else {
            out.time(instant, calendar)
            return
        }
        out.append(dateText, from: day * 11, count: 11)
        out.clock(Int(since - Int64(day) * 86_400))
    }

    /// The start of the history: local midnight two years before today.
    var start: Instant { Instant(secondsSinceEpoch: dayStarts[0]) }

    /// The instant of virtual tick `tick` (`0 <= tick < ticks`); always before `end`.
    func instant(_ tick: UInt64) -> Instant {
        let low = day(of: tick)
        let dayStartTick = low == 0 ? 0 : cumulative[low - 1]
        let span = cumulative[low] - dayStartTick
        let offset = tick - dayStartTick
        let seconds: Int64
        if low == DemoTimeline.historyDays {
            seconds = Int64(offset * UInt64(lastDaySeconds) / span)
        } else {
            seconds = DemoSeason.secondOfDay(offset: offset, span: span, festival: festival[low])
        }
        return Instant(secondsSinceEpoch: dayStarts[low] + seconds)
    }

    /// The local date of tick `tick`'s day, without a calendar conversion.
    func date(_ tick: UInt64) -> CivilDate { dayDates[day(of: tick)] }

    private func day(of tick: UInt64) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > tick { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
