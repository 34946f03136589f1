/// The conditions of the language: activities, numbers, names, predictions, and the dated ones.
extension AudienceParser {
    mutating func condition(_ word: String, at token: AudienceToken) throws(AudienceSyntaxError) -> AudienceCondition {
        if let kind = AudienceActivityKind(rawValue: word) {
            return .activity(try activity(kind, written: token.written))
        }
        if let field = AudienceNumberField(rawValue: word) {
            return .number(field, try comparison(field.unit, written: token.written))
        }
        if let field = AudienceNameField(rawValue: word) {
            return .name(field, try nameMatch(written: token.written) { parser, after throws(AudienceSyntaxError) in
                try parser.name(field, after: after)
            })
        }
        if let field = AudiencePredictionField(rawValue: word) {
            return .prediction(field, try comparison(field.unit, written: token.written))
        }
        if let field = AudienceOrderDateField(rawValue: word) {
            return .orderDate(field, try dateTest(written: token.written))
        }
        switch word {
        case "churn_risk":
            return .churnRisk(try nameMatch(written: token.written) { parser, after throws(AudienceSyntaxError) in
                try parser.churnLevel(after: after)
            })
        case "sleep_warning":
            return .sleepWarning
        case "birthday":
            guard accept("within") else { throw failure("'within' after '\(token.written)'") }
            return .birthday(try duration(after: "within", units: [.days, .weeks],
                                          expected: "a duration in days or weeks such as 7d"))
        default:
            throw AudienceSyntaxError(column: token.column,
                                      expected: "one of " + Self.conditionWords.joined(separator: ", "),
                                      found: token.found, problem: "unknown condition '\(token.written)'")
        }
    }

    // MARK: Activities

    private mutating func activity(_ kind: AudienceActivityKind, written: String) throws(AudienceSyntaxError)
        -> AudienceActivity {
        var activity = AudienceActivity(kind: kind, target: try target(after: written), period: .ever, minimumSeconds: nil)
        var periodGiven = false
        while true {
            let token = current
            switch token.keyword {
            case "within", "ever", "between":
                guard !periodGiven else {
                    throw failure("'and', 'or' or the end of the query", problem: "a second period for '\(written)'")
                }
                activity.period = try period()
                periodGiven = true
            case "for":
                guard kind == .viewed else {
                    throw failure("'and', 'or' or the end of the query",
                                  problem: "'for' (how long a view lasted) applies to viewed only")
                }
                guard activity.minimumSeconds == nil else {
                    throw failure("'and', 'or' or the end of the query", problem: "a second 'for'")
                }
                advance()
                activity.minimumSeconds = try duration(after: "for", units: [.seconds, .minutes, .hours],
                                                       expected: "a duration such as 5m")
            default:
                return activity
            }
        }
    }

    private mutating func target(after keyword: String) throws(AudienceSyntaxError) -> AudienceProduct {
        let expected = "a target (sku:VALUE, category:VALUE or anything) after '\(keyword)'"
        guard case let .word(word) = current.kind else { throw failure(expected) }
        if word.lowercased() == "anything" {
            advance()
            return .anything
        }
        for prefix in ["sku:", "category:"] where word.prefix(prefix.count).lowercased() == prefix {
            var value = String(word.dropFirst(prefix.count))
            advance()
            if value.isEmpty {
                value = try self.value(prefix == "sku:" ? "a SKU after 'sku:'" : "a category after 'category:'")
            }
            return prefix == "sku:" ? .sku(value) : .category(value)
        }
        throw failure(expected)
    }

    private mutating func period() throws(AudienceSyntaxError) -> AudiencePeriod {
        if accept("ever") { return .ever }
        if accept("within") {
            return .within(try duration(after: "within", units: [.days, .weeks, .hours], expected: "a duration such as 90d"))
        }
        advance() // between
        let (from, to) = try dateRange()
        return .between(from, to)
    }

    // MARK: Numbers

    private mutating func comparison(_ unit: AudienceNumberUnit, written: String) throws(AudienceSyntaxError)
        -> AudienceComparison {
        if accept("between") {
            let low = try number(unit, after: "between")
            guard accept("and") else { throw failure("'and' after the lower bound") }
            let highToken = current
            let high = try number(unit, after: "and")
            guard high >= low else {
                throw AudienceSyntaxError(column: highToken.column,
                                          expected: "an upper bound at least \(AudienceCanonical.number(low, unit))",
                                          found: highToken.found)
            }
            return .between(low, high)
        }
        guard case let .symbol(symbol) = current.kind, let op = AudienceOperator(rawValue: symbol) else {
            throw failure("a comparison (=, !=, <, <=, >, >=) or 'between' after '\(written)'")
        }
        advance()
        return .compare(op, try number(unit, after: symbol))
    }

