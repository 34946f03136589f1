/// A cell's `t` attribute.
enum CellType {
    case number
    case sharedString
    case inlineString
    /// The string result of a formula.
    case formulaString
    case boolean
    case error
    /// An ISO 8601 date, rare (Strict OOXML).
    case isoDate

    init?(_ attribute: XMLByteSpan) {
        if attribute.matches("s") {
            self = .sharedString
        } else if attribute.matches("n") {
            self = .number
        } else if attribute.matches("str") {
            self = .formulaString
        } else if attribute.matches("inlineStr") {
            self = .inlineString
        } else if attribute.matches("b") {
            self = .boolean
        } else if attribute.matches("e") {
            self = .error
        } else if attribute.matches("d") {
            self = .isoDate
        } else {
            return nil
        }
    }
}
