/// Tells date and time number formats from the others, as Excel shows them.
enum DateFormatClassifier {
    /// Built-in formats, which styles.xml names only by id. Times count as date-times: a time still goes
    /// out as a full timestamp.
    static func style(builtInFormatID id: Int) -> DateStyle {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 18...22, 32...35, 45...47, 55, 56: return .dateTime
        default: return .none
        }
    }

    /// A custom format code such as `yyyy/mm/dd hh:mm:ss` or `[$-F800]dddd`: date letters outside quoted
    /// literals, escapes and bracketed sections (colours, locales), except elapsed time like `[h]`.
    static func style(formatCode: [UInt8]) -> DateStyle {
        var hasDate = false
        var hasTime = false
        var index = 0
        let count = formatCode.count
        while index < count {
            let byte = formatCode[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                while index < count, formatCode[index] != UInt8(ascii: "\"") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                index += 1  // the next character is a literal or padding
            case UInt8(ascii: "["):
                let start = index + 1
                while index < count, formatCode[index] != UInt8(ascii: "]") { index += 1 }
                if isElapsedTime(formatCode[start..<min(index, count)]) { hasTime = true }
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "d"), UInt8(ascii: "D"),
                 UInt8(ascii: "m"), UInt8(ascii: "M"):
                hasDate = true
            case UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "s"), UInt8(ascii: "S"):
                hasTime = true
            default:
                break
            }
            index += 1
        }
        return hasTime ? .dateTime : hasDate ? .date : .none
    }

    private static func isElapsedTime(_ section: ArraySlice<UInt8>) -> Bool {
        !section.isEmpty && section.allSatisfy { "hHmMsS".utf8.contains($0) }
    }
}
