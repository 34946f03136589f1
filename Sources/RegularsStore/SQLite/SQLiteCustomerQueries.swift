import GRDB
import Regulars

extension SQLiteStore: CustomerQueryStore {
    public func customerProfile(_ reference: CustomerReference, recentLimit: Int) async throws -> CustomerProfile? {
        try await pool.read { db in
            guard let root = try Self.resolve(reference, in: db) else { return nil }
            return try Self.profile(of: root, recentLimit: recentLimit, in: db)
        }
    }

    static func resolve(_ reference: CustomerReference, in db: Database) throws -> Int64? {
        switch reference {
        case .id(let id):
            return try SQLiteCustomerTree.root(of: id, in: db)
        case .phone(let phone):
            if let owner = try Int64.fetchOne(db, sql: "SELECT customer_id FROM identities WHERE kind = 'phone' AND value = ? AND shared = 0",
                                              arguments: [phone]) {
                return try SQLiteCustomerTree.root(of: owner, in: db)
            }
            return nil
        case .account(let account):
            let owners = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM identities
                WHERE customer_id IS NOT NULL AND ((kind = 'account' AND value = ?) OR (kind IN ('email', 'union_id') AND value = lower(?)) OR (kind = 'union_id' AND value = ?))
                """, arguments: [account, account, account])
            guard let owner = owners.first else { return nil }
            return try SQLiteCustomerTree.root(of: owner, in: db)
        }
    }

    static func profile(of root: Int64, recentLimit: Int, in db: Database) throws -> CustomerProfile? {
        let members = try SQLiteCustomerTree.members(of: root, in: db)
        guard !members.isEmpty else { return nil }
        let memberList = members.map(String.init).joined(separator: ",")
        // Attributes: the first value found, the surviving customer first, then those merged into it by age.
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, phone_display, gender, birthday, province, city, registered_at, nickname, points, member_since
            FROM customers WHERE id IN (\(memberList)) ORDER BY id = ? DESC, id
            """, arguments: [root])
        func first<T: DatabaseValueConvertible>(_ column: String) -> T? {
            rows.lazy.compactMap { $0[column] as T? }.first
        }

        var identities = try Row.fetchAll(db, sql: """
            SELECT kind, channel, value, display FROM identities WHERE customer_id = ? ORDER BY kind, channel, value
            """, arguments: [root]).map { row in
            CustomerProfile.IdentityEntry(identifier: identifier(kind: row["kind"], channel: row["channel"], value: row["value"]),
                                          display: row["display"])
        }
        if let shown: String = first("phone_display"), !identities.contains(where: { $0.identifier.kind == .phone }) {
            identities.append(.init(identifier: Identifier(kind: .phone, value: shown), display: shown))
        }

        let summary = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) FILTER (WHERE status IN \(OrderStatusSQL.purchased)) AS paid,
                   COALESCE(SUM(amount - refunded) FILTER (WHERE status IN \(OrderStatusSQL.wasPaid)), 0) AS net,
                   COALESCE(SUM(refunded) FILTER (WHERE status IN \(OrderStatusSQL.wasPaid)), 0) AS refunded,
                   MIN(paid_at) FILTER (WHERE status IN \(OrderStatusSQL.purchased)) AS first_at,
                   MAX(paid_at) FILTER (WHERE status IN \(OrderStatusSQL.purchased)) AS last_at
            FROM orders WHERE customer_id = ?
            """, arguments: [root])!
        let categories = try Row.fetchAll(db, sql: """
            SELECT COALESCE(p.category, '未分类') AS category, SUM(l.amount) AS spend
            FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.sku = l.sku
            WHERE o.customer_id = ? AND o.status IN \(OrderStatusSQL.purchased)
            GROUP BY 1 ORDER BY spend DESC, category LIMIT 3
            """, arguments: [root]).map { CustomerProfile.CategorySpend(category: $0["category"], amount: Money(fen: $0["spend"])) }
        let channels = try String.fetchAll(db, sql: """
            SELECT channel FROM orders WHERE customer_id = ? UNION SELECT channel FROM identities WHERE customer_id = ? AND kind = 'account'
            ORDER BY 1
            """, arguments: [root, root]).map { Channel(rawValue: $0) }

        let recentOrders = try Row.fetchAll(db, sql: """
            SELECT o.channel, o.external_id, o.status, COALESCE(o.paid_at, o.created_at) AS at, o.amount, o.refunded,
                   (SELECT group_concat(COALESCE(p.name, l.sku) || ' ×' || l.quantity, ', ')
                      FROM order_lines l LEFT JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id) AS items
            FROM orders o WHERE o.customer_id = ? ORDER BY at DESC, o.id DESC LIMIT ?
            """, arguments: [root, recentLimit]).map { row in
            CustomerProfile.RecentOrder(
                channel: Channel(rawValue: row["channel"]), externalID: row["external_id"],
                status: OrderStatus(rawValue: row["status"]) ?? .paid,
                at: (row["at"] as Int64?).map(Instant.init(secondsSinceEpoch:)), amount: Money(fen: row["amount"]),
                refunded: Money(fen: row["refunded"]), items: row["items"] ?? "")
        }
        let recentEvents = try Row.fetchAll(db, sql: """
            SELECT e.type, e.channel, e.sku, p.name, e.at, e.text FROM events e LEFT JOIN products p ON p.sku = e.sku
            WHERE e.customer_id = ? ORDER BY e.at DESC, e.id DESC LIMIT ?
            """, arguments: [root, recentLimit]).compactMap { row -> CustomerProfile.RecentEvent? in
            guard let type = EventType(rawValue: row["type"]) else { return nil }
            return CustomerProfile.RecentEvent(type: type, channel: Channel(rawValue: row["channel"]), sku: row["sku"],
                                               productName: row["name"], at: Instant(secondsSinceEpoch: row["at"]),
                                               text: row["text"])
        }
        let merges = try Row.fetchAll(db, sql: """
            SELECT m.id, m.survivor_id, m.absorbed_id, m.merged_at, m.undone_at, i.kind, i.channel, i.value
            FROM merges m JOIN identities i ON i.id = m.reason_identity_id
            WHERE m.survivor_id IN (\(memberList)) OR m.absorbed_id IN (\(memberList)) ORDER BY m.id
            """).map(merge(from:))

        var profile = CustomerProfile(
            id: root, mergedIDs: members.filter { $0 != root }, name: first("name"),
            gender: (first("gender") as String?).flatMap(Gender.init(rawValue:)),
            birthday: (first("birthday") as String?).flatMap(CivilDateParser.parse),
            province: first("province"), city: first("city"),
            registeredAt: (first("registered_at") as Int64?).map(Instant.init(secondsSinceEpoch:)),
            identities: identities,
            orders: .init(count: summary["paid"], total: Money(fen: summary["net"]), refunded: Money(fen: summary["refunded"]),
                          firstOrderAt: (summary["first_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                          lastOrderAt: (summary["last_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                          topCategories: categories, channels: channels),
            recentOrders: recentOrders, recentEvents: recentEvents, merges: merges)
        profile.nickname = first("nickname")
        profile.points = first("points")
        profile.memberSince = (first("member_since") as Int64?).map(Instant.init(secondsSinceEpoch:))
        profile.tags = try String.fetchAll(db, sql: """
            SELECT DISTINCT tag FROM customer_tags WHERE customer_id IN (\(memberList)) ORDER BY tag
            """)
        return profile
    }

    public func searchCustomers(_ text: String, limit: Int) async throws -> [CustomerSummary] {
        let needle = text.trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { return [] }
        return try await pool.read { db in
            let digits = needle.filter(\.isNumber)
            let pattern = "%" + needle.replacingOccurrences(of: "%", with: "") + "%"
            let ids = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT id FROM (
                    SELECT customer_id AS id FROM identities WHERE customer_id IS NOT NULL AND value LIKE ?
                    UNION SELECT id FROM customers WHERE merged_into IS NULL AND name LIKE ?
                    UNION SELECT id FROM customers WHERE ? <> '' AND CAST(id AS TEXT) = ?
                ) ORDER BY id LIMIT ?
                """, arguments: [digits.count >= 4 && digits.count == needle.count ? "%" + digits + "%" : pattern, pattern,
                                 digits, needle, limit * 4])
            var seen = Set<Int64>()
            var result: [CustomerSummary] = []
            for id in ids {
                guard let root = try SQLiteCustomerTree.root(of: id, in: db), seen.insert(root).inserted else { continue }
                let row = try Row.fetchOne(db, sql: """
                    SELECT c.name,
                           (SELECT value FROM identities WHERE customer_id = c.id AND kind = 'phone' LIMIT 1) AS phone,
                           (SELECT group_concat(DISTINCT channel) FROM identities WHERE customer_id = c.id AND kind = 'account') AS channels,
                           (SELECT COUNT(*) FROM orders WHERE customer_id = c.id AND status IN \(OrderStatusSQL.purchased)) AS orders,
                           (SELECT COALESCE(SUM(amount - refunded), 0) FROM orders WHERE customer_id = c.id AND status IN \(OrderStatusSQL.wasPaid)) AS net,
                           (SELECT MAX(paid_at) FROM orders WHERE customer_id = c.id AND status IN \(OrderStatusSQL.purchased)) AS last_at
                    FROM customers c WHERE c.id = ?
                    """, arguments: [root])!
                result.append(CustomerSummary(
                    id: root, name: row["name"], phone: row["phone"],
                    channels: ((row["channels"] as String?) ?? "").split(separator: ",").map { Channel(rawValue: String($0)) }.sorted(),
                    orderCount: row["orders"], total: Money(fen: row["net"]),
                    lastOrderAt: (row["last_at"] as Int64?).map(Instant.init(secondsSinceEpoch:))))
                if result.count == limit { break }
            }
            return result
        }
    }
}