    /// A value of the unit, held as an integer (see `AudienceNumberUnit`).
    private mutating func number(_ unit: AudienceNumberUnit, after keyword: String) throws(AudienceSyntaxError) -> Int64 {
        let parsed: Int64?
        let expected: String
        let word: Substring = current.keyword.map { Substring($0) } ?? ""
        switch unit {
        case .count, .days:
            expected = "a whole number"
            parsed = Self.decimal(word, scale: 0)
        case .yuan:
            expected = "an amount in yuan such as 199.90"
            parsed = word.first == "-" ? Self.decimal(word.dropFirst(), scale: 2).map { -$0 } : Self.decimal(word, scale: 2)
        case .score:
            expected = "a score from 1 to 5"
            parsed = Self.decimal(word, scale: 0).flatMap { (1 ... 5).contains($0) ? $0 : nil }
        case .share:
            expected = "a share such as 0.5 or 50%"
            let share = word.last == "%" ? Self.decimal(word.dropLast(), scale: 2) : Self.decimal(word, scale: 4)
            parsed = share.flatMap { $0 <= 10_000 ? $0 : nil }
        case .decimal:
            expected = "a number such as 1 or 1.5"
            parsed = Self.decimal(word, scale: 2)
        }
        guard let parsed else { throw failure("\(expected) after '\(keyword)'") }
        advance()
        return parsed
    }

    /// `12.5` with scale 2 is 1250; nil for anything but digits with at most `scale` decimals (and at most 15 digits).
    static func decimal(_ text: Substring, scale: Int) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.count + scale <= 15, fraction.count <= scale, parts.count == 1 || !fraction.isEmpty,
              (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let digits = whole + fraction + String(repeating: "0", count: scale - fraction.count)
        return Int64(digits)
    }

    // MARK: Names

    /// `= v`, `!= v`, `in (v, …)` or `not in (v, …)`, each value read by `read` (given what it follows).
    private mutating func nameMatch(written: String,
                                    _ read: (inout AudienceParser, _ after: String) throws(AudienceSyntaxError) -> String)
        throws(AudienceSyntaxError) -> AudienceNameMatch {
        if current.isSymbol("=") || current.isSymbol("!=") {
            let negated = current.isSymbol("!=")
            let symbol = current.written
            advance()
            return AudienceNameMatch(values: [try read(&self, symbol)], negated: negated)
        }
        var negated = false
        if current.keyword == "not", tokens[position + 1].keyword == "in" {
            negated = true
            advance()
        }
        guard accept("in") else { throw failure("'=', '!=', 'in' or 'not in' after '\(written)'") }
        try expectSymbol("(", "'(' after 'in'")
        var values = [try read(&self, "(")]
        while current.isSymbol(",") {
            advance()
            values.append(try read(&self, ","))
        }
        try expectSymbol(")", "',' or ')' in the list of values")
        return AudienceNameMatch(values: values, negated: negated)
    }

    /// A churn risk level in English or Chinese (`high`, `高`, `高风险`), held in English.
    private mutating func churnLevel(after keyword: String) throws(AudienceSyntaxError) -> String {
        let token = current
        let text = try value("a churn risk level after '\(keyword)'")
        guard let level = ChurnLevel.allCases.first(where: { level in
            level.rawValue == text.lowercased() || level.label == text || level.label + "风险" == text
        }) else {
            throw AudienceSyntaxError(column: token.column,
                                      expected: "one of " + ChurnLevel.allCases.map { "\($0.label) \($0.rawValue)" }
                                          .joined(separator: ", "),
                                      found: token.found, problem: "unknown churn risk level '\(text)'")
        }
        return level.rawValue
    }

