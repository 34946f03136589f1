/// Excel stores dates as a number of days (the serial) since an epoch, the time as its fraction.
enum ExcelSerialDate {
    /// Serial 25569 is 1970-01-01 in the 1900 date system; 24107 in the 1904 one (Mac Excel of old).
    static func serialOf1970(date1904: Bool) -> Int { date1904 ? 24_107 : 25_569 }

    /// The largest serial Excel accepts: 9999-12-31.
    static let maximumSerial = 2_958_465.0

    /// Appends `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` when the time is midnight and not asked for.
    /// False (and nothing written) when the serial is not a date Excel could show.
    static func append(serial: Double, date1904: Bool, alwaysWithTime: Bool, to output: inout [UInt8]) -> Bool {
        guard serial.isFinite, serial >= 0, serial < maximumSerial + 1 else { return false }
        let totalSeconds = Int((serial * 86_400).rounded())
        var days = totalSeconds / 86_400
        let seconds = totalSeconds % 86_400
        // Excel's 1900 system counts a 29 February 1900 that never was: serials before it are one day later.
        if !date1904, days >= 1, days < 60 { days += 1 }
        let date = CivilDate(daysSince1970: days - serialOf1970(date1904: date1904))
        DecimalDigits.append(Int64(date.year), to: &output)
        output.append(UInt8(ascii: "-"))
        DecimalDigits.appendTwoDigits(date.month, to: &output)
        output.append(UInt8(ascii: "-"))
        DecimalDigits.appendTwoDigits(date.day, to: &output)
        guard alwaysWithTime || seconds != 0 else { return true }
        output.append(UInt8(ascii: " "))
        DecimalDigits.appendTwoDigits(seconds / 3600, to: &output)
        output.append(UInt8(ascii: ":"))
        DecimalDigits.appendTwoDigits(seconds / 60 % 60, to: &output)
        output.append(UInt8(ascii: ":"))
        DecimalDigits.appendTwoDigits(seconds % 60, to: &output)
        return true
    }

    /// The serial (1900 system) of a wall-clock date and time.
    static func serial(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Double {
        var days = CivilDate(year: year, month: month, day: day).daysSince1970 + serialOf1970(date1904: false)
        if days >= 2, days < 61 { days -= 1 }
        let seconds = hour * 3600 + minute * 60 + second
        return Double(days) + Double(seconds) / 86_400
    }
}
