/// Why an audience query could not be read: the 1-based column (in characters) where it went wrong, what was expected
/// there and what was found, e.g. `column 23: expected a duration such as 90d after 'within', found 'days'`.
public struct AudienceSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    /// What would have been understood there.
    public var expected: String
    /// What is there: a quoted token, or `end of query`.
    public var found: String
    /// Said before the expectation when the token itself is the trouble (`unknown condition 'byed'`).
    public var problem: String?

    public init(column: Int, expected: String, found: String, problem: String? = nil) {
        self.column = column
        self.expected = expected
        self.found = found
        self.problem = problem
    }

    public var description: String {
        if let problem { return "column \(column): \(problem); expected \(expected)" }
        return "column \(column): expected \(expected), found \(found)"
    }

    /// The query, a caret under the column, and the message: three lines for a terminal (wide CJK characters count two).
    public func annotating(_ query: String) -> String {
        let line = String(query.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 })
        let before = line.prefix(max(0, column - 1))
        let width = before.reduce(0) { $0 + Self.displayWidth($1) }
        return line + "\n" + String(repeating: " ", count: width) + "^\n" + description
    }

    /// Terminal cells a character takes: two for East Asian wide and full-width characters, one otherwise.
    static func displayWidth(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first?.value else { return 1 }
        switch scalar {
        case 0x1100 ... 0x115F, 0x2E80 ... 0x303E, 0x3041 ... 0x33FF, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF,
             0xA000 ... 0xA4CF, 0xAC00 ... 0xD7A3, 0xF900 ... 0xFAFF, 0xFE30 ... 0xFE4F, 0xFF00 ... 0xFF60,
             0xFFE0 ... 0xFFE6, 0x20000 ... 0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
