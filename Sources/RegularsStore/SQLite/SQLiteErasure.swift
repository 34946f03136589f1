import Foundation
import GRDB
import Regulars

extension SQLiteStore: ErasureStore {
    public func eraseCustomer(_ id: Int64, at now: Instant) async throws -> ErasureReport? {
        try await pool.write { db in
            guard let tree = try SQLiteCustomerTree.tree(of: id, in: db) else { return nil }
            var erasure = SQLiteErasure(db: db, members: tree.members)
            let removed = try erasure.run()
            let report = ErasureReport(customerID: id, erasedIDs: tree.members, erasedAt: now, removed: removed)
            let counts = String(decoding: try JSONEncoder().encode(removed), as: UTF8.self)
            for member in tree.members {
                try db.execute(sql: "INSERT INTO erasures(customer_id, erased_with, erased_at, removed) VALUES (?, ?, ?, ?)",
                               arguments: [member, id, now.secondsSinceEpoch, counts])
            }
            // Import sessions of this store cache identities: they must see that these are gone.
            _ = writes.increment()
            return report
        }
    }

    public func erasure(of id: Int64) async throws -> ErasureReport? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT erased_with, erased_at, removed FROM erasures WHERE customer_id = ?",
                                             arguments: [id]) else { return nil }
            let askedFor: Int64 = row["erased_with"]
            let erasedAt: Int64 = row["erased_at"]
            let members = try Int64.fetchAll(db, sql: """
                SELECT customer_id FROM erasures WHERE erased_with = ? AND erased_at = ? ORDER BY customer_id
                """, arguments: [askedFor, erasedAt])
            let removed = try JSONDecoder().decode(ErasureCounts.self, from: Data((row["removed"] as String).utf8))
            return ErasureReport(customerID: askedFor, erasedIDs: members, erasedAt: Instant(secondsSinceEpoch: erasedAt),
                                 removed: removed)
        }
    }
}

/// Removes one merge tree of customers inside the caller's write transaction. Orders stay, anonymised, so the shop's
/// totals do not move: amounts, dates, status, channel, lines and the order's province and city (a region, not an
/// address) are kept; the buyer, their name and their identity are taken off. Events only ever exist for a known
/// customer, so they go. Identities are deleted, so a later import of the same phone finds nothing and starts a
/// new customer; keys flagged as shared stay (they are nobody's, and they keep guarding against false merges).
struct SQLiteErasure {
    let db: Database
    /// `1,2,3`: the customers, for `IN (…)`.
    let customers: String
    let customerIDs: [Int64]
    private var identities = "NULL"
    private var counts = ErasureCounts()

    init(db: Database, members: [Int64]) {
        self.db = db
        self.customerIDs = members
        self.customers = members.map(String.init).joined(separator: ",")
    }

    mutating func run() throws -> ErasureCounts {
        let identityIDs = try Int64.fetchAll(db, sql: "SELECT id FROM identities WHERE shared = 0 AND customer_id IN (\(customers))")
        if !identityIDs.isEmpty { identities = identityIDs.map(String.init).joined(separator: ",") }
        let personal = try personalValues()

        counts.ordersAnonymised = try change("""
            UPDATE orders SET customer_id = NULL, buyer_identity_id = NULL, buyer_name = NULL
            WHERE customer_id IN (\(customers)) OR buyer_identity_id IN (\(identities))
            """)
        counts.events = try change("DELETE FROM events WHERE customer_id IN (\(customers)) OR buyer_identity_id IN (\(identities))")
        try removeMerges()
        try removeIdentities()
        try removePromotionTraces(phones: personal.phones)
        counts.tags = try change("DELETE FROM customer_tags WHERE customer_id IN (\(customers))")
        counts.segments = try change("DELETE FROM customer_segments WHERE customer_id IN (\(customers))")
        counts.segmentHistory = try change("DELETE FROM segment_history WHERE customer_id IN (\(customers))")
        // After the orders changed: their trigger marked these customers for a segment recompute.
        try db.execute(sql: "DELETE FROM segment_dirty WHERE customer_id IN (\(customers))")
        try db.execute(sql: "DELETE FROM kept_apart WHERE first_id IN (\(customers)) OR second_id IN (\(customers))")
        try scrub(personal.texts)
        try db.execute(sql: "UPDATE customers SET merged_into = NULL WHERE id IN (\(customers))")
        counts.customers = try change("DELETE FROM customers WHERE id IN (\(customers))")
        return counts
    }

