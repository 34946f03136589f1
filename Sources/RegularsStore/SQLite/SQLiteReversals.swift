import Foundation
import GRDB
import Regulars

extension SQLiteStore {
    public func reverse(orderReference: String, lines: [Int]?, idempotencyKey: String?, at now: Instant) async throws -> Reversal {
        struct Request: Encodable { var orderReference: String; var lines: [Int]? }
        let fingerprint = try SQLiteIdempotency.fingerprint(.reverse, Request(orderReference: orderReference,
                                                                              lines: lines.map { Set($0).sorted() }))
        let result = try await pool.write { db in
            try SQLiteIdempotency.once(db, key: idempotencyKey, operation: .reverse, fingerprint: fingerprint, customer: nil, at: now) { db in
                try SQLiteReversal.reverse(orderReference, lines: lines, db, at: now)
            }
        }
        return try result.get()
    }
}

/// A refund's reversal inside a write transaction: each line once; stock and budgets back in proportion to the
/// lines; coupons restored or voided when the last line goes.
enum SQLiteReversal {
    static func reverse(_ orderReference: String, lines requested: [Int]?, _ db: Database, at now: Instant) throws -> Reversal {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, customer_id, priced, reversed_at FROM redemptions WHERE order_reference = ?",
                                         arguments: [orderReference]) else {
            throw StoreError.notFound("redemption of order '\(orderReference)'")
        }
        let redemptionID: Int64 = row["id"]
        let customer: Int64? = row["customer_id"]
        let priced: PricedCart
        do {
            priced = try JSONDecoder().decode(PricedCart.self, from: Data((row["priced"] as String).utf8))
        } catch {
            throw StoreError.invalid("redemptions \(redemptionID) (order '\(orderReference)'): the stored pricing cannot be read: \(error)")
        }
        let done = Set(try Int.fetchAll(db, sql: "SELECT line_no FROM redemption_reversals WHERE redemption_id = ?", arguments: [redemptionID]))
        if requested == nil, row["reversed_at"] as Int64? != nil {
            throw PromotionError.refused("order '\(orderReference)' was already reversed in full")
        }
        let targets = try lines(requested, of: priced, done: done, orderReference)
        let completes = done.count + targets.count == priced.lines.count

