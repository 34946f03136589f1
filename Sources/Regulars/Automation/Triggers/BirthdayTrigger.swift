/// Birthday care: at 00:00 local on the day `daysBefore` days before the birthday (negative: after it), every year.
/// A 29 February birthday is on 28 February in other years. Key `birthday:<year of the birthday>` — a birthday on
/// 2 January with three days before fires on 30 December of the year before, keyed with the January's year.
/// `birthday` is that year's birthday as `MM月dd日`.
enum BirthdayTrigger {
    static func occurrences(daysBefore: Int, birthday: CivilDate?, in window: TriggerWindow,
                            calendar: ShopCalendar) -> [TriggerOccurrence] {
        // Any year will do to check month and day; 2000 was a leap year, so 29 February passes.
        guard let birthday, CivilDate(year: 2000, month: birthday.month, day: birthday.day).isValid else { return [] }
        let midnight = ClockTime(hour: 0, minute: 0, second: 0)
        let offset = TriggerSpan.days(daysBefore) / 86_400
        let slack = Int(abs(offset) / 365) + 1
        // Held to the years 1…9999, so that a window "since ever" costs a few thousand steps at most.
        let reach: ClosedRange<Int64> = -62_135_596_800...253_402_300_799
        let firstYear = calendar.local(Instant(secondsSinceEpoch: window.after.clamped(to: reach))).date.year - slack
        let lastYear = calendar.local(Instant(secondsSinceEpoch: window.through.clamped(to: reach))).date.year + slack
        var found: [TriggerOccurrence] = []
        for year in firstYear...lastYear {
            let day = min(birthday.day, CivilDate.daysIn(month: birthday.month, year: year))
            let date = CivilDate(year: year, month: birthday.month, day: day)
            let firing = CivilDate(daysSinceEpoch: date.daysSinceEpoch - offset)
            let moment = calendar.instant(firing, midnight)
            guard window.contains(moment.secondsSinceEpoch) else { continue }
            found.append(TriggerOccurrence(key: "birthday:" + String(year), at: moment,
                                           variables: ["birthday": TriggerText.monthDay(date)]))
        }
        return found
    }
}

private extension Int64 {
    func clamped(to range: ClosedRange<Int64>) -> Int64 { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