    /// Every personal value the customers' rows hold, read before they go: to find copies of them elsewhere.
    private func personalValues() throws -> (phones: [String], texts: Set<String>) {
        var phones: [String] = []
        var texts = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT kind, value, display FROM identities WHERE id IN (\(identities))") {
            let kind: String = row["kind"]
            let value: String = row["value"]
            if kind == "phone" { phones.append(value) }
            texts.insert(value)
            if let display: String = row["display"] { texts.insert(display) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT name, nickname, phone_display FROM customers WHERE id IN (\(customers))") {
            for column in ["name", "nickname", "phone_display"] {
                if let text: String = row[column] { texts.insert(text) }
            }
        }
        texts.formUnion(try String.fetchAll(db, sql: """
            SELECT DISTINCT buyer_name FROM orders WHERE buyer_name IS NOT NULL AND customer_id IN (\(customers))
            """))
        return (phones, texts)
    }

    /// Merges the customers took part in, and those that named one of their identities as the reason.
    private mutating func removeMerges() throws {
        let merges = try Int64.fetchAll(db, sql: """
            SELECT id FROM merges WHERE survivor_id IN (\(customers)) OR absorbed_id IN (\(customers))
               OR reason_identity_id IN (\(identities))
            """)
        let list = merges.isEmpty ? "NULL" : merges.map(String.init).joined(separator: ",")
        try db.execute(sql: "DELETE FROM merge_moves WHERE merge_id IN (\(list)) OR identity_id IN (\(identities))")
        counts.merges = try change("DELETE FROM merges WHERE id IN (\(list))")
    }

    private mutating func removeIdentities() throws {
        try db.execute(sql: "DELETE FROM identity_links WHERE identity_id IN (\(identities)) OR account_id IN (\(identities))")
        // Shared keys stay: only their ties to these customers' accounts go.
        try db.execute(sql: "UPDATE identities SET first_account_id = NULL WHERE first_account_id IN (\(identities))")
        try db.execute(sql: """
            UPDATE identities SET origin_customer_id = NULL
            WHERE origin_customer_id IN (\(customers)) AND id NOT IN (\(identities))
            """)
        try db.execute(sql: "UPDATE identities SET customer_id = NULL WHERE customer_id IN (\(customers)) AND id NOT IN (\(identities))")
        counts.identities = try change("DELETE FROM identities WHERE id IN (\(identities))")
    }

    /// Coupons and first-order claims go; redemptions stay for the promotions' budgets, without their customer.
    private mutating func removePromotionTraces(phones: [String]) throws {
        counts.coupons = try change("DELETE FROM coupons WHERE customer_id IN (\(customers))")
        try db.execute(sql: "DELETE FROM promotion_customer_takes WHERE customer_id IN (\(customers))")
        let customerKeys = customerIDs.map { "'\($0)'" }.joined(separator: ",")
        counts.newCustomerClaims = try change("""
            DELETE FROM new_customer_claims WHERE customer_id IN (\(customers)) OR (kind = 'customer' AND value IN (\(customerKeys)))
            """)
        for phone in phones {
            counts.newCustomerClaims += try change("DELETE FROM new_customer_claims WHERE kind = 'phone' AND value = ?", [phone])
        }
        counts.redemptionsAnonymised = try change("UPDATE redemptions SET customer_id = NULL WHERE customer_id IN (\(customers))")
        try db.execute(sql: "UPDATE redemption_offers SET customer_id = NULL WHERE customer_id IN (\(customers))")
        try db.execute(sql: "UPDATE redemption_reversals SET customer_id = NULL WHERE customer_id IN (\(customers))")
        try db.execute(sql: "UPDATE idempotency_keys SET customer_id = NULL WHERE customer_id IN (\(customers))")
    }

    /// Copies of personal values outside the customer's own rows: answers kept for idempotent replays, and import
    /// rejections that quote a rejected cell. Values shorter than four bytes would match unrelated text, and are no
    /// way to recognise a person by.
    private mutating func scrub(_ texts: Set<String>) throws {
        for text in texts.sorted() where text.utf8.count >= 4 {
            counts.storedAnswers += try change("""
                DELETE FROM request_keys WHERE body IS NOT NULL AND instr(CAST(body AS TEXT), ?) > 0
                """, [text])
            counts.importRejectionsScrubbed += try change("""
                UPDATE import_rejections SET reason = replace(reason, ?1, '[erased]') WHERE instr(reason, ?1) > 0
                """, [text])
        }
    }

    private func change(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try db.execute(sql: sql, arguments: arguments)
        return db.changesCount
    }
}
