import Foundation

/// The JSON form of promotions and coupon templates, as operators write them in files and the store keeps them:
/// money in yuan (`"30"`, `"29.90"`), rates as shops write them (`"8折"`, `"20%"`), moments in the shop's time zone
/// (`"2026-11-11 00:00:00"`) or ISO 8601, targets as `kind:value`. Unknown fields are refused, so a misspelt limit
/// never silently means "no limit".
public enum OfferCoding {
    static let calendarKey = CodingUserInfoKey(rawValue: "regulars.calendar")!

    public static func decodeOffer(_ data: Data, calendar: ShopCalendar) throws(PromotionError) -> Offer {
        try decode(Offer.self, data, calendar: calendar)
    }

    public static func decodeTemplate(_ data: Data, calendar: ShopCalendar) throws(PromotionError) -> CouponTemplate {
        try decode(CouponTemplate.self, data, calendar: calendar)
    }

    public static func encode(_ offer: Offer) -> Data { encodeValue(offer) }
    public static func encode(_ template: CouponTemplate) -> Data { encodeValue(template) }

    private static func encodeValue<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a plain value; encoding cannot fail.
        return (try? encoder.encode(value)) ?? Data()
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data, calendar: ShopCalendar) throws(PromotionError) -> T {
        let decoder = JSONDecoder()
        decoder.userInfo[calendarKey] = calendar
        do {
            return try decoder.decode(type, from: data)
        } catch let error as PromotionError {
            throw error
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw .invalidDefinition(where: "", problem: "\(error)")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index + 1)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func describe(_ error: DecodingError) -> PromotionError {
        switch error {
        case .keyNotFound(let key, let context):
            let place = path(context.codingPath)
            return .invalidDefinition(where: place.isEmpty ? key.stringValue : place + "." + key.stringValue, problem: "missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalidDefinition(where: path(context.codingPath), problem: context.debugDescription)
        case .dataCorrupted(let context):
            let problem = context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription
            return .invalidDefinition(where: path(context.codingPath), problem: problem)
        @unknown default:
            return .invalidDefinition(where: "", problem: "\(error)")
        }
    }
}

/// A JSON object key by name.
struct FieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads one JSON object field by field, refusing fields it was not told about.
struct FieldReader {
    let container: KeyedDecodingContainer<FieldKey>
    let calendar: ShopCalendar

    init(_ decoder: any Decoder, allowed: Set<String>) throws {
        container = try decoder.container(keyedBy: FieldKey.self)
        calendar = decoder.userInfo[OfferCoding.calendarKey] as? ShopCalendar ?? .shanghai
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            throw PromotionError.invalidDefinition(
                where: OfferCoding.path(container.codingPath + [key]),
                problem: "unknown field; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func place(_ name: String) -> String { OfferCoding.path(container.codingPath + [FieldKey(name)]) }
    func has(_ name: String) -> Bool { container.contains(FieldKey(name)) }

    func string(_ name: String) throws -> String { try container.decode(String.self, forKey: FieldKey(name)) }
    func optionalString(_ name: String) throws -> String? { try container.decodeIfPresent(String.self, forKey: FieldKey(name)) }
    func strings(_ name: String) throws -> [String] { try container.decodeIfPresent([String].self, forKey: FieldKey(name)) ?? [] }
    func bool(_ name: String, default value: Bool) throws -> Bool { try container.decodeIfPresent(Bool.self, forKey: FieldKey(name)) ?? value }

    func int(_ name: String, atLeast minimum: Int) throws -> Int {
        let value = try container.decode(Int.self, forKey: FieldKey(name))
        guard value >= minimum else { throw PromotionError.invalidDefinition(where: place(name), problem: "\(value) is less than \(minimum)") }
        return value
    }

    func optionalInt(_ name: String, atLeast minimum: Int) throws -> Int? {
        has(name) ? try int(name, atLeast: minimum) : nil
    }

    /// Yuan as a string (`"29.90"`, `"¥30"`) or a number.
    func money(_ name: String) throws -> Money {
        let key = FieldKey(name)
        // A string first: it is what files and the API send, and a failed attempt costs a thrown error.
        let text: String
        if let string = try? container.decode(String.self, forKey: key) {
            text = string
        } else {
            text = String(try container.decode(Double.self, forKey: key))
        }
        guard let money = MoneyParser.parse(text), money.fen >= 0 else {
            throw PromotionError.invalidDefinition(where: place(name), problem: "'\(text)' is not an amount of money in yuan")
        }
        return money
    }

    func optionalMoney(_ name: String) throws -> Money? { has(name) ? try money(name) : nil }

    func rate(_ name: String) throws -> DiscountRate {
        let text = try string(name)
        guard let rate = DiscountRate(parsing: text) else {
            throw PromotionError.invalidDefinition(where: place(name), problem: "'\(text)' is not a discount; write 8折, 8.5折 or 20%")
        }
        return rate
    }

    func instant(_ name: String) throws -> Instant? {
        guard let text = try optionalString(name) else { return nil }
        guard case .instant(let instant)? = DateTimeParser.parse(text, calendar: calendar) else {
            throw PromotionError.invalidDefinition(where: place(name), problem: "'\(text)' is not a date and time, e.g. 2026-11-11 00:00:00")
        }
        return instant
    }

    func nested<T: Decodable>(_ type: T.Type, _ name: String) throws -> T? {
        try container.decodeIfPresent(type, forKey: FieldKey(name))
    }
}

/// Writes a JSON object field by field, leaving out defaults.
struct FieldWriter {
    var container: KeyedEncodingContainer<FieldKey>

    init(_ encoder: any Encoder) { container = encoder.container(keyedBy: FieldKey.self) }

    mutating func put<T: Encodable>(_ name: String, _ value: T) throws { try container.encode(value, forKey: FieldKey(name)) }
    mutating func put(_ name: String, _ money: Money) throws { try container.encode(money.decimalString, forKey: FieldKey(name)) }
    mutating func put(_ name: String, _ money: Money?) throws { if let money { try put(name, money) } }
    mutating func put(_ name: String, _ strings: [String]) throws { if !strings.isEmpty { try container.encode(strings, forKey: FieldKey(name)) } }
    mutating func put(_ name: String, _ value: Int?) throws { if let value { try container.encode(value, forKey: FieldKey(name)) } }
    mutating func put(_ name: String, _ value: String?) throws { if let value { try container.encode(value, forKey: FieldKey(name)) } }
}
