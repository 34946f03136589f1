/// What a cell style's number format makes of a number.
enum DateStyle: UInt8, Sendable {
    /// A plain number.
    case none
    /// A date: written `yyyy-MM-dd`, with the time only if the value has one.
    case date
    /// Has hours or seconds: always written `yyyy-MM-dd HH:mm:ss`.
    case dateTime
}
