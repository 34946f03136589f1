/// How busy a shop day and an hour of it are: growth over the two years, weekends, and the big sales.
enum DemoSeason {
    /// Relative weight of a day (about 100 on an ordinary weekday at the start).
    static func weight(_ date: CivilDate, dayOffset: Int, of days: Int) -> UInt64 {
        let growth = 70 + 60 * dayOffset / max(1, days)
        let weekday = (date.daysSinceEpoch % 7 + 7) % 7  // 0 is Thursday (1970-01-01)
        let weekend = weekday == 2 || weekday == 3 ? 115 : 100
        return UInt64(growth * weekend * seasonPercent(date) / 100)
    }

    /// The sales calendar: presale and 双11, 618, 双12, 38 女神节, the Spring Festival lull.
    static func seasonPercent(_ date: CivilDate) -> Int {
        switch (date.month, date.day) {
        case (11, 11): return 1500
        case (11, 1...10): return 260
        case (10, 20...31): return 180
        case (11, 12...13): return 150
        case (6, 18): return 900
        case (6, 1...17): return 200
        case (6, 19...20): return 130
        case (12, 12): return 300
        case (3, 8): return 300
        case (3, 5...7): return 150
        case (1, 25...31), (2, 1...10): return 60
        default: return 100
        }
    }

    /// Whether the day is a sale's peak, when orders rush in just after midnight.
    static func isFestival(_ date: CivilDate) -> Bool {
        switch (date.month, date.day) {
        case (11, 11), (6, 18), (12, 12): return true
        default: return false
        }
    }

    /// Whether orders that day come with sale discounts.
    static func isSalePeriod(_ date: CivilDate) -> Bool { seasonPercent(date) > 100 }

    /// Orders per hour of an ordinary day: quiet at night, peaks late morning and 20–23 h.
    private static let ordinaryHours = DemoWeights([20, 10, 5, 3, 2, 3, 8, 20, 35, 50, 60, 55,
                                                    55, 50, 50, 50, 48, 45, 45, 55, 70, 85, 80, 60])
    /// Orders per hour of a sale's peak day: the midnight rush.
    private static let festivalHours = DemoWeights([250, 120, 40, 10, 5, 5, 10, 20, 30, 35, 40, 35,
                                                    35, 30, 30, 30, 30, 30, 30, 40, 80, 60, 50, 45])

    /// Second of the day for `offset` ticks into a day of `span` ticks (monotonic in `offset`).
    static func secondOfDay(offset: UInt64, span: UInt64, festival: Bool) -> Int64 {
        let hours = festival ? festivalHours : ordinaryHours
        let total = UInt64(hours.total)
        let scaled = offset * total  // offset < 2^32, total < 2^10
        let hour = hours.index(of: Int(scaled / span))
        let hourStart = UInt64(hours.start(of: hour)) * span
        let hourWidth = UInt64(hours.start(of: hour + 1)) * span - hourStart
        let second = min(3599, (scaled - hourStart) * 3600 / max(1, hourWidth))
        return Int64(hour * 3600) + Int64(second)
    }
}