        var reversed: [ReversedLine] = []
        for index in targets {
            let line = priced.lines[index]
            reversed.append(ReversedLine(line: index, sku: line.sku, quantity: line.quantity, shares: line.shares, points: line.points))
            try db.execute(sql: """
                INSERT INTO redemption_reversals(redemption_id, line_no, customer_id, points, reversed_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [redemptionID, index, customer, line.points, now.secondsSinceEpoch])
        }
        let returned = try giveBack(redemptionID, lines: reversed, completes: completes, db)
        var restored: [String] = []
        var voided: [String] = []
        if completes {
            (restored, voided) = try releaseCoupons(redemptionID, db, at: now)
            try db.execute(sql: "UPDATE redemptions SET reversed_at = ? WHERE id = ?", arguments: [now.secondsSinceEpoch, redemptionID])
        }
        let linePoints = reversed.reduce(Int64(0)) { $0 + $1.points }
        let cartPoints = completes ? max(0, priced.points - priced.lines.reduce(Int64(0)) { $0 + $1.points }) : 0
        return Reversal(orderReference: orderReference, redemptionID: redemptionID, lines: reversed, points: linePoints + cartPoints,
                        completesOrder: completes, couponsRestored: restored, couponsVoided: voided, returned: returned)
    }

    /// The lines to reverse now: those asked for (each in range and not reversed before), or every line left.
    private static func lines(_ requested: [Int]?, of priced: PricedCart, done: Set<Int>, _ orderReference: String) throws -> [Int] {
        guard let requested else { return priced.lines.indices.filter { !done.contains($0) } }
        guard !requested.isEmpty else { throw StoreError.invalid("reversal of order '\(orderReference)': no lines given") }
        for index in requested where !priced.lines.indices.contains(index) {
            throw StoreError.invalid("order '\(orderReference)' has lines 0 to \(priced.lines.count - 1); there is no line \(index)")
        }
        if let again = Set(requested).sorted().first(where: done.contains) {
            throw PromotionError.refused("order '\(orderReference)' line \(again) was already reversed")
        }
        return Set(requested).sorted()
    }

    /// Gives back to each offer the order took from: the reversed lines' units and discount shares, never more than
    /// was taken; everything left (buyers, redemptions) once the order is complete.
    private static func giveBack(_ redemptionID: Int64, lines: [ReversedLine], completes: Bool, _ db: Database) throws -> [ReturnedClaim] {
        var returned: [ReturnedClaim] = []
        for take in try Row.fetchAll(db, sql: "SELECT * FROM redemption_offers WHERE redemption_id = ? ORDER BY offer_id",
                                     arguments: [redemptionID]) {
            let offerID: String = take["offer_id"]
            let isCoupon: Bool = take["is_coupon"]
            let units: Int = take["units"], returnedUnits: Int = take["returned_units"]
            let amount: Int64 = take["amount"], returnedAmount: Int64 = take["returned_amount"]
            let buyers: Int = take["buyers"], returnedBuyers: Int = take["returned_buyers"]
            let coupons: Int = take["coupons"], returnedCoupons: Int = take["returned_coupons"]
            let touched = lines.filter { $0.shares.contains { $0.offerID == offerID } }
            let shares = touched.flatMap(\.shares).filter { $0.offerID == offerID }.reduce(Int64(0)) { $0 + $1.amount.fen }
            var given = ReturnedClaim(
                offerID: offerID, isCoupon: isCoupon,
                units: completes ? units - returnedUnits : min(touched.reduce(0) { $0 + $1.quantity }, units - returnedUnits),
                buyers: 0,
                amount: Money(fen: completes ? amount - returnedAmount : min(max(0, shares), amount - returnedAmount)),
                redemptions: completes ? coupons - returnedCoupons : 0)
            if completes || (units > 0 && returnedUnits + given.units == units) { given.buyers = buyers - returnedBuyers }
            guard given.units > 0 || given.buyers > 0 || given.amount.fen > 0 || given.redemptions > 0 else { continue }
            try db.execute(sql: """
                UPDATE redemption_offers SET returned_units = returned_units + ?, returned_buyers = returned_buyers + ?,
                    returned_amount = returned_amount + ?, returned_coupons = returned_coupons + ?
                WHERE redemption_id = ? AND offer_id = ?
                """, arguments: [given.units, given.buyers, given.amount.fen, given.redemptions, redemptionID, offerID])
            if isCoupon {
                try db.execute(sql: "UPDATE coupon_templates SET redeemed = redeemed - ?, given = given - ? WHERE id = ?",
                               arguments: [given.redemptions, given.amount.fen, offerID])
            } else {
                try db.execute(sql: "UPDATE promotions SET units_sold = units_sold - ?, buyers = buyers - ?, given = given - ? WHERE id = ?",
                               arguments: [given.units, given.buyers, given.amount.fen, offerID])
                if let customer: Int64 = take["customer_id"], given.units > 0 {
                    try db.execute(sql: "UPDATE promotion_customer_takes SET units = units - ? WHERE offer_id = ? AND customer_id = ?",
                                   arguments: [given.units, offerID, customer])
                }
            }
            returned.append(given)
        }
        return returned
    }

    /// Back to `issued` when the template restores on refund and the coupon is still valid; otherwise `reversed`.
    private static func releaseCoupons(_ redemptionID: Int64, _ db: Database, at now: Instant) throws -> (restored: [String], voided: [String]) {
        var restored: [String] = []
        var voided: [String] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT c.code, c.valid_until, t.restore_on_refund FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
            WHERE c.redemption_id = ? AND c.state = 'redeemed' ORDER BY c.code
            """, arguments: [redemptionID]) {
            let code: String = row["code"]
            if row["restore_on_refund"] as Bool, now.secondsSinceEpoch < row["valid_until"] as Int64 {
                try db.execute(sql: "UPDATE coupons SET state = 'issued', redeemed_at = NULL, redemption_id = NULL WHERE code = ?",
                               arguments: [code])
                restored.append(code)
            } else {
                try db.execute(sql: "UPDATE coupons SET state = 'reversed' WHERE code = ?", arguments: [code])
                voided.append(code)
            }
        }
        return (restored, voided)
    }
}
