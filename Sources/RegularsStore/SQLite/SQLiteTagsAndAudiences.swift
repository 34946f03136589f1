import GRDB
import Regulars

/// Manual tags, tag rules and saved audiences.
extension SQLiteStore {
    public func addTag(_ tag: String, to customer: Int64, at now: Instant) async throws -> Bool {
        try await pool.write { db in try Self.addTag(tag, to: Self.liveCustomer(customer, db), db, at: now) }
    }

    /// Adds a manual tag to a live customer inside the caller's transaction (a journey's tag step uses it too).
    static func addTag(_ tag: String, to root: Int64, _ db: Database, at now: Instant) throws -> Bool {
        try db.execute(sql: "INSERT OR IGNORE INTO customer_tags(customer_id, tag, source, added_at) VALUES (?, ?, 'manual', ?)",
                       arguments: [root, tag, now.secondsSinceEpoch])
        guard db.changesCount > 0 else { return false }
        try db.execute(sql: "INSERT INTO segment_history(customer_id, dimension, from_value, to_value, at) VALUES (?, 'tag', NULL, ?, ?)",
                       arguments: [root, tag, now.secondsSinceEpoch])
        return true
    }

    public func removeTag(_ tag: String, from customer: Int64, at now: Instant) async throws -> Bool {
        try await pool.write { db in try Self.removeTag(tag, from: Self.liveCustomer(customer, db), db, at: now) }
    }

    static func removeTag(_ tag: String, from root: Int64, _ db: Database, at now: Instant) throws -> Bool {
        try db.execute(sql: "DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?", arguments: [root, tag])
        guard db.changesCount > 0 else { return false }
        try db.execute(sql: "INSERT INTO segment_history(customer_id, dimension, from_value, to_value, at) VALUES (?, 'tag', ?, NULL, ?)",
                       arguments: [root, tag, now.secondsSinceEpoch])
        return true
    }

    public func tagCounts() async throws -> [TagCount] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                WITH RECURSIVE owner(id, root) AS (
                    SELECT id, id FROM customers WHERE merged_into IS NULL
                    UNION ALL
                    SELECT c.id, owner.root FROM customers c JOIN owner ON c.merged_into = owner.id)
                SELECT t.tag, COUNT(DISTINCT owner.root) AS customers
                FROM customer_tags t JOIN owner ON owner.id = t.customer_id
                GROUP BY t.tag ORDER BY t.tag
                """).map { TagCount(tag: $0["tag"], customers: $0["customers"]) }
        }
    }

    public func tagRules() async throws -> [TagRule] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT tag, definition, created_at FROM tag_rules ORDER BY tag").map {
                TagRule(tag: $0["tag"], definition: $0["definition"], createdAt: Instant(secondsSinceEpoch: $0["created_at"]))
            }
        }
    }

    public func saveTagRule(_ rule: TagRule) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO tag_rules(tag, definition, created_at) VALUES (?, ?, ?)
                ON CONFLICT(tag) DO UPDATE SET definition = excluded.definition
                """, arguments: [rule.tag, rule.definition, rule.createdAt.secondsSinceEpoch])
        }
    }

    public func deleteTagRule(_ tag: String, at now: Instant) async throws -> Bool {
        let existed = try await pool.write { db in
            try db.execute(sql: "DELETE FROM tag_rules WHERE tag = ?", arguments: [tag])
            return db.changesCount > 0
        }
        guard existed else { return false }
        _ = try await applyRuleTag(tag, members: [], at: now)
        return true
    }

    public func saveAudience(name: String, definition: String, at now: Instant) async throws -> SavedAudience {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO audiences(name, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
                """, arguments: [name, definition, now.secondsSinceEpoch, now.secondsSinceEpoch])
            return try Self.audience(name, db)!
        }
    }

    public func audience(named name: String) async throws -> SavedAudience? {
        try await pool.read { db in try Self.audience(name, db) }
    }

    public func audiences() async throws -> [SavedAudience] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM audiences ORDER BY name").compactMap { try Self.audience($0, db) }
        }
    }

    public func deleteAudience(named name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM audiences WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func customerRows(_ ids: [Int64], unmask: Bool) async throws -> [AudienceMemberRow] {
        try await pool.read { db in
            try ids.map { id in
                let row = try Row.fetchOne(db, sql: """
                    SELECT c.name, c.province, c.city,
                           (SELECT COALESCE(i.display, i.value) FROM identities i WHERE i.customer_id = c.id AND i.kind = 'phone'
                            ORDER BY i.id LIMIT 1) AS phone, c.phone_display
                    FROM customers c WHERE c.id = ?
                    """, arguments: [id])
                let channels = try String.fetchAll(db, sql: """
                    SELECT DISTINCT channel FROM identities WHERE customer_id = ? AND kind = 'account' ORDER BY channel
                    """, arguments: [id])
                let name: String? = row?["name"]
                let phone: String? = row?["phone"] ?? row?["phone_display"]
                return AudienceMemberRow(id: id, name: unmask ? name : name.map(PersonName.mask),
                                         phone: unmask ? phone : phone.map(PhoneNumber.mask),
                                         province: row?["province"], city: row?["city"], channels: channels)
            }
        }
    }

    private static func audience(_ name: String, _ db: Database) throws -> SavedAudience? {
        try Row.fetchOne(db, sql: "SELECT name, definition, created_at, updated_at FROM audiences WHERE name = ?",
                         arguments: [name]).map {
            SavedAudience(name: $0["name"], definition: $0["definition"],
                          createdAt: Instant(secondsSinceEpoch: $0["created_at"]),
                          updatedAt: Instant(secondsSinceEpoch: $0["updated_at"]))
        }
    }

    static func liveCustomer(_ id: Int64, _ db: Database) throws -> Int64 {
        guard let root = try SQLiteCustomerTree.root(of: id, in: db) else { throw StoreError.notFound("customer \(id)") }
        return root
    }
}