extension SQLiteStore {
    /// A `merges` row joined with its reason's identity (columns id, survivor_id, absorbed_id, merged_at, undone_at,
    /// kind, channel, value).
    static func merge(from row: Row) -> CustomerProfile.Merge {
        CustomerProfile.Merge(
            id: row["id"], survivor: row["survivor_id"], absorbed: row["absorbed_id"],
            reason: identifier(kind: row["kind"], channel: row["channel"], value: row["value"]),
            mergedAt: Instant(secondsSinceEpoch: row["merged_at"]),
            undoneAt: (row["undone_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)))
    }

    /// An identifier as the identities table stores it (an empty channel for keys that span channels).
    static func identifier(kind: String, channel: String?, value: String) -> Identifier {
        Identifier(kind: IdentifierKind(rawValue: kind) ?? .phone,
                   channel: channel.flatMap { $0.isEmpty ? nil : Channel(rawValue: $0) }, value: value)
    }
}

extension SQLiteStore: MergeStore {
    public func unmerge(_ mergeID: Int64, at now: Instant) async throws -> CustomerProfile.Merge {
        try await pool.write { db in
            _ = try SQLiteMergeUndo.undo(mergeID: mergeID, in: db, at: now, reason: "unmerged by operator", keepApart: true)
            _ = writes.increment()
            let row = try Row.fetchOne(db, sql: """
                SELECT m.id, m.survivor_id, m.absorbed_id, m.merged_at, m.undone_at, i.kind, i.channel, i.value
                FROM merges m JOIN identities i ON i.id = m.reason_identity_id WHERE m.id = ?
                """, arguments: [mergeID])!
            return Self.merge(from: row)
        }
    }
}
