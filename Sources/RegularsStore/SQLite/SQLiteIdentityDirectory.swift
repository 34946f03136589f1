import GRDB
import Regulars

/// What an import session remembers about identities between batches, so that most look-ups never reach SQLite.
final class IdentityState {
    struct Entry {
        var rowID: Int64
        var customer: Int64?
        var origin: Int64?
        var shared: Bool
        var linkCount: Int64
    }

    var entries: [Identifier: Entry] = [:]
    /// Customers merged away during this session, to the customer that absorbed them.
    var redirect: [Int64: Int64] = [:]
    /// Whether the identities table was empty when the session began: then a cache miss means "never seen".
    var startedEmpty = false
    var keptApartPairs: Set<[Int64]> = []
    var linkedPairs: Set<[Int64]> = []
    var counts = BatchCounts()

    func root(_ customer: Int64) -> Int64 {
        var current = customer
        while let next = redirect[current] { current = next }
        return current
    }

    func forgetAll() {
        entries.removeAll(keepingCapacity: true)
        redirect.removeAll()
        startedEmpty = false
        linkedPairs.removeAll()
    }
}

/// `IdentityDirectory` over the SQLite tables, inside one write transaction.
struct SQLiteIdentityDirectory: IdentityDirectory {
    let db: Database
    let state: IdentityState
    let now: Instant

    func entry(_ identifier: Identifier) throws -> IdentityState.Entry? {
        if let cached = state.entries[identifier] { return cached }
        if state.startedEmpty { return nil }
        var select = try BulkStatement(db, "SELECT id, customer_id, origin_customer_id, shared, link_count FROM identities WHERE kind = ? AND channel = ? AND value = ?")
        defer { select.reset() }
        select.bind(identifier.kind.rawValue)
        select.bind(identifier.channel?.rawValue ?? "")
        select.bind(identifier.value)
        guard try select.step() else { return nil }
        let entry = IdentityState.Entry(rowID: select.int(0)!, customer: select.int(1), origin: select.int(2),
                                        shared: select.int(3) == 1, linkCount: select.int(4) ?? 0)
        state.entries[identifier] = entry
        return entry
    }

    mutating func owner(of identifier: Identifier) throws -> Int64? {
        try entry(identifier)?.customer.map(state.root)
    }

    mutating func isShared(_ identifier: Identifier) throws -> Bool {
        try entry(identifier)?.shared ?? false
    }

    mutating func areKeptApart(_ first: Int64, _ second: Int64) throws -> Bool {
        if state.keptApartPairs.isEmpty { return false }
        let firstTree = try SQLiteCustomerTree.members(of: first, in: db)
        let secondTree = try SQLiteCustomerTree.members(of: second, in: db)
        for a in firstTree {
            for b in secondTree where state.keptApartPairs.contains([min(a, b), max(a, b)]) { return true }
        }
        return false
    }

    mutating func createCustomer(channel: Channel) throws -> Int64 {
        var insert = try BulkStatement(db, "INSERT INTO customers(first_channel, created_at) VALUES (?, ?)")
        insert.bind(channel.rawValue)
        insert.bind(now)
        try insert.run()
        state.counts.customersCreated += 1
        return insert.lastRowID
    }

    mutating func attach(_ identifier: Identifier, to customer: Int64) throws {
        var insert = try BulkStatement(db, """
            INSERT INTO identities(customer_id, origin_customer_id, kind, channel, value) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(kind, channel, value) DO NOTHING
            """)
        insert.bind(customer)
        insert.bind(customer)
        insert.bind(identifier.kind.rawValue)
        insert.bind(identifier.channel?.rawValue ?? "")
        insert.bind(identifier.value)
        try insert.run()
        if insert.changes == 1 {
            state.entries[identifier] = .init(rowID: insert.lastRowID, customer: customer, origin: customer,
                                              shared: false, linkCount: 0)
        } else {
            // Another writer filed it first: take what is there.
            state.entries[identifier] = nil
            let saved = state.startedEmpty
            state.startedEmpty = false
            defer { state.startedEmpty = saved }
            _ = try entry(identifier)
        }
    }

