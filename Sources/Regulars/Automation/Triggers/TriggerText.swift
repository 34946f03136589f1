/// How triggers print moments for messages.
enum TriggerText {
    /// `11月10日 20:00` — month, day, hour and minute with two digits each.
    static func monthDayTime(_ moment: LocalDateTime) -> String {
        monthDay(moment.date) + " " + twoDigits(moment.time.hour) + ":" + twoDigits(moment.time.minute)
    }

    /// `05月20日`
    static func monthDay(_ date: CivilDate) -> String {
        twoDigits(date.month) + "月" + twoDigits(date.day) + "日"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 && value >= 0 ? "0" + String(value) : String(value)
    }
}
