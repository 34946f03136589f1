import GRDB
import Regulars

/// The checks of a redemption, each refusing with the coupon or offer it is about; they read and never write.
extension SQLiteRedemption {
    /// Each coupon is issued, the customer's and valid now; each template's count and money budgets still hold.
    func checkCoupons(_ codes: [String], customer: Int64?, members: [Int64]) throws -> [(id: String, use: TemplateUse)] {
        guard Set(codes).count == codes.count else { throw PromotionError.refused("a coupon appears twice in \(codes)") }
        for discount in priced.discounts {
            if let code = discount.couponCode, !codes.contains(CouponCode.normalized(code)) {
                throw PromotionError.invalidCart("discount '\(discount.offerID)' uses coupon \(code), which is not in couponCodes")
            }
        }
        var uses: [String: TemplateUse] = [:]
        for code in codes {
            guard let coupon = try row("SELECT * FROM coupons WHERE code = ?", [code]).map(SQLiteCouponIssue.coupon) else {
                throw PromotionError.refused("coupon \(code) does not exist")
            }
            guard let customer else { throw PromotionError.refused("coupon \(code) needs the customer who holds it; this is a guest order") }
            guard members.contains(coupon.customerID) else {
                throw PromotionError.refused("coupon \(code) belongs to customer \(coupon.customerID), not \(customer)")
            }
            switch coupon.state(at: now) {
            case .redeemed: throw PromotionError.refused("coupon \(code) was already used")
            case .reversed: throw PromotionError.refused("coupon \(code) was voided by a refund")
            case .expired: throw PromotionError.refused("coupon \(code) expired at \(coupon.validUntil)")
            case .issued: break
            }
            guard now >= coupon.validFrom else { throw PromotionError.refused("coupon \(code) is valid from \(coupon.validFrom)") }
            let amount = priced.discounts.filter { $0.couponCode.map(CouponCode.normalized) == code }.reduce(Money.zero) { $0 + $1.amount }
            uses[coupon.templateID, default: TemplateUse()].codes.append(code)
            uses[coupon.templateID, default: TemplateUse()].amount += amount
        }
        let sorted = uses.sorted { $0.key < $1.key }.map { (id: $0.key, use: $0.value) }
        for (templateID, use) in sorted {
            guard let row = try row("SELECT redemption_budget, redeemed, budget, given FROM coupon_templates WHERE id = ?", [templateID]) else {
                throw PromotionError.refused("coupon \(use.codes[0]): template '\(templateID)' no longer exists")
            }
            let (redeemed, given): (Int, Int64) = (row["redeemed"], row["given"])
            if let budget: Int = row["redemption_budget"], redeemed + use.codes.count > budget {
                throw PromotionError.refused(
                    "coupon \(use.codes[0]): template '\(templateID)' has used its redemption budget (\(redeemed) of \(budget))")
            }
            if let budget: Int64 = row["budget"], given + use.amount.fen > budget {
                throw PromotionError.refused("coupon \(use.codes[0]): template '\(templateID)' has \(Money(fen: budget - given)) "
                                             + "of its \(Money(fen: budget)) budget left, the order takes \(use.amount)")
            }
        }
        return sorted
    }

    /// The cart's promotion claims, one per offer. Coupon claims are left out: a coupon takes from its template
    /// through the coupon codes and their discounts.
    func mergedClaims() -> [OfferClaim] {
        var merged: [String: OfferClaim] = [:]
        var order: [String] = []
        for claim in priced.claims where !claim.isCoupon {
            if var existing = merged[claim.offerID] {
                existing.units += claim.units
                existing.buyers += claim.buyers
                existing.amount += claim.amount
                merged[claim.offerID] = existing
            } else {
                merged[claim.offerID] = claim
                order.append(claim.offerID)
            }
        }
        return order.compactMap { merged[$0] }
    }

    /// Each claim fits its promotion's stock, buyers, budget and per-customer limit, and the promotion is enabled.
    func checkClaims(_ claims: [OfferClaim], customer: Int64?, members: [Int64]) throws {
        for claim in claims {
            let id = claim.offerID
            guard claim.units >= 0, claim.buyers >= 0, claim.amount.fen >= 0 else {
                throw PromotionError.invalidCart("the claim on '\(id)' is negative")
            }
            guard let row = try row("SELECT * FROM promotions WHERE id = ?", [id]) else {
                throw PromotionError.refused("promotion '\(id)' is not in the store")
            }
            guard row["enabled"] as Bool else { throw PromotionError.refused("promotion '\(id)' was disabled") }
            let (sold, buyers, given): (Int, Int, Int64) = (row["units_sold"], row["buyers"], row["given"])
            if let stock: Int = row["stock"], sold + claim.units > stock {
                throw PromotionError.refused("promotion '\(id)' has \(stock - sold) of \(stock) units left, the order takes \(claim.units)")
            }
            if let limit: Int = row["buyer_limit"], buyers + claim.buyers > limit {
                throw PromotionError.refused("promotion '\(id)' already has all \(limit) of its buyers")
            }
            if let budget: Int64 = row["budget"], given + claim.amount.fen > budget {
                throw PromotionError.refused("promotion '\(id)' has \(Money(fen: budget - given)) of its \(Money(fen: budget)) "
                                             + "budget left, the order takes \(claim.amount)")
            }
            if let perCustomer: Int = row["per_customer"], claim.units > 0 {
                guard let customer else { throw PromotionError.refused("promotion '\(id)' is limited per customer; a guest cannot take it") }
                let taken = try SQLiteOfferRows.taken(id, by: members, db)
                if taken + claim.units > perCustomer {
                    throw PromotionError.refused("promotion '\(id)' allows \(perCustomer) per customer; customer \(customer) "
                                                 + "already took \(taken), the order takes \(claim.units)")
                }
            }
        }
    }

    /// Refuses a discount from a disabled promotion, or from one with a stock and no claim on it; returns the offers
    /// given that are for first orders only.
    func checkDiscountOffers(templates: Set<String>, claimed: Set<String>) throws -> [String] {
        var firstOrderOnly: [String] = []
        for offerID in Set(priced.discounts.map(\.offerID)).sorted() {
            if let row = try row("""
                SELECT enabled, first_order_only, stock IS NOT NULL OR buyer_limit IS NOT NULL AS limited FROM promotions WHERE id = ?
                """, [offerID]) {
                guard row["enabled"] as Bool else { throw PromotionError.refused("promotion '\(offerID)' was disabled") }
                if row["limited"] as Bool, !claimed.contains(offerID) {
                    throw PromotionError.invalidCart("discount '\(offerID)' is from a promotion with a stock but the cart claims none of it")
                }
                if row["first_order_only"] as Bool { firstOrderOnly.append(offerID) }
            } else if templates.contains(offerID),
                      try row("SELECT first_order_only FROM coupon_templates WHERE id = ?", [offerID])?["first_order_only"] == true {
                firstOrderOnly.append(offerID)
            }
        }
        return firstOrderOnly
    }

    /// None of the guard keys (nor the customer) took a first-order offer before.
    func checkNewCustomer(_ offerID: String, keys: [GuardKey]) throws {
        for key in keys where try row("SELECT 1 FROM new_customer_claims WHERE kind = ? AND value = ?", [key.kind, key.value]) != nil {
            let who = key.kind == "customer" ? "customer \(key.value)" : "this \(key.kind)"
            throw PromotionError.refused("new-customer offer '\(offerID)': \(who) already took a new-customer offer")
        }
    }
}
