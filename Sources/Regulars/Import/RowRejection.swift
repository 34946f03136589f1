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
        let channel = try self.channel(row)
        // A masked account (t**1, 张**) names nobody for sure: never a key.
        let account = row.text(plan.column(.customerID)).flatMap { $0.utf8.contains(UInt8(ascii: "*")) ? nil : $0 }
        var keys = IdentityKeys(channel: channel, account: account)
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

    /// A refund amount; words that mean "no refund" in the amount column (有赞 and 淘宝 write 无退款申请) are zero.
    func refund(_ row: borrowing CSVRow) throws(RowProblem) -> Money? {
        guard let text = row.text(plan.column(.refundAmount)) else { return nil }
        if let money = MoneyParser.parse(text) {
            guard money >= .zero else { throw RowProblem("refund_amount: \(money) is negative") }
            return money
        }
        if plan.afterSalesOutcomes[StatusWords.normalize(text)] == AfterSalesOutcome.none { return .zero }
        throw RowProblem("refund_amount: '\(text)' is not an amount of money")
    }

    /// The after-sales outcome the row's status column names; nil when the column is empty.
    func afterSalesOutcome(_ row: borrowing CSVRow) throws(RowProblem) -> AfterSalesOutcome? {
        guard let text = row.text(plan.column(.afterSalesStatus)) else { return nil }
        guard let outcome = plan.afterSalesOutcomes[StatusWords.normalize(text)] else {
            throw RowProblem("after_sales_status: unknown after-sales status '\(text)'; map it in a --mapping file "
                             + "(after_sales.\(text) = refunded)")
        }
        return outcome
    }

    /// A number of items ≥ 1; 1 when the column is empty.
    func quantity(_ row: borrowing CSVRow) throws(RowProblem) -> Int32 {
        guard let text = row.text(plan.column(.quantity)) else { return 1 }
        guard let parsed = QuantityParser.parse(text), parsed > 0 else {
            throw RowProblem("quantity: '\(text)' is not a whole number of items ≥ 1")
        }
        return parsed
    }

    /// The channel of a row that names no buyer: its channel column, or the file's.
    func channel(_ row: borrowing CSVRow) throws(RowProblem) -> Channel {
        if let text = row.text(plan.column(.channel)) {
            let channel = Channel(rawValue: text)
            guard channel.isWellFormed else { throw RowProblem("channel: '\(text)' is not a channel name") }
            return channel
        }
        guard let fallback = plan.channel else { throw RowProblem("channel is empty and no --channel was given") }
        return fallback
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
