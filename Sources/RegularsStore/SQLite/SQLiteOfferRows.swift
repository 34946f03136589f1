import Foundation
import GRDB
import Regulars

/// Rows of `promotions` and `coupon_templates` to values and back, and the checks a definition passes before it is saved.
enum SQLiteOfferRows {
    /// The limits a promotion's counters are held to, copied out of its definition into their columns.
    struct Limits {
        var stock: Int?
        var buyerLimit: Int?
        var perCustomer: Int?
        var budget: Money?

        init(_ offer: Offer) {
            switch offer.benefit {
            case .flashSale(_, let stock, let perCustomer):
                self.stock = stock
                self.perCustomer = perCustomer
            case .firstN(let count, _, let counting, let perCustomer):
                if counting == .units { stock = count } else { buyerLimit = count }
                self.perCustomer = perCustomer
            default:
                break
            }
            budget = offer.budget
        }

        /// Refuses limits below what the promotion has already given.
        func check(unitsSold: Int, buyers: Int, given: Money) throws(PromotionError) {
            if let stock, stock < unitsSold {
                throw .invalidDefinition(where: "benefit.stock", problem: "\(stock) is below the \(unitsSold) units already sold")
            }
            if let buyerLimit, buyerLimit < buyers {
                throw .invalidDefinition(where: "benefit.count", problem: "\(buyerLimit) is below the \(buyers) buyers already counted")
            }
            if let budget, budget < given {
                throw .invalidDefinition(where: "budget", problem: "\(budget) is below the \(given) already given")
            }
        }
    }

    static func check(_ offer: Offer) throws(PromotionError) {
        guard OfferValidation.isWellFormedID(offer.id) else {
            throw .invalidDefinition(where: "id", problem: "'\(offer.id)' is not an id; use letters, digits, - and _ (at most 64)")
        }
        try OfferValidation.validate(offer)
    }

    static func check(_ template: CouponTemplate) throws(PromotionError) {
        try check(template.offer)
        guard template.offer.benefit.isCouponBenefit else {
            throw .invalidDefinition(where: "benefit.type", problem: "a coupon gives amount_off, cash, tiered, percent_off or free_shipping")
        }
        switch template.validity {
        case .daysFromIssue(let days) where days < 1: throw .invalidDefinition(where: "validity.days", problem: "\(days) is less than 1")
        case .fixed(let from, let until) where from >= until: throw .invalidDefinition(where: "validity.until", problem: "is not after from")
        default: break
        }
        for (field, value) in [("total_limit", template.totalLimit), ("per_customer_limit", template.perCustomerLimit),
                               ("redemption_budget", template.redemptionBudget)] {
            if let value, value < 1 { throw .invalidDefinition(where: field, problem: "\(value) is less than 1") }
        }
        if let code = template.claimCode, code.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidDefinition(where: "claim_code", problem: "is empty")
        }
    }

    /// Refuses template limits below what the template has already issued, redeemed or given.
    static func checkLimits(_ template: CouponTemplate, issued: Int, redeemed: Int, given: Money) throws(PromotionError) {
        if let limit = template.totalLimit, limit < issued {
            throw .invalidDefinition(where: "total_limit", problem: "\(limit) is below the \(issued) coupons already issued")
        }
        if let budget = template.redemptionBudget, budget < redeemed {
            throw .invalidDefinition(where: "redemption_budget", problem: "\(budget) is below the \(redeemed) coupons already redeemed")
        }
        if let budget = template.offer.budget, budget < given {
            throw .invalidDefinition(where: "budget", problem: "\(budget) is below the \(given) already given")
        }
    }

    static func promotion(_ row: Row) throws -> StoredPromotion {
        let id: String = row["id"]
        let offer: Offer
        do {
            offer = try OfferCoding.decodeOffer(Data((row["definition"] as String).utf8), calendar: .shanghai)
        } catch {
            throw StoreError.invalid("promotions '\(id)': the stored definition cannot be read: \(error)")
        }
        return StoredPromotion(offer: offer, enabled: row["enabled"], createdAt: Instant(secondsSinceEpoch: row["created_at"]),
                               updatedAt: Instant(secondsSinceEpoch: row["updated_at"]), unitsSold: row["units_sold"],
                               buyers: row["buyers"], given: Money(fen: row["given"]))
    }

    static func template(_ row: Row) throws -> StoredTemplate {
        StoredTemplate(template: try definition(ofTemplate: row["id"], row["definition"]),
                       createdAt: Instant(secondsSinceEpoch: row["created_at"]),
                       updatedAt: Instant(secondsSinceEpoch: row["updated_at"]), issued: row["issued"],
                       redeemed: row["redeemed"], given: Money(fen: row["given"]))
    }

    static func definition(ofTemplate id: String, _ json: String) throws -> CouponTemplate {
        do {
            return try OfferCoding.decodeTemplate(Data(json.utf8), calendar: .shanghai)
        } catch {
            throw StoreError.invalid("coupon_templates '\(id)': the stored definition cannot be read: \(error)")
        }
    }

    /// Units of promotion `id` that `members` (one customer and those merged into them) already bought.
    static func taken(_ id: String, by members: [Int64], _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(units), 0) FROM promotion_customer_takes
            WHERE offer_id = ? AND customer_id IN (\(databaseQuestionMarks(count: members.count)))
            """), arguments: [id] + StatementArguments(members)) ?? 0
    }
}
