/// Writes text as a YAML scalar: plain when it cannot be misread (`新客7天培养`, `second-order-10`), otherwise
/// double-quoted with escapes, so it is read back exactly in a block or in a flow mapping.
enum JourneyYAMLWriter {
    static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += scalar.value > 0xFFFF ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Control characters, and the ones YAML takes as line breaks or a byte-order mark.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0 ..< 0x20, 0x7F ... 0x9F, 0x2028, 0x2029, 0xFEFF: return true
        default: return scalar.properties.isNoncharacterCodePoint
        }
    }

    /// Letters, digits, `_`, `-`, `.`, `/` and inner spaces, starting with a letter or `_`, and not a word YAML reads
    /// as null or a boolean. Anything else is quoted.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              last != " ", isPlainLetter(first) || first == "_" else { return false }
        let reserved: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"]
        guard !reserved.contains(text.lowercased()) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            isPlainLetter(scalar) || ("0" ... "9").contains(scalar) || "_-./ ".unicodeScalars.contains(scalar)
        }
    }

    /// ASCII letters, or any non-ASCII character that is not a space, a separator, a control or a mark of its own.
    private static func isPlainLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return ("a" ... "z").contains(scalar) || ("A" ... "Z").contains(scalar) }
        if needsEscape(scalar) || scalar.properties.isWhitespace { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .privateUse,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return false
        default:
            return true
        }
    }
}
