import Foundation
import GRDB
import Regulars

extension SQLiteStore {
    public func redeem(_ priced: PricedCart, customer: Int64?, orderReference: String, keys: NewCustomerKeys,
                       guarding: Set<PromotionSettings.GuardKey>, idempotencyKey: String, at now: Instant) async throws -> Redemption {
        struct Line: Encodable { var sku: String; var quantity: Int; var listAmount: Money }
        struct Request: Encodable {
            var customer: Int64?; var orderReference: String; var keys: NewCustomerKeys; var guarding: [String]; var lines: [Line]
        }
        // Encoded once, outside the write: stored for refunds.
        let pricedJSON = String(decoding: try SQLiteIdempotency.json(priced), as: UTF8.self)
        // The request is the cart, not its pricing: a retry priced after the first commit (its coupon now used, its
        // stock taken) is still the same request and gets the first answer.
        let request = Request(customer: customer, orderReference: orderReference, keys: keys, guarding: guarding.sorted().map(\.rawValue),
                              lines: priced.lines.map { Line(sku: $0.sku, quantity: $0.quantity, listAmount: $0.listAmount) })
        let fingerprint = try SQLiteIdempotency.fingerprint(.redeem, request)
        let guardKeys = keys.normalized(guarding: guarding).map { SQLiteRedemption.GuardKey(kind: $0.kind.rawValue, value: $0.value) }
        let result = try await pool.write { db in
            try SQLiteIdempotency.once(db, key: idempotencyKey, operation: .redeem, fingerprint: fingerprint, customer: customer, at: now) { db in
                try SQLiteRedemption(db: db, priced: priced, orderReference: orderReference, now: now)
                    .commit(customer: customer, guardKeys: guardKeys, pricedJSON: pricedJSON)
            }
        }
        return try result.get()
    }
}

/// One redemption inside a write transaction: every check passes before anything is written, or it is refused.
struct SQLiteRedemption {
    let db: Database
    let priced: PricedCart
    let orderReference: String
    let now: Instant

    /// A normalised new-customer guard key; `customer` keys are added for the customer themself.
    struct GuardKey: Sendable {
        var kind: String
        var value: String
    }

    /// What the order takes from one coupon template.
    struct TemplateUse {
        var codes: [String] = []
        var amount = Money.zero
    }

    func commit(customer: Int64?, guardKeys: [GuardKey], pricedJSON: String) throws -> Redemption {
        let tree = try customer.map { id in
            guard let tree = try SQLiteCustomerTree.tree(of: id, in: db) else { throw StoreError.notFound("customer \(id)") }
            return tree
        }
        let root = tree?.root
        if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM redemptions WHERE order_reference = ?"),
                                             arguments: [orderReference]) {
            throw PromotionError.refused("order '\(orderReference)' was already redeemed (redemption \(existing))")
        }
        let codes = priced.couponCodes.map(CouponCode.normalized)
        let templates = try checkCoupons(codes, customer: root, members: tree?.members ?? [])
        let claims = mergedClaims()
        try checkClaims(claims, customer: root, members: tree?.members ?? [])
        let firstOrderOffers = try checkDiscountOffers(templates: Set(templates.map(\.id)), claimed: Set(claims.map(\.offerID)))
        let newCustomerKeys = guardKeys + (root.map { [GuardKey(kind: "customer", value: String($0))] } ?? [])
        if let offer = firstOrderOffers.first { try checkNewCustomer(offer, keys: newCustomerKeys) }

        try run("INSERT INTO redemptions(order_reference, customer_id, redeemed_at, total, points, priced) VALUES (?, ?, ?, ?, ?, ?)",
                [orderReference, root, now.secondsSinceEpoch, priced.total.fen, priced.points, pricedJSON])
        let id = db.lastInsertedRowID
        for code in codes {
            try run("UPDATE coupons SET state = 'redeemed', redeemed_at = ?, redemption_id = ? WHERE code = ? AND state = 'issued'",
                    [now.secondsSinceEpoch, id, code])
        }
        for (templateID, use) in templates {
            try run("UPDATE coupon_templates SET redeemed = redeemed + ?, given = given + ? WHERE id = ?",
                    [use.codes.count, use.amount.fen, templateID])
            try recordTake(id, offerID: templateID, isCoupon: true, customer: root, amount: use.amount, coupons: use.codes.count)
        }
        for claim in claims {
            try run("UPDATE promotions SET units_sold = units_sold + ?, buyers = buyers + ?, given = given + ? WHERE id = ?",
                    [claim.units, claim.buyers, claim.amount.fen, claim.offerID])
            if let root, claim.units > 0 {
                try run("""
                    INSERT INTO promotion_customer_takes(offer_id, customer_id, units) VALUES (?, ?, ?)
                    ON CONFLICT(offer_id, customer_id) DO UPDATE SET units = units + excluded.units
                    """, [claim.offerID, root, claim.units])
            }
            try recordTake(id, offerID: claim.offerID, isCoupon: false, customer: root, units: claim.units, buyers: claim.buyers,
                           amount: claim.amount)
        }
        if !firstOrderOffers.isEmpty {
            for key in newCustomerKeys {
                try run("INSERT INTO new_customer_claims(kind, value, customer_id, redemption_id, claimed_at) VALUES (?, ?, ?, ?, ?)",
                        [key.kind, key.value, root, id, now.secondsSinceEpoch])
            }
        }
        return Redemption(id: id, orderReference: orderReference, customerID: root, redeemedAt: now, total: priced.total,
                          points: priced.points, couponCodes: codes)
    }

    private func recordTake(_ redemption: Int64, offerID: String, isCoupon: Bool, customer: Int64?, units: Int = 0, buyers: Int = 0,
                            amount: Money, coupons: Int = 0) throws {
        try run("""
            INSERT INTO redemption_offers(redemption_id, offer_id, is_coupon, customer_id, units, buyers, amount, coupons)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [redemption, offerID, isCoupon, customer, units, buyers, amount.fen, coupons])
    }

    /// One row through a statement compiled once per connection: every redemption runs the same few statements.
    func row(_ sql: String, _ arguments: StatementArguments) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
