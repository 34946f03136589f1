/// Reads an audience query into its tree by recursive descent: `or` of `and`s of (`not`)* primaries, a primary being
/// a parenthesised query or a condition (conditions are read in `AudienceParser+Conditions.swift`).
struct AudienceParser {
    let tokens: [AudienceToken]
    var position = 0

    init(_ text: String) throws(AudienceSyntaxError) {
        tokens = try AudienceLexer.tokens(text)
    }

    static func parse(_ text: String) throws(AudienceSyntaxError) -> AudienceExpression {
        var parser = try AudienceParser(text)
        return try parser.query()
    }

    /// The conditions the language knows, as an error lists them.
    static let conditionWords = AudienceActivityKind.allCases.map(\.rawValue) + AudienceNumberField.allCases.map(\.rawValue)
        + AudienceNameField.allCases.map(\.rawValue) + ["churn_risk"] + AudiencePredictionField.allCases.map(\.rawValue)
        + ["sleep_warning", "birthday"]
        + AudienceOrderDateField.allCases.map(\.rawValue)

    static let reservedWords: Set<String> = ["and", "or", "not"]

    mutating func query() throws(AudienceSyntaxError) -> AudienceExpression {
        if current.kind == .end {
            throw AudienceSyntaxError(column: 1, expected: "a condition such as bought sku:A within 90d",
                                      found: "end of query", problem: "empty query")
        }
        let expression = try disjunction()
        guard current.kind == .end else {
            if current.isSymbol(")") {
                throw AudienceSyntaxError(column: current.column, expected: "'and', 'or' or the end of the query",
                                          found: current.found, problem: "')' without a matching '('")
            }
            throw AudienceSyntaxError(column: current.column, expected: "'and', 'or' or the end of the query",
                                      found: current.found)
        }
        return expression
    }

    private mutating func disjunction() throws(AudienceSyntaxError) -> AudienceExpression {
        var items = [try conjunction()]
        while current.keyword == "or" {
            advance()
            items.append(try conjunction())
        }
        guard items.count > 1 else { return items[0] }
        return .or(items.flatMap { item -> [AudienceExpression] in
            if case let .or(inner) = item { return inner }
            return [item]
        })
    }

    private mutating func conjunction() throws(AudienceSyntaxError) -> AudienceExpression {
        var items = [try negation()]
        while current.keyword == "and" {
            advance()
            items.append(try negation())
        }
        guard items.count > 1 else { return items[0] }
        return .and(items.flatMap { item -> [AudienceExpression] in
            if case let .and(inner) = item { return inner }
            return [item]
        })
    }

    private mutating func negation() throws(AudienceSyntaxError) -> AudienceExpression {
        if current.keyword == "not" {
            advance()
            return .not(try negation())
        }
        return try primary()
    }

    private mutating func primary() throws(AudienceSyntaxError) -> AudienceExpression {
        let token = current
        if token.isSymbol("(") {
            advance()
            let inner = try disjunction()
            guard current.isSymbol(")") else {
                throw AudienceSyntaxError(column: current.column, expected: "')' to close '(' at column \(token.column)",
                                          found: current.found)
            }
            advance()
            return inner
        }
        guard let word = token.keyword, !Self.reservedWords.contains(word) else {
            throw AudienceSyntaxError(column: token.column, expected: "a condition\(afterPrevious)", found: token.found)
        }
        advance()
        return .condition(try condition(word, at: token))
    }

    // MARK: Tokens

    var current: AudienceToken { tokens[position] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// ` after 'X'` naming the token before the current one, or nothing at the start.
    var afterPrevious: String {
        position == 0 ? "" : " after '\(tokens[position - 1].written)'"
    }

    /// Takes the current token when it is the keyword `word`.
    mutating func accept(_ word: String) -> Bool {
        guard current.keyword == word else { return false }
        advance()
        return true
    }

    /// Takes the current token when it is the symbol, or says what was expected.
    mutating func expectSymbol(_ symbol: String, _ expected: String) throws(AudienceSyntaxError) {
        guard current.isSymbol(symbol) else {
            throw AudienceSyntaxError(column: current.column, expected: expected, found: current.found)
        }
        advance()
    }

    func failure(_ expected: String, problem: String? = nil) -> AudienceSyntaxError {
        AudienceSyntaxError(column: current.column, expected: expected, found: current.found, problem: problem)
    }
}