    /// A value of the field: class, pyramid and lifecycle names are checked and held in English.
    private mutating func name(_ field: AudienceNameField, after keyword: String) throws(AudienceSyntaxError) -> String {
        let token = current
        let text = try value("a value after '\(keyword)'")
        func unknown(_ what: String, _ accepted: [String]) -> AudienceSyntaxError {
            AudienceSyntaxError(column: token.column, expected: "one of " + accepted.joined(separator: ", "),
                                found: token.found, problem: "unknown \(what) '\(text)'")
        }
        switch field {
        case .rfmClass:
            guard let known = RFMClass.allCases.first(where: { $0.label == text }) ?? RFMClass(naming: text)
                ?? RFMClass(naming: text.lowercased()) else {
                throw unknown("RFM class", RFMClass.allCases.map { "\($0.label) \($0.rawValue)" })
            }
            return known.rawValue
        case .pyramid:
            guard let known = PyramidLevel.allCases.first(where: { $0.label == text }) ?? PyramidLevel(naming: text)
                ?? PyramidLevel(naming: text.lowercased()) else {
                throw unknown("pyramid level", PyramidLevel.allCases.map { "\($0.label) \($0.rawValue)" })
            }
            return known.rawValue
        case .lifecycle:
            guard let known = LifecycleStage.allCases.first(where: { $0.label == text }) ?? LifecycleStage(naming: text)
                ?? LifecycleStage(naming: text.lowercased()) else {
                throw unknown("lifecycle stage", LifecycleStage.allCases.map { "\($0.label) \($0.rawValue)" })
            }
            return known.rawValue
        case .channel:
            return AudienceVocabulary.channel(text)
        case .region, .tag:
            return text
        }
    }

    /// A bare word (not `and`, `or`, `not`) or a quoted value.
    mutating func value(_ expected: String) throws(AudienceSyntaxError) -> String {
        switch current.kind {
        case let .quoted(text):
            advance()
            return text
        case let .word(word) where !Self.reservedWords.contains(word.lowercased()):
            advance()
            return word
        default:
            throw failure(expected)
        }
    }

    // MARK: Times and dates

    private mutating func dateTest(written: String) throws(AudienceSyntaxError) -> AudienceDateTest {
        if accept("within") {
            return .within(try duration(after: "within", units: [.days, .weeks],
                                        expected: "a duration in days or weeks such as 30d"))
        }
        if accept("between") {
            let (from, to) = try dateRange()
            return .between(from, to)
        }
        guard case let .symbol(symbol) = current.kind, let op = AudienceOperator(rawValue: symbol) else {
            throw failure("'within', 'between' or a comparison (=, !=, <, <=, >, >=) after '\(written)'")
        }
        advance()
        return .compare(op, try date(after: symbol))
    }

    /// `D1 and D2` after `between`, with D2 not before D1.
    private mutating func dateRange() throws(AudienceSyntaxError) -> (CivilDate, CivilDate) {
        let from = try date(after: "between")
        guard accept("and") else { throw failure("'and' after the first date") }
        let toToken = current
        let to = try date(after: "and")
        guard to >= from else {
            throw AudienceSyntaxError(column: toToken.column, expected: "a date on or after \(from)", found: toToken.found)
        }
        return (from, to)
    }

    /// `2024-01-31` (or `2024/1/31`), a real calendar date.
    private mutating func date(after keyword: String) throws(AudienceSyntaxError) -> CivilDate {
        let expected = "a date such as 2024-01-31 after '\(keyword)'"
        guard case let .word(word) = current.kind else { throw failure(expected) }
        let separator: Character = word.contains("/") ? "/" : "-"
        let parts = word.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1 ... 2).contains(parts[1].count), (1 ... 2).contains(parts[2].count),
              let year = Self.decimal(parts[0], scale: 0), let month = Self.decimal(parts[1], scale: 0),
              let day = Self.decimal(parts[2], scale: 0)
        else { throw failure(expected) }
        let date = CivilDate(year: Int(year), month: Int(month), day: Int(day))
        guard date.isValid else { throw failure(expected, problem: "'\(word)' is not a calendar date") }
        advance()
        return date
    }

    /// `90d`, `12w`, `24h`, `5m`, `30s` with a unit from `units`, 1 to 100 000 of them.
    mutating func duration(after keyword: String, units: [AudienceDuration.Unit], expected: String)
        throws(AudienceSyntaxError) -> AudienceDuration {
        guard let word = current.keyword, let last = word.last,
              let unit = AudienceDuration.Unit(rawValue: String(last)), units.contains(unit),
              let amount = Self.decimal(word.dropLast(), scale: 0), (1 ... 100_000).contains(amount)
        else { throw failure("\(expected) after '\(keyword)'") }
        advance()
        return AudienceDuration(amount: Int(amount), unit: unit)
    }
}
