import Foundation
import GRDB
import Regulars

/// Issuing coupons, claiming them by code, and the coupons a customer holds.
extension SQLiteStore {
    public func issueCoupons(templateID: String, to customers: [Int64], idempotencyKey: String?,
                             at now: Instant) async throws -> IssueReport {
        struct Request: Encodable { var templateID: String; var customers: [Int64] }
        let fingerprint = try SQLiteIdempotency.fingerprint(.issue, Request(templateID: templateID, customers: customers))
        let result = try await pool.write { db in
            try SQLiteIdempotency.once(db, key: idempotencyKey, operation: .issue, fingerprint: fingerprint, customer: nil, at: now) { db in
                try SQLiteCouponIssue.issue(templateID, to: customers, db, at: now)
            }
        }
        return try result.get()
    }

    public func claimCoupon(claimCode: String, customer: Int64, idempotencyKey: String?, at now: Instant) async throws -> Coupon {
        struct Request: Encodable { var claimCode: String; var customer: Int64 }
        let code = claimCode.trimmingCharacters(in: .whitespaces)
        let fingerprint = try SQLiteIdempotency.fingerprint(.claim, Request(claimCode: code.uppercased(), customer: customer))
        let result = try await pool.write { db in
            try SQLiteIdempotency.once(db, key: idempotencyKey, operation: .claim, fingerprint: fingerprint, customer: customer, at: now) { db in
                guard let templateID = try String.fetchOne(db, sql: "SELECT id FROM coupon_templates WHERE claim_code = ?",
                                                           arguments: [code]) else {
                    throw PromotionError.refused("no coupon has the claim code '\(code)'")
                }
                let report = try SQLiteCouponIssue.issue(templateID, to: [customer], db, at: now)
                guard let coupon = report.issued.first else {
                    throw PromotionError.refused(report.refused.first?.reason ?? "template '\(templateID)' issued nothing")
                }
                return coupon
            }
        }
        return try result.get()
    }

