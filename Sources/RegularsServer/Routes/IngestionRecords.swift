import Foundation
import Regulars

/// JSON items into the records an import writes, following the file importer's rules: statuses settled against
/// refunds, line amounts that add up to the order's amount to the fen, identifiers normalised. An item that breaks
/// a rule gives no record, only its problems.
enum IngestionRecords {
    static func order(_ fields: [String: JSONValue], at base: String, calendar: ShopCalendar) -> Result<OrderRecord, Rejection> {
        var reader = IngestionFields(fields, at: base, calendar: calendar)
        let buyer = reader.identity()
        let createdAt = reader.instant("createdAt")
        let paidAt = reader.instant("paidAt")
        let amount = reader.money("amount")
        let refunded = reader.money("refunded") ?? .zero
        let deposit = reader.money("deposit")
        let balance = reader.money("balance")
        let discount = reader.money("discount")
        let lineItems = fields["lines"]?.arrayValue ?? []
        var drafts: [(product: ProductRecord, quantity: Int32, unitPrice: Money?, amount: Money?)] = []
        for (index, item) in lineItems.enumerated() {
            guard case .object(let lineFields) = item else { continue }
            var line = IngestionFields(lineFields, at: "\(base)/lines/\(index)", calendar: calendar)
            let product = ProductRecord(sku: line.text("sku") ?? "", name: line.text("name"), category: line.text("category"),
                                        brand: line.text("brand"))
            let quantity = Int32(clamping: line.integer("quantity") ?? 1)
            drafts.append((product, quantity, line.money("unitPrice"), line.money("amount")))
            reader.problems += line.problems
        }
        guard let amount, reader.problems.isEmpty else { return .failure(Rejection(reader.problems)) }
        if refunded > amount {
            reader.report("refunded", "\(refunded.decimalString) is more than the amount paid, \(amount.decimalString)")
        }
        let lines = settleLines(drafts, total: amount, reader: &reader)
        let reported = OrderStatus(rawValue: reader.text("status") ?? "") ?? .pending
        let status = OrderStatus.settled(reported: reported, paidAt: paidAt, amount: amount, refunded: refunded)
        if status.wasPaid, paidAt == nil {
            reader.report("paidAt", "a \(status.rawValue) order needs the moment it was paid")
        }
        guard reader.problems.isEmpty else { return .failure(Rejection(reader.problems)) }
        return .success(OrderRecord(
            channel: buyer.channel, externalID: reader.text("externalID") ?? "", buyer: buyer, buyerName: reader.text("buyerName"),
            province: reader.text("province").map { ChinaRegion.province(in: $0) ?? $0 }, city: reader.text("city"),
            status: status, createdAt: createdAt, paidAt: paidAt, amount: amount,
            refunded: status == .refunded && refunded == .zero ? amount : refunded,
            deposit: deposit, balance: balance, discount: discount, lines: lines))
    }

    /// Lines with an amount keep it; the rest of the order's amount is shared among the others by list value
    /// (largest remainder, to the fen). Amounts that cannot add up to the order's are a problem.
    private static func settleLines(_ drafts: [(product: ProductRecord, quantity: Int32, unitPrice: Money?, amount: Money?)],
                                    total: Money, reader: inout IngestionFields) -> [OrderLineRecord] {
        guard !drafts.isEmpty else { return [] }
        let explicit = drafts.reduce(Int64(0)) { $0 + ($1.amount?.fen ?? 0) }
        let open = drafts.indices.filter { drafts[$0].amount == nil }
        if open.isEmpty, explicit != total.fen {
            reader.report("lines", "the lines' amounts add up to \(Money(fen: explicit).decimalString), not the order's amount \(total.decimalString)")
            return []
        }
        if explicit > total.fen {
            reader.report("lines", "the lines' amounts add up to \(Money(fen: explicit).decimalString), more than the order's amount \(total.decimalString)")
            return []
        }
        var shares = drafts.map { $0.amount?.fen ?? 0 }
        if !open.isEmpty {
            let weights = open.map { max(0, (drafts[$0].unitPrice?.fen ?? 0) * Int64(drafts[$0].quantity)) }
            let split = Proration.split(total.fen - explicit, weights: weights.allSatisfy { $0 == 0 } ? open.map { _ in 1 } : weights)
            for (k, i) in open.enumerated() { shares[i] = split[k] }
        }
        return drafts.indices.map { i in
            let amount = Money(fen: shares[i])
            let unit = drafts[i].unitPrice ?? Money(fen: amount.fen / Int64(drafts[i].quantity))
            return OrderLineRecord(product: drafts[i].product, quantity: drafts[i].quantity, unitPrice: unit, amount: amount)
        }
    }

    static func customer(_ fields: [String: JSONValue], at base: String, calendar: ShopCalendar) -> Result<CustomerRecord, Rejection> {
        var reader = IngestionFields(fields, at: base, calendar: calendar)
        let keys = reader.identity()
        var birthday: CivilDate?
        if let text = reader.text("birthday") {
            birthday = CivilDateParser.parse(text)
            if birthday == nil { reader.report("birthday", "'\(text)' is not a date, e.g. 1990-05-17") }
        }
        let registeredAt = reader.instant("registeredAt")
        let memberSince = reader.instant("memberSince")
        var seen = Set<String>()
        let tags = (fields["tags"]?.arrayValue ?? []).compactMap { $0.stringValue?.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        guard reader.problems.isEmpty else { return .failure(Rejection(reader.problems)) }
        return .success(CustomerRecord(
            keys: keys, name: reader.text("name"), gender: reader.text("gender").flatMap(Gender.init(rawValue:)),
            birthday: birthday, province: reader.text("province").map { ChinaRegion.province(in: $0) ?? $0 },
            city: reader.text("city"), registeredAt: registeredAt, nickname: reader.text("nickname"), tags: tags,
            points: reader.integer("points"), memberSince: memberSince))
    }

    static func event(_ fields: [String: JSONValue], at base: String, calendar: ShopCalendar) -> Result<EventRecord, Rejection> {
        var reader = IngestionFields(fields, at: base, calendar: calendar)
        let keys = reader.identity()
        let at = reader.instant("at")
        if at == nil, reader.text("at") == nil { reader.report("at", "an event needs the moment it happened") }
        guard let at, reader.problems.isEmpty else { return .failure(Rejection(reader.problems)) }
        return .success(EventRecord(
            keys: keys, type: EventType(rawValue: reader.text("type") ?? "") ?? .visit, sku: reader.text("sku"), at: at,
            text: reader.text("text"), durationSeconds: reader.integer("durationSeconds").map { Int32(clamping: $0) }))
    }
}

/// Why an item was not stored: each problem with its place.
struct Rejection: Error {
    var problems: [FieldProblem]
    init(_ problems: [FieldProblem]) { self.problems = problems }
}
