/// A JSON Schema (the subset OpenAPI 3.1 documents here use): it is written once per request and response body,
/// rendered into `/openapi.json`, and checked against every request body before a handler sees it, so what the
/// document promises and what the server refuses cannot drift apart.
public indirect enum Schema: Sendable {
    case string(StringRule)
    case integer(minimum: Int64?, maximum: Int64?)
    case number
    case boolean
    case array(Schema, minItems: Int, maxItems: Int?)
    case object(ObjectSchema)
    /// A named schema under `components/schemas`.
    case ref(String)
    case nullable(Schema)
    /// Any JSON object; its own decoder checks it field by field (promotions, coupon templates, carts).
    case freeObject(description: String)

    public struct StringRule: Sendable {
        public var format: String?
        public var pattern: String?
        public var values: [String]?
        public var minLength: Int?
        public var maxLength: Int?
        public var description: String?
    }

    public struct ObjectSchema: Sendable {
        public var properties: [(name: String, schema: Schema)]
        public var required: Set<String>
        public var description: String?
    }

    // MARK: Builders

    public static func string(format: String? = nil, pattern: String? = nil, minLength: Int? = nil, maxLength: Int? = nil,
                              _ description: String? = nil) -> Schema {
        .string(StringRule(format: format, pattern: pattern, values: nil, minLength: minLength, maxLength: maxLength,
                           description: description))
    }

    public static func oneOf(_ values: [String], _ description: String? = nil) -> Schema {
        .string(StringRule(format: nil, pattern: nil, values: values, minLength: nil, maxLength: nil, description: description))
    }

    public static var int: Schema { .integer(minimum: nil, maximum: nil) }
    public static func int(min: Int64?, max: Int64? = nil) -> Schema { .integer(minimum: min, maximum: max) }
    public static func array(_ items: Schema, max: Int? = nil, min: Int = 0) -> Schema { .array(items, minItems: min, maxItems: max) }

    /// Yuan with up to two decimals, as a string: `"29.90"`.
    public static var money: Schema { .string(pattern: moneyPattern, "yuan, e.g. \"29.90\"") }
    static let moneyPattern = "^-?[0-9]{1,13}(\\.[0-9]{1,2})?$"

    /// A moment: ISO 8601, or `2026-11-11 00:00:00` in the shop's time zone.
    public static var instant: Schema { .string(format: "date-time") }

    /// An object whose properties are listed in order; `required` names those that must be present; any other
    /// property is refused.
    public static func object(_ properties: KeyValuePairs<String, Schema>, required: Set<String> = [],
                              _ description: String? = nil) -> Schema {
        .object(ObjectSchema(properties: properties.map { ($0.key, $0.value) }, required: required, description: description))
    }
}