    public func coupons(of customer: Int64) async throws -> [Coupon] {
        try await pool.read { db in
            let members = try SQLiteCouponIssue.members(of: customer, db)
            guard !members.isEmpty else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM coupons WHERE customer_id IN (\(databaseQuestionMarks(count: members.count)))
                ORDER BY issued_at, code
                """, arguments: StatementArguments(members)).map(SQLiteCouponIssue.coupon)
        }
    }

    public func coupon(code: String) async throws -> Coupon? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM coupons WHERE code = ?", arguments: [CouponCode.normalized(code)])
                .map(SQLiteCouponIssue.coupon)
        }
    }

    public func usableCoupons(of customer: Int64, at now: Instant) async throws -> [HeldCoupon] {
        try await pool.read { db in
            let members = try SQLiteCouponIssue.members(of: customer, db)
            guard !members.isEmpty else { return [] }
            var templates: [String: CouponTemplate] = [:]
            return try Row.fetchAll(db, sql: """
                SELECT c.code, t.id, t.definition FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
                WHERE c.customer_id IN (\(databaseQuestionMarks(count: members.count))) AND c.state = 'issued'
                  AND c.valid_from <= ? AND c.valid_until > ?
                ORDER BY c.valid_until, c.code
                """, arguments: StatementArguments(members) + [now.secondsSinceEpoch, now.secondsSinceEpoch]).map { row in
                let id: String = row["id"]
                let template = try templates[id] ?? SQLiteOfferRows.definition(ofTemplate: id, row["definition"])
                templates[id] = template
                return HeldCoupon(code: row["code"], offer: template.offer)
            }
        }
    }
}

/// Issuance inside a write transaction: one coupon per customer within the template's limits.
enum SQLiteCouponIssue {
    static func issue(_ templateID: String, to customers: [Int64], _ db: Database, at now: Instant) throws -> IssueReport {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT definition, total_limit, per_customer_limit, issued FROM coupon_templates WHERE id = ?
            """, arguments: [templateID]) else {
            throw StoreError.notFound("coupon template '\(templateID)'")
        }
        let template = try SQLiteOfferRows.definition(ofTemplate: templateID, row["definition"])
        let window = template.validity.window(issuedAt: now)
        guard now < window.until else {
            throw PromotionError.refused("template '\(templateID)' ended at \(window.until): its coupons could no longer be used")
        }
        let totalLimit: Int? = row["total_limit"]
        let perCustomer: Int? = row["per_customer_limit"]
        var issued: Int = row["issued"]
        var report = IssueReport(templateID: templateID, issued: [], refused: [])
        for customer in customers {
            guard let (root, members) = try SQLiteCustomerTree.tree(of: customer, in: db) else {
                report.refused.append(IssueRefusal(customer: customer, reason: "customer \(customer) is not in the store"))
                continue
            }
            if let totalLimit, issued >= totalLimit {
                report.refused.append(IssueRefusal(customer: customer,
                                                   reason: "template '\(templateID)' has issued all \(totalLimit) of its coupons"))
                continue
            }
            if let perCustomer {
                let held = try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM coupons WHERE template_id = ? AND customer_id IN (\(databaseQuestionMarks(count: members.count)))
                    """), arguments: [templateID] + StatementArguments(members)) ?? 0
                if held >= perCustomer {
                    report.refused.append(IssueRefusal(customer: customer, reason: """
                        customer \(root) already holds \(held) of template '\(templateID)' (at most \(perCustomer) each)
                        """))
                    continue
                }
            }
            report.issued.append(try insertCoupon(templateID, customer: root, window: window, db, at: now))
            issued += 1
        }
        try db.execute(sql: "UPDATE coupon_templates SET issued = ? WHERE id = ?", arguments: [issued, templateID])
        return report
    }

    /// Inserts a coupon under a fresh random code, drawing again when the code is taken.
    private static func insertCoupon(_ templateID: String, customer: Int64, window: (from: Instant, until: Instant),
                                     _ db: Database, at now: Instant) throws -> Coupon {
        for _ in 0..<8 {
            let coupon = Coupon(code: CouponCode.random(), templateID: templateID, customerID: customer, issuedAt: now,
                                validFrom: window.from, validUntil: window.until, storedState: .issued)
            do {
                try db.cachedStatement(sql: """
                    INSERT INTO coupons(code, template_id, customer_id, issued_at, valid_from, valid_until, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'issued')
                    """).execute(arguments: [coupon.code, templateID, customer, now.secondsSinceEpoch, window.from.secondsSinceEpoch,
                                     window.until.secondsSinceEpoch])
                return coupon
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                continue
            }
        }
        throw StoreError.invalid("coupons: no free code after 8 random draws for template '\(templateID)'")
    }

    /// The customer and everyone merged into them; empty when the customer is not in the store.
    static func members(of customer: Int64, _ db: Database) throws -> [Int64] {
        try SQLiteCustomerTree.tree(of: customer, in: db)?.members ?? []
    }

    static func coupon(_ row: Row) throws -> Coupon {
        let code: String = row["code"]
        let state: String = row["state"]
        guard let stored = CouponState(rawValue: state) else { throw StoreError.invalid("coupons '\(code)': unknown state '\(state)'") }
        return Coupon(code: code, templateID: row["template_id"], customerID: row["customer_id"],
                      issuedAt: Instant(secondsSinceEpoch: row["issued_at"]), validFrom: Instant(secondsSinceEpoch: row["valid_from"]),
                      validUntil: Instant(secondsSinceEpoch: row["valid_until"]), storedState: stored)
    }
}

/// Coupon codes people can read out and type: 12 characters without 0, O, 1 or I, grouped `C7KQ-M2XF-9TBD`.
enum CouponCode {
    static let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var code = ""
        for index in 0..<12 {
            if index > 0, index % 4 == 0 { code.append("-") }
            code.append(alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))])
        }
        return code
    }

    /// `c7kq m2xf 9tbd` and `C7KQM2XF9TBD` → `C7KQ-M2XF-9TBD`; anything not twelve letters and digits is kept as typed.
    static func normalized(_ text: String) -> String {
        let characters = Array(text.uppercased().filter { $0.isLetter || $0.isNumber })
        guard characters.count == 12 else { return text.trimmingCharacters(in: .whitespaces) }
        return String(characters[0..<4]) + "-" + String(characters[4..<8]) + "-" + String(characters[8..<12])
    }
}
