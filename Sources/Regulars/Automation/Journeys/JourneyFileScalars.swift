/// The small written forms of a journey file: durations (`30m`, `12h`, `2d`), clock times (`10:00`) and local
/// date-times (`2026-11-11 20:00`), read and written back the same way.
enum JourneyFileScalars {
    static let units: [(suffix: Character, seconds: Int64)] = [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]

    /// `30m`, `12h`, `2d`, `1w` or `45s` in seconds; nil for anything else.
    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let seconds = units.first(where: { $0.suffix == unit })?.seconds else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let amount = Int64(digits) else { return nil }
        return amount * seconds
    }

    /// The shortest exact form: 172800 → `2d`, 5400 → `90m` (weeks are written in days, which read more plainly).
    static func duration(seconds: Int64) -> String {
        for (suffix, size) in units where suffix != "w" && seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(suffix)"
        }
        return "\(seconds)s"
    }

    /// `10:00`, `9:30` or `20:00:30`.
    static func clockTime(_ text: String) -> ClockTime? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2 ... 3).contains(parts.count), (1 ... 2).contains(parts[0].count),
              parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) ?? 0 : 0
        guard (0 ... 23).contains(hour), (0 ... 59).contains(minute), (0 ... 59).contains(second) else { return nil }
        return ClockTime(hour: hour, minute: minute, second: second)
    }

    /// `HH:mm`, with `:ss` only when the seconds are not zero.
    static func clockTime(_ time: ClockTime) -> String {
        let base = time.twoDigits(\.hour) + ":" + time.twoDigits(\.minute)
        return time.second == 0 ? base : base + ":" + time.twoDigits(\.second)
    }

    /// `2026-11-11 20:00` (or with a `T` between the date and the time).
    static func localDateTime(_ text: String) -> LocalDateTime? {
        let separator: Character = text.contains("T") ? "T" : " "
        let parts = text.split(separator: separator, omittingEmptySubsequences: true)
        guard parts.count == 2, let time = clockTime(String(parts[1])) else { return nil }
        let fields = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
              fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? LocalDateTime(date: date, time: time) : nil
    }

    static func localDateTime(_ value: LocalDateTime) -> String {
        "\(value.date) \(clockTime(value.time))"
    }
}
