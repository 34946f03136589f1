/// One token of an audience query with the 1-based column (in characters) where it starts.
struct AudienceToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare run of letters, digits and `- _ . / : %`.
        case word(String)
        /// A double-quoted value, unescaped.
        case quoted(String)
        /// `= != < <= > >= ( ) ,` (full-width and `== <> ≠ ≤ ≥` spellings are mapped to these).
        case symbol(String)
        case end
    }

    var kind: Kind
    var column: Int
    /// As written, for messages.
    var written: String

    /// How an error message names the token: `'days'`, or `end of query`.
    var found: String { kind == .end ? "end of query" : "'\(written)'" }

    /// The word, lower-cased, when the token is a bare word.
    var keyword: String? {
        if case let .word(word) = kind { return word.lowercased() }
        return nil
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }
}

/// Splits a query into tokens (keywords are told apart by the parser, values keep their case).
enum AudienceLexer {
    /// Characters a bare word is made of: letters (CJK included), digits and `- _ . / : %`.
    static func isWordCharacter(_ character: Character) -> Bool {
        if character.isLetter || character.isNumber { return true }
        switch character {
        case "-", "_", ".", "/", ":", "%": return true
        default: return false
        }
    }

    static func tokens(_ text: String) throws(AudienceSyntaxError) -> [AudienceToken] {
        let characters = Array(text)
        var tokens: [AudienceToken] = []
        var i = 0
        while i < characters.count {
            let character = characters[i]
            let column = i + 1
            if character.isWhitespace {
                i += 1
            } else if isWordCharacter(character) {
                var j = i
                while j < characters.count, isWordCharacter(characters[j]) { j += 1 }
                let word = String(characters[i ..< j])
                tokens.append(AudienceToken(kind: .word(word), column: column, written: word))
                i = j
            } else if character == "\"" || character == "“" {
                let closing: Character = character == "\"" ? "\"" : "”"
                var value = ""
                var j = i + 1
                var closed = false
                while j < characters.count {
                    let next = characters[j]
                    if next == "\\", j + 1 < characters.count, characters[j + 1] == "\"" || characters[j + 1] == "\\" {
                        value.append(characters[j + 1])
                        j += 2
                    } else if next == closing {
                        closed = true
                        j += 1
                        break
                    } else {
                        value.append(next)
                        j += 1
                    }
                }
                guard closed else {
                    throw AudienceSyntaxError(column: column, expected: "a closing '\(closing)' before the end of the query",
                                              found: "end of query", problem: "unterminated quote")
                }
                tokens.append(AudienceToken(kind: .quoted(value), column: column, written: String(characters[i ..< j])))
                i = j
            } else if let (symbol, length) = symbol(at: i, in: characters) {
                tokens.append(AudienceToken(kind: .symbol(symbol), column: column,
                                            written: String(characters[i ..< i + length])))
                i += length
            } else {
                throw AudienceSyntaxError(column: column, expected: "a condition, a value, an operator or a parenthesis",
                                          found: "'\(character)'")
            }
        }
        tokens.append(AudienceToken(kind: .end, column: characters.count + 1, written: ""))
        return tokens
    }

    /// The symbol starting at `i` and how many characters it takes.
    private static func symbol(at i: Int, in characters: [Character]) -> (String, Int)? {
        let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
        switch characters[i] {
        case "(", "（": return ("(", 1)
        case ")", "）": return (")", 1)
        case ",", "，", "、": return (",", 1)
        case "≠": return ("!=", 1)
        case "≤": return ("<=", 1)
        case "≥": return (">=", 1)
        case "=": return next == "=" ? ("=", 2) : ("=", 1)
        case "!": return next == "=" ? ("!=", 2) : nil
        case "<":
            if next == "=" { return ("<=", 2) }
            if next == ">" { return ("!=", 2) }
            return ("<", 1)
        case ">": return next == "=" ? (">=", 2) : (">", 1)
        default: return nil
        }
    }
}
