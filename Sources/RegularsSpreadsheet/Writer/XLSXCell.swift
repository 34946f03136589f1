/// One cell for `XLSXWriter`.
public enum XLSXCell: Sendable, Equatable {
    /// Goes to the shared strings table, or inline with `useInlineStrings`.
    case text(String)
    case number(Double)
    case integer(Int64)
    /// A wall-clock date and time, stored as a serial number with a `yyyy-mm-dd hh:mm:ss` style.
    case date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
    /// No cell is written; the following cells keep their columns.
    case empty
}
