extension ShopCalendar {
    /// The start of a range as people write it: a bare date (`2026-11-01`) is the start of that day, shop time;
    /// anything else is read as a moment (`2026-11-01 08:00:00` shop time, or ISO 8601). Nil when it is neither.
    public func rangeStart(_ text: String) -> Instant? {
        if let date = CivilDateParser.parse(text), !text.contains(":") {
            return instant(date, ClockTime(hour: 0, minute: 0, second: 0))
        }
        if case .instant(let instant)? = DateTimeParser.parse(text, calendar: self) { return instant }
        return nil
    }
}
