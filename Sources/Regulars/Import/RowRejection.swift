/// A row that was not imported, with its 1-based line in the file and the reason.
public struct RowRejection: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// Shared cell readers for the row parsers: each returns the value, nil when the cell is empty, or throws a reason.
struct RowFields {
    let plan: ImportPlan
    let calendar: ShopCalendar

    func money(_ row: borrowing CSVRow, _ field: ImportField) throws(RowProblem) -> Money? {
        guard let text = row.text(plan.column(field)) else { return nil }
        guard let money = MoneyParser.parse(text) else { throw RowProblem("\(field.rawValue): '\(text)' is not an amount of money") }
        return money
    }

    func instant(_ row: borrowing CSVRow, _ field: ImportField) throws(RowProblem) -> Instant? {
        guard let text = row.text(plan.column(field)) else { return nil }
        switch DateTimeParser.parse(text, calendar: calendar) {
        case .instant(let instant)?: return instant
        case .empty?: return nil
        case nil: throw RowProblem("\(field.rawValue): '\(text)' is not a date and time (expected 2024-11-11 20:01:33)")
        }
    }

    func keys(_ row: borrowing CSVRow) throws(RowProblem) -> IdentityKeys {
        let channel: Channel
        if let text = row.text(plan.column(.channel)) {
            channel = Channel(rawValue: text)
            guard channel.isWellFormed else { throw RowProblem("channel: '\(text)' is not a channel name") }
        } else if let fallback = plan.channel {
            channel = fallback
        } else {
            throw RowProblem("channel is empty and no --channel was given")
        }
        var keys = IdentityKeys(channel: channel, account: row.text(plan.column(.customerID)))
        if let phoneText = row.text(plan.column(.phone)) {
            switch PhoneNumber.parse(phoneText) {
            case .mobile(let number)?: keys.phone = number
            case .masked(let shown)?: keys.maskedPhone = shown
            case .other?, nil: break
            }
        }
        if let emailText = row.text(plan.column(.email)) {
            guard let email = EmailAddress.normalize(emailText) else { throw RowProblem("email: '\(emailText)' is not an e-mail address") }
            keys.email = email
        }
        keys.unionID = row.text(plan.column(.unionID))
        return keys
    }

    func region(_ row: borrowing CSVRow) -> (province: String?, city: String?) {
        var province = row.text(plan.column(.province)).map { ChinaRegion.province(in: $0) ?? $0 }
        var city = row.text(plan.column(.city))
        if plan.provinceFromAddress, let address = row.text(plan.column(.address)) {
            if province == nil { province = ChinaRegion.province(in: address) }
            if city == nil { city = ChinaRegion.city(in: address) }
        }
        return (province, city)
    }
}

/// The reason one row cannot be read.
struct RowProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
