/// Writes a query tree back as text: keywords lower-case, values quoted only where a bare word would not read back,
/// parentheses only where precedence needs them. Parsing the result gives the same tree.
enum AudienceCanonical {
    static func text(_ expression: AudienceExpression) -> String {
        switch expression {
        case let .or(items):
            return items.map { text($0) }.joined(separator: " or ")
        case let .and(items):
            return items.map { item in
                if case .or = item { return "(" + text(item) + ")" }
                return text(item)
            }.joined(separator: " and ")
        case let .not(inner):
            switch inner {
            case .and, .or: return "not (" + text(inner) + ")"
            case .not, .condition: return "not " + text(inner)
            }
        case let .condition(condition):
            return text(condition)
        }
    }

    static func text(_ condition: AudienceCondition) -> String {
        switch condition {
        case let .activity(activity):
            var parts = [activity.kind.rawValue, target(activity.target)]
            if let minimum = activity.minimumSeconds { parts.append("for " + minimum.text) }
            parts.append(period(activity.period))
            return parts.joined(separator: " ")
        case let .number(field, comparison):
            return numbers(field.rawValue, comparison, field.unit)
        case let .name(field, match):
            return names(field.rawValue, match)
        case let .prediction(field, comparison):
            return numbers(field.rawValue, comparison, field.unit)
        case let .churnRisk(match):
            return names("churn_risk", match)
        case .sleepWarning:
            return "sleep_warning"
        case let .birthday(duration):
            return "birthday within \(duration.text)"
        case let .orderDate(field, test):
            switch test {
            case let .within(duration): return "\(field.rawValue) within \(duration.text)"
            case let .between(from, to): return "\(field.rawValue) between \(from) and \(to)"
            case let .compare(op, date): return "\(field.rawValue) \(op.rawValue) \(date)"
            }
        }
    }

    private static func numbers(_ field: String, _ comparison: AudienceComparison, _ unit: AudienceNumberUnit) -> String {
        switch comparison {
        case let .compare(op, value): return "\(field) \(op.rawValue) \(number(value, unit))"
        case let .between(low, high): return "\(field) between \(number(low, unit)) and \(number(high, unit))"
        }
    }

    private static func names(_ field: String, _ match: AudienceNameMatch) -> String {
        let values = match.values.map(value)
        if values.count == 1 { return "\(field) \(match.negated ? "!=" : "=") \(values[0])" }
        return "\(field) \(match.negated ? "not in" : "in") (\(values.joined(separator: ", ")))"
    }

    static func target(_ target: AudienceProduct) -> String {
        switch target {
        case let .sku(sku): return "sku:" + value(sku)
        case let .category(category): return "category:" + value(category)
        case .anything: return "anything"
        }
    }

    static func period(_ period: AudiencePeriod) -> String {
        switch period {
        case .ever: return "ever"
        case let .within(duration): return "within " + duration.text
        case let .between(from, to): return "between \(from) and \(to)"
        }
    }

    /// A value as a bare word when it reads back as one, else double-quoted with `\"` and `\\` escapes.
    static func value(_ text: String) -> String {
        let bare = !text.isEmpty && text.allSatisfy(AudienceLexer.isWordCharacter)
            && !AudienceParser.reservedWords.contains(text.lowercased())
        if bare { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// A held number as written: yuan and decimals with up to two decimals, shares as a percentage.
    static func number(_ value: Int64, _ unit: AudienceNumberUnit) -> String {
        switch unit {
        case .count, .days, .score: return String(value)
        case .yuan, .decimal: return decimal(value, scale: 2)
        case .share: return decimal(value, scale: 2) + "%"
        }
    }

    /// `1250` at scale 2 is `12.5`; trailing zeros of the fraction are dropped.
    static func decimal(_ value: Int64, scale: Int) -> String {
        var divisor: Int64 = 1
        for _ in 0 ..< scale { divisor *= 10 }
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(divisor), fraction = magnitude % UInt64(divisor)
        var text = (value < 0 ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: scale - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
