import Foundation
import Regulars

/// Reads one ingested item's fields (already checked against its schema), collecting what is wrong with each at its
/// JSON Pointer instead of stopping at the first.
struct IngestionFields {
    let fields: [String: JSONValue]
    let base: String
    let calendar: ShopCalendar
    var problems: [FieldProblem] = []

    init(_ fields: [String: JSONValue], at base: String, calendar: ShopCalendar) {
        self.fields = fields
        self.base = base
        self.calendar = calendar
    }

    mutating func report(_ name: String, _ detail: String) {
        problems.append(FieldProblem(pointer: "\(base)/\(name)", detail: detail))
    }

    /// A text field, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let raw = fields[name]?.stringValue, let first = raw.utf8.first, let last = raw.utf8.last else { return nil }
        // Most values have nothing to trim; Foundation's trimming is slow enough to show in a batch of a thousand.
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return raw }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// An amount of money that may not be negative.
    mutating func money(_ name: String) -> Money? {
        guard let text = text(name) else { return nil }
        guard let money = MoneyParser.parse(text) else {
            report(name, "'\(text)' is not an amount of money in yuan, e.g. \"29.90\"")
            return nil
        }
        guard money >= .zero else {
            report(name, "\(money.decimalString) is negative")
            return nil
        }
        return money
    }

    mutating func instant(_ name: String) -> Instant? {
        guard let text = text(name) else { return nil }
        switch DateTimeParser.parse(text, calendar: calendar) {
        case .instant(let instant)?: return instant
        case .empty?: return nil
        case nil:
            report(name, "'\(text)' is not a moment, e.g. 2026-11-11T20:01:33Z (ISO 8601) or 2026-11-11 20:01:33 in the shop's time zone")
            return nil
        }
    }

    func integer(_ name: String) -> Int64? { fields[name]?.integerValue }

    /// The channel and the identifying keys (`account`, `phone`, `email`, `unionID`) of a buyer or customer: at
    /// least one of them must name the person.
    mutating func identity() -> IdentityKeys {
        var keys = IdentityKeys(channel: Channel(rawValue: text("channel") ?? ""))
        if let account = text("account") {
            if account.contains("*") {
                report("account", "'\(account)' is masked; a masked account names nobody for sure")
            } else {
                keys.account = account
            }
        }
        if let phone = text("phone") {
            switch PhoneNumber.parse(phone) {
            case .mobile(let number)?: keys.phone = number
            case .masked(let shown)?: keys.maskedPhone = shown
            case .other?, nil: report("phone", "'\(phone)' is not a mainland mobile number (11 digits, e.g. 13812345678)")
            }
        }
        if let email = text("email") {
            if let normalized = EmailAddress.normalize(email) {
                keys.email = normalized
            } else {
                report("email", "'\(email)' is not an e-mail address")
            }
        }
        keys.unionID = text("unionID")
        let named = ["account", "phone", "email", "unionID"].contains { text($0) != nil }
        if !named {
            report("account", "no identifier: give at least one of account, phone (unmasked), email or unionID")
        } else if keys.isEmpty, problems.isEmpty {
            report("phone", "a masked phone number is shown, never matched: give account, an unmasked phone, email or unionID")
        }
        return keys
    }
}