    mutating func merge(_ absorbed: Int64, into survivor: Int64, because reason: Identifier) throws {
        guard let reasonRow = try entry(reason)?.rowID else { return }
        try db.execute(sql: "INSERT INTO merges(survivor_id, absorbed_id, reason_identity_id, merged_at) VALUES (?, ?, ?, ?)",
                       arguments: [survivor, absorbed, reasonRow, now.secondsSinceEpoch])
        let mergeID = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO merge_moves(merge_id, identity_id) SELECT ?, id FROM identities WHERE customer_id = ?",
                       arguments: [mergeID, absorbed])
        try db.execute(sql: "UPDATE identities SET customer_id = ? WHERE customer_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE orders SET customer_id = ? WHERE customer_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE events SET customer_id = ? WHERE customer_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE customers SET merged_into = ? WHERE id = ?", arguments: [survivor, absorbed])
        state.redirect[absorbed] = survivor
        state.counts.merges += 1
    }

    /// Counts `account` as presenting each linking key in `keys`; a key that crosses the shared limit is flagged
    /// and the merges it caused are undone.
    mutating func countLinks(_ keys: IdentityKeys, limit: Int) throws {
        guard let account = keys.account, let accountRow = state.entries[.account(keys.channel, account)]?.rowID else { return }
        for identifier in keys.identifiers where identifier.kind.links {
            guard var entry = state.entries[identifier], !entry.shared else { continue }
            let pair = [entry.rowID, accountRow]
            guard state.linkedPairs.insert(pair).inserted else { continue }
            var link = try BulkStatement(db, "INSERT INTO identity_links(identity_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
            link.bind(entry.rowID)
            link.bind(accountRow)
            try link.run()
            guard link.changes == 1 else { continue }
            entry.linkCount += 1
            state.entries[identifier] = entry
            var bump = try BulkStatement(db, "UPDATE identities SET link_count = link_count + 1 WHERE id = ?")
            bump.bind(entry.rowID)
            try bump.run()
            if entry.linkCount > Int64(limit) {
                try SQLiteMergeUndo.flagShared(identityRow: entry.rowID, in: db, at: now, state: state)
                return
            }
        }
    }
}

/// Customers joined into one: a root and everything merged into it, transitively.
enum SQLiteCustomerTree {
    static func members(of root: Int64, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM customers c JOIN tree ON c.merged_into = tree.id)
            SELECT id FROM tree ORDER BY id
            """, arguments: [root])
    }

    /// The customer that `id` ended up in after merges.
    static func root(of id: Int64, in db: Database) throws -> Int64? {
        var current = id
        for _ in 0..<10_000 {
            guard let row = try Row.fetchOne(db, sql: "SELECT merged_into FROM customers WHERE id = ?", arguments: [current]) else {
                return nil
            }
            guard let next: Int64 = row["merged_into"] else { return current }
            current = next
        }
        return current
    }
}

/// Undoing merges: by an operator (`regulars customer unmerge`), or because their key turned out to be shared.
enum SQLiteMergeUndo {
    static func undo(mergeID: Int64, in db: Database, at now: Instant, reason: String, keepApart: Bool) throws -> (survivor: Int64, absorbed: Int64) {
        guard let row = try Row.fetchOne(db, sql: "SELECT survivor_id, absorbed_id, undone_at FROM merges WHERE id = ?", arguments: [mergeID]) else {
            throw StoreError.notFound("merge \(mergeID)")
        }
        let survivor: Int64 = row["survivor_id"]
        let absorbed: Int64 = row["absorbed_id"]
        if let undone: Int64 = row["undone_at"] {
            throw StoreError.invalid("merge \(mergeID) was already undone at \(Instant(secondsSinceEpoch: undone))")
        }
        let moved = "SELECT identity_id FROM merge_moves WHERE merge_id = ?"
        try db.execute(sql: "UPDATE identities SET customer_id = ? WHERE shared = 0 AND id IN (\(moved))", arguments: [absorbed, mergeID])
        try db.execute(sql: "UPDATE orders SET customer_id = ? WHERE buyer_identity_id IN (\(moved))", arguments: [absorbed, mergeID])
        try db.execute(sql: "UPDATE events SET customer_id = ? WHERE buyer_identity_id IN (\(moved))", arguments: [absorbed, mergeID])
        try db.execute(sql: "UPDATE customers SET merged_into = NULL WHERE id = ?", arguments: [absorbed])
        try db.execute(sql: "UPDATE merges SET undone_at = ?, undo_reason = ? WHERE id = ?",
                       arguments: [now.secondsSinceEpoch, reason, mergeID])
        if keepApart {
            try db.execute(sql: "INSERT INTO kept_apart(first_id, second_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           arguments: [min(survivor, absorbed), max(survivor, absorbed)])
        }
        return (survivor, absorbed)
    }

    /// Marks a linking key as shared: it no longer identifies anyone, and merges it caused are undone (newest first).
    static func flagShared(identityRow: Int64, in db: Database, at now: Instant, state: IdentityState?) throws {
        try db.execute(sql: "UPDATE identities SET shared = 1, customer_id = NULL WHERE id = ?", arguments: [identityRow])
        let merges = try Int64.fetchAll(db, sql: "SELECT id FROM merges WHERE reason_identity_id = ? AND undone_at IS NULL ORDER BY id DESC",
                                        arguments: [identityRow])
        for merge in merges {
            _ = try undo(mergeID: merge, in: db, at: now, reason: "shared identifier", keepApart: false)
        }
        if let state {
            state.counts.mergesUndone += merges.count
            state.forgetAll()
        }
    }
}
