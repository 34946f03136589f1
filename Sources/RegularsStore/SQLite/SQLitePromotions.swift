import Foundation
import GRDB
import Regulars

/// Promotion and coupon template definitions, cost floors, and what is left of their limits.
extension SQLiteStore: PromotionStore {
    public func savePromotion(_ offer: Offer, at now: Instant) async throws {
        try SQLiteOfferRows.check(offer)
        let definition = String(decoding: OfferCoding.encode(offer), as: UTF8.self)
        let limits = SQLiteOfferRows.Limits(offer)
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM coupon_templates WHERE id = ?", arguments: [offer.id]) != nil {
                throw PromotionError.invalidDefinition(where: "id", problem: "'\(offer.id)' is already a coupon template's id")
            }
            if let used = try Row.fetchOne(db, sql: "SELECT units_sold, buyers, given FROM promotions WHERE id = ?", arguments: [offer.id]) {
                try limits.check(unitsSold: used["units_sold"], buyers: used["buyers"], given: Money(fen: used["given"]))
            }
            try db.execute(sql: """
                INSERT INTO promotions(id, definition, enabled, first_order_only, stock, buyer_limit, per_customer, budget,
                                       created_at, updated_at)
                VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, first_order_only = excluded.first_order_only,
                    stock = excluded.stock, buyer_limit = excluded.buyer_limit, per_customer = excluded.per_customer,
                    budget = excluded.budget, updated_at = excluded.updated_at
                """, arguments: [offer.id, definition, offer.targeting.firstOrderOnly, limits.stock, limits.buyerLimit,
                                 limits.perCustomer, offer.budget?.fen, now.secondsSinceEpoch, now.secondsSinceEpoch])
        }
    }

    public func promotion(id: String) async throws -> StoredPromotion? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM promotions WHERE id = ?", arguments: [id]).map(SQLiteOfferRows.promotion)
        }
    }

    public func promotions(includeDisabled: Bool) async throws -> [StoredPromotion] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM promotions WHERE enabled = 1 OR ? ORDER BY id", arguments: [includeDisabled])
                .map(SQLiteOfferRows.promotion)
        }
    }

    public func setPromotionEnabled(id: String, _ enabled: Bool, at now: Instant) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE promotions SET enabled = ?, updated_at = ? WHERE id = ?",
                           arguments: [enabled, now.secondsSinceEpoch, id])
            return db.changesCount > 0
        }
    }

    public func saveTemplate(_ template: CouponTemplate, at now: Instant) async throws {
        try SQLiteOfferRows.check(template)
        let definition = String(decoding: OfferCoding.encode(template), as: UTF8.self)
        let offer = template.offer
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM promotions WHERE id = ?", arguments: [offer.id]) != nil {
                throw PromotionError.invalidDefinition(where: "id", problem: "'\(offer.id)' is already a promotion's id")
            }
            if let code = template.claimCode,
               let other = try String.fetchOne(db, sql: "SELECT id FROM coupon_templates WHERE claim_code = ? AND id <> ?",
                                               arguments: [code, offer.id]) {
                throw PromotionError.invalidDefinition(where: "claim_code", problem: "'\(code)' is already the claim code of template '\(other)'")
            }
            if let used = try Row.fetchOne(db, sql: "SELECT issued, redeemed, given FROM coupon_templates WHERE id = ?",
                                           arguments: [offer.id]) {
                try SQLiteOfferRows.checkLimits(template, issued: used["issued"], redeemed: used["redeemed"], given: Money(fen: used["given"]))
            }
            try db.execute(sql: """
                INSERT INTO coupon_templates(id, definition, claim_code, first_order_only, restore_on_refund, total_limit,
                                             per_customer_limit, redemption_budget, budget, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, claim_code = excluded.claim_code,
                    first_order_only = excluded.first_order_only, restore_on_refund = excluded.restore_on_refund,
                    total_limit = excluded.total_limit, per_customer_limit = excluded.per_customer_limit,
                    redemption_budget = excluded.redemption_budget, budget = excluded.budget, updated_at = excluded.updated_at
                """, arguments: [offer.id, definition, template.claimCode, offer.targeting.firstOrderOnly, template.restoreOnRefund,
                                 template.totalLimit, template.perCustomerLimit, template.redemptionBudget, offer.budget?.fen,
                                 now.secondsSinceEpoch, now.secondsSinceEpoch])
        }
    }

    public func template(id: String) async throws -> StoredTemplate? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM coupon_templates WHERE id = ?", arguments: [id]).map(SQLiteOfferRows.template)
        }
    }

    public func templates() async throws -> [StoredTemplate] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM coupon_templates ORDER BY id").map(SQLiteOfferRows.template)
        }
    }

    public func setCostFloor(sku: String, _ floor: Money?) async throws {
        if let floor, floor.fen < 0 { throw StoreError.invalid("cost floor of \(sku): \(floor) is negative") }
        try await pool.write { db in
            if let floor {
                try db.execute(sql: "INSERT INTO cost_floors(sku, floor) VALUES (?, ?) ON CONFLICT(sku) DO UPDATE SET floor = excluded.floor",
                               arguments: [sku, floor.fen])
            } else {
                try db.execute(sql: "DELETE FROM cost_floors WHERE sku = ?", arguments: [sku])
            }
        }
    }

    public func costFloors() async throws -> [String: Money] {
        try await pool.read { db in
            var floors: [String: Money] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sku, floor FROM cost_floors") { floors[row["sku"]] = Money(fen: row["floor"]) }
            return floors
        }
    }

    public func availability(for offerIDs: [String], templateIDs: [String], customer: Int64?) async throws -> OfferAvailability {
        try await pool.read { db in
            var availability = OfferAvailability()
            let members = try customer.flatMap { try SQLiteCustomerTree.tree(of: $0, in: db)?.members } ?? []
            for id in Set(offerIDs) {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM promotions WHERE id = ?", arguments: [id]) else { continue }
                let (sold, buyers, given): (Int, Int, Int64) = (row["units_sold"], row["buyers"], row["given"])
                if let stock: Int = row["stock"] { availability.remainingUnits[id] = stock - sold }
                if let limit: Int = row["buyer_limit"] { availability.remainingBuyers[id] = limit - buyers }
                if let budget: Int64 = row["budget"] { availability.remainingBudget[id] = Money(fen: budget - given) }
                let limited = row["stock"] as Int? != nil || row["buyer_limit"] as Int? != nil || row["per_customer"] as Int? != nil
                if limited, !members.isEmpty { availability.takenByCustomer[id] = try SQLiteOfferRows.taken(id, by: members, db) }
            }
            for id in Set(templateIDs) {
                guard let row = try Row.fetchOne(db, sql: "SELECT redemption_budget, redeemed, budget, given FROM coupon_templates WHERE id = ?",
                                                 arguments: [id]) else { continue }
                if let budget: Int = row["redemption_budget"] { availability.remainingRedemptions[id] = budget - (row["redeemed"] as Int) }
                if let budget: Int64 = row["budget"] { availability.remainingBudget[id] = Money(fen: budget - (row["given"] as Int64)) }
            }
            return availability
        }
    }

    public func newCustomerOfferTaken(keys: NewCustomerKeys, guarding: Set<PromotionSettings.GuardKey>) async throws -> Bool {
        let normalized = keys.normalized(guarding: guarding)
        guard !normalized.isEmpty else { return false }
        return try await pool.read { db in
            try normalized.contains { key in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM new_customer_claims WHERE kind = ? AND value = ?",
                                  arguments: [key.kind.rawValue, key.value]) != nil
            }
        }
    }
}
