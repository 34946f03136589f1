/// The `trigger:` of a journey file: `first_order`, or `{type: cart_abandoned, hours: 24}` with the SPEC defaults for
/// the settings left out.
extension JourneyFile {
    /// Trigger types as written in a file, in the order of `Trigger`.
    public static let triggerTypes = [
        "order_paid", "first_order", "shipped", "delivered", "cart_abandoned", "cart_expired", "product_viewed",
        "presale_balance_due", "level_changed", "audience_entered", "audience_left", "birthday", "no_second_order",
        "repurchase", "silent",
    ]

    static func trigger(_ value: JourneyYAMLValue) throws(JourneyFileError) -> Trigger {
        var settings = TriggerSettings(value: value)
        let typeValue: JourneyYAMLValue
        if case .scalar = value.node {
            typeValue = value
        } else {
            var object = try value.object("a trigger such as first_order or {type: cart_abandoned, hours: 24}")
            typeValue = try object.require("type", "a trigger type such as first_order")
            settings.object = object
        }
        let type = try typeValue.text("a trigger type")
        let trigger: Trigger
        switch type {
        case "order_paid": trigger = .orderPaid
        case "first_order": trigger = .firstOrder
        case "shipped": trigger = .shipped
        case "delivered": trigger = .delivered
        case "cart_expired": trigger = .cartExpired
        case "cart_abandoned": trigger = .cartAbandoned(hours: try settings.number("hours", 24, 1 ... 720))
        case "product_viewed":
            trigger = .productViewed(minutes: try settings.number("minutes", 5, 1 ... 1440),
                                     times: try settings.number("times", 3, 1 ... 1000),
                                     withinHours: try settings.number("within_hours", 24, 1 ... 720))
        case "presale_balance_due":
            let deadline = try settings.required("deadline", "the balance deadline such as \"2026-11-11 20:00\"")
            let written = try deadline.text("a local date and time such as \"2026-11-11 20:00\"")
            guard let moment = JourneyFileScalars.localDateTime(written) else {
                throw deadline.failure("expected a local date and time such as \"2026-11-11 20:00\", found '\(written)'")
            }
            trigger = .presaleBalanceDue(deadline: moment, hoursBefore: try settings.number("hours_before", 24, 1 ... 720))
        case "level_changed":
            trigger = .levelChanged(to: try settings.optional("to").map(pyramidLevel))
        case "audience_entered":
            trigger = .audienceEntered(try audience(try settings.required("audience", "an audience query")))
        case "audience_left":
            trigger = .audienceLeft(try audience(try settings.required("audience", "an audience query")))
        case "birthday": trigger = .birthday(daysBefore: try settings.number("days_before", 3, 0 ... 60))
        case "no_second_order": trigger = .noSecondOrder(days: try settings.number("days", 7, 1 ... 3650))
        case "repurchase":
            trigger = .repurchase(days: try settings.number("days", 30, 1 ... 3650),
                                  cycles: try settings.optional("cycles").map(cycles) ?? [:])
        case "silent": trigger = .silent(days: try settings.number("days", 30, 1 ... 3650))
        default:
            throw typeValue.failure("unknown trigger '\(type)' (known: \(triggerTypes.joined(separator: ", ")))")
        }
        try settings.object?.finish()
        return trigger
    }

    /// A value-pyramid level by its English or Chinese name, held in English.
    private static func pyramidLevel(_ value: JourneyYAMLValue) throws(JourneyFileError) -> String {
        let written = try value.text("a pyramid level")
        guard let level = PyramidLevel(naming: written) ?? PyramidLevel(naming: written.lowercased()) else {
            let known = PyramidLevel.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: ", ")
            throw value.failure("unknown pyramid level '\(written)' (known: \(known))")
        }
        return level.rawValue
    }

    /// `{面霜: 45, SKU-30ML: 45}`: a category or SKU and its own repurchase cycle in days.
    private static func cycles(_ value: JourneyYAMLValue) throws(JourneyFileError) -> [String: Int] {
        var object = try value.object("a mapping of category or SKU to days, such as {面霜: 45}")
        var cycles: [String: Int] = [:]
        for key in object.keys {
            guard let days = object.take(key) else { throw object.keyFailure(key, "expected a number of days for '\(key)'") }
            guard !key.isEmpty, key.trimmingCharacters(in: .whitespaces) == key else {
                throw object.keyFailure(key, "a category or SKU must not be empty or start or end with spaces")
            }
            cycles[key] = try days.integer(in: 1 ... 3650, "a cycle in days")
        }
        return cycles
    }

    /// The settings of a trigger written as a mapping; in the one-word form every setting takes its default.
    private struct TriggerSettings {
        let value: JourneyYAMLValue
        var object: JourneyYAMLObject?

        mutating func optional(_ key: String) -> JourneyYAMLValue? { object?.take(key) }

        mutating func required(_ key: String, _ expected: String) throws(JourneyFileError) -> JourneyYAMLValue {
            guard object != nil else { throw value.failure("missing '\(key)' (\(expected)); write the trigger as {type: …, \(key): …}") }
            return try object!.require(key, expected)
        }

        mutating func number(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(JourneyFileError) -> Int {
            try optional(key)?.integer(in: range, key) ?? fallback
        }
    }

    static func render(_ trigger: Trigger) -> String {
        func flow(_ type: String, _ settings: [(String, String)] = []) -> String {
            "{" + (["type: " + type] + settings.map { "\($0.0): \($0.1)" }).joined(separator: ", ") + "}"
        }
        switch trigger {
        case .orderPaid: return flow("order_paid")
        case .firstOrder: return flow("first_order")
        case .shipped: return flow("shipped")
        case .delivered: return flow("delivered")
        case .cartExpired: return flow("cart_expired")
        case let .cartAbandoned(hours): return flow("cart_abandoned", [("hours", "\(hours)")])
        case let .productViewed(minutes, times, withinHours):
            return flow("product_viewed", [("minutes", "\(minutes)"), ("times", "\(times)"), ("within_hours", "\(withinHours)")])
        case let .presaleBalanceDue(deadline, hoursBefore):
            return flow("presale_balance_due", [("deadline", JourneyYAMLWriter.scalar(JourneyFileScalars.localDateTime(deadline))),
                                                ("hours_before", "\(hoursBefore)")])
        case let .levelChanged(to):
            return flow("level_changed", to.map { [("to", JourneyYAMLWriter.scalar($0))] } ?? [])
        case let .audienceEntered(audience): return flow("audience_entered", [("audience", JourneyYAMLWriter.scalar(audience))])
        case let .audienceLeft(audience): return flow("audience_left", [("audience", JourneyYAMLWriter.scalar(audience))])
        case let .birthday(daysBefore): return flow("birthday", [("days_before", "\(daysBefore)")])
        case let .noSecondOrder(days): return flow("no_second_order", [("days", "\(days)")])
        case let .repurchase(days, cycles):
            let written = cycles.sorted { $0.key < $1.key }
                .map { JourneyYAMLWriter.scalar($0.key) + ": \($0.value)" }.joined(separator: ", ")
            return flow("repurchase", [("days", "\(days)")] + (cycles.isEmpty ? [] : [("cycles", "{" + written + "}")]))
        case let .silent(days): return flow("silent", [("days", "\(days)")])
        }
    }
}
