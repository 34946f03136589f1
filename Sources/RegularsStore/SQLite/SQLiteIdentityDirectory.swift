import GRDB
import Regulars

/// What an import session remembers about identities between batches, so that most look-ups never reach SQLite.
final class IdentityState {
    struct Entry {
        var rowID: Int64
        var customer: Int64?
        var origin: Int64?
        var shared: Bool
        /// The first account that presented this linking key; a second one is recorded in `identity_links`.
        var firstAccount: Int64?
        var linkCount: Int64
    }

    /// What the record being resolved brings to a customer created for it.
    struct NewCustomer {
        var name: String?
        var phoneDisplay: String?
        var province: String?
        var city: String?
    }

    var entries: [Identifier: Entry] = [:]
    /// Customers merged away during this session, to the customer that absorbed them.
    var redirect: [Int64: Int64] = [:]
    /// Whether the identities table was empty when the session began: then a cache miss means "never seen".
    var startedEmpty = false
    var keptApartPairs: Set<CustomerPair> = []
    var linkedPairs: Set<CustomerPair> = []
    var counts = BatchCounts()
    /// The account row of the record being resolved, so linking keys it brings are filed with their first account.
    var currentAccount: Int64?
    var newCustomer = NewCustomer()

    /// Call before resolving each record.
    func beginRecord(_ attributes: NewCustomer = NewCustomer()) {
        currentAccount = nil
        newCustomer = attributes
    }

    func root(_ customer: Int64) -> Int64 {
        var current = customer
        while let next = redirect[current] { current = next }
        return current
    }

    /// Records already resolved in this session: a repeat buyer's next order needs one look-up, not one per key.
    var resolved: [IdentityKeys: ResolvedRecord] = [:]
    /// Bumped whenever cached knowledge is thrown away (a key turned out to be shared).
    var generation = 0

    struct ResolvedRecord {
        var customer: Int64?
        var primaryRow: Int64?
        var origin: Int64?
    }

    func forgetAll() {
        resolved.removeAll()
        generation += 1
        entries.removeAll(keepingCapacity: true)
        redirect.removeAll()
        startedEmpty = false
        linkedPairs.removeAll()
    }
}

/// Two row ids as one hashable value (identity links, customers kept apart).
struct CustomerPair: Hashable {
    var first: Int64
    var second: Int64

    /// The pair in a fixed order, for relations that have no direction.
    static func unordered(_ a: Int64, _ b: Int64) -> CustomerPair { CustomerPair(first: min(a, b), second: max(a, b)) }
}

/// `IdentityDirectory` over the SQLite tables, inside one write transaction. Statements are prepared once per batch.
struct SQLiteIdentityDirectory: IdentityDirectory {
    let db: Database
    let state: IdentityState
    let now: Instant
    private var select: BulkStatement
    private var insertCustomer: BulkStatement
    private var insertIdentity: BulkStatement
    private var insertLink: BulkStatement
    private var bumpLinks: BulkStatement

    init(db: Database, state: IdentityState, now: Instant, bulk: Bool) throws {
        self.db = db
        self.state = state
        self.now = now
        select = try BulkStatement(db, "SELECT id, customer_id, origin_customer_id, shared, first_account_id, link_count FROM identities WHERE kind = ? AND channel = ? AND value = ?")
        insertCustomer = try BulkStatement(db, """
            INSERT INTO customers(first_channel, created_at, name, phone_display, province, city) VALUES (?, ?, ?, ?, ?, ?)
            """)
        // Without its unique key (a first bulk import), no conflict clause can name it; no conflict can happen then.
        insertIdentity = try BulkStatement(db, """
            INSERT INTO identities(customer_id, origin_customer_id, kind, channel, value, first_account_id, link_count)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """ + (bulk ? "" : " ON CONFLICT(kind, channel, value) DO NOTHING"))
        insertLink = try BulkStatement(db, "INSERT INTO identity_links(identity_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        bumpLinks = try BulkStatement(db, "UPDATE identities SET link_count = link_count + 1 WHERE id = ?")
    }

    mutating func entry(_ identifier: Identifier) throws -> IdentityState.Entry? {
        if let cached = state.entries[identifier] { return cached }
        if state.startedEmpty { return nil }
        defer { select.reset() }
        select.bind(identifier.kind.rawValue)
        select.bind(identifier.channel?.rawValue ?? "")
        select.bind(identifier.value)
        guard try select.step() else { return nil }
        let entry = IdentityState.Entry(rowID: select.int(0)!, customer: select.int(1), origin: select.int(2),
                                        shared: select.int(3) == 1, firstAccount: select.int(4), linkCount: select.int(5) ?? 0)
        state.entries[identifier] = entry
        return entry
    }

    mutating func owner(of identifier: Identifier) throws -> Int64? {
        let found = try entry(identifier)
        if identifier.kind == .account, let found { state.currentAccount = found.rowID }
        return found?.customer.map(state.root)
    }

    mutating func isShared(_ identifier: Identifier) throws -> Bool {
        try entry(identifier)?.shared ?? false
    }

    mutating func areKeptApart(_ first: Int64, _ second: Int64) throws -> Bool {
        if state.keptApartPairs.isEmpty { return false }
        let firstTree = try SQLiteCustomerTree.members(of: first, in: db)
        let secondTree = try SQLiteCustomerTree.members(of: second, in: db)
        for a in firstTree {
            for b in secondTree where state.keptApartPairs.contains(.unordered(a, b)) { return true }
        }
        return false
    }

    mutating func createCustomer(channel: Channel) throws -> Int64 {
        insertCustomer.bind(channel.rawValue)
        insertCustomer.bind(now)
        insertCustomer.bind(state.newCustomer.name)
        insertCustomer.bind(state.newCustomer.phoneDisplay)
        insertCustomer.bind(state.newCustomer.province)
        insertCustomer.bind(state.newCustomer.city)
        try insertCustomer.run()
        state.counts.customersCreated += 1
        return insertCustomer.lastRowID
    }

    mutating func attach(_ identifier: Identifier, to customer: Int64) throws {
        insertIdentity.bind(customer)
        insertIdentity.bind(customer)
        insertIdentity.bind(identifier.kind.rawValue)
        insertIdentity.bind(identifier.channel?.rawValue ?? "")
        insertIdentity.bind(identifier.value)
        let firstAccount = identifier.kind.links ? state.currentAccount : nil
        insertIdentity.bind(firstAccount)
        insertIdentity.bind(Int64(firstAccount == nil ? 0 : 1))
        try insertIdentity.run()
        if insertIdentity.changes == 1 {
            let rowID = insertIdentity.lastRowID
            state.entries[identifier] = .init(rowID: rowID, customer: customer, origin: customer, shared: false,
                                              firstAccount: firstAccount, linkCount: firstAccount == nil ? 0 : 1)
            if identifier.kind == .account { state.currentAccount = rowID }
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
        var record = try BulkStatement(db, "INSERT INTO merges(survivor_id, absorbed_id, reason_identity_id, merged_at) VALUES (?, ?, ?, ?)")
        record.bind(survivor)
        record.bind(absorbed)
        record.bind(reasonRow)
        record.bind(now)
        try record.run()
        let mergeID = record.lastRowID
        var moves = try BulkStatement(db, "INSERT INTO merge_moves(merge_id, identity_id) SELECT ?, id FROM identities WHERE customer_id = ?")
        moves.bind(mergeID)
        moves.bind(absorbed)
        try moves.run()
        for sql in ["UPDATE identities SET customer_id = ? WHERE customer_id = ?",
                    "UPDATE orders SET customer_id = ? WHERE customer_id = ?",
                    "UPDATE events SET customer_id = ? WHERE customer_id = ?",
                    // Consent and opt-outs go with the person; an opt-out on either side wins.
                    """
                    INSERT INTO contact_preferences(customer_id, channel, state, source, at)
                    SELECT ?1, channel, state, source, at FROM contact_preferences WHERE customer_id = ?2 AND true
                    ON CONFLICT(customer_id, channel) DO UPDATE SET state = excluded.state, source = excluded.source,
                        at = excluded.at WHERE excluded.state = 'opted_out'
                    """,
                    // Predictions are per person: the survivor's stand until the next fit scores the merged history.
                    "DELETE FROM customer_predictions WHERE customer_id = ?2 AND ?1 IS NOT NULL",
                    "UPDATE customers SET merged_into = ? WHERE id = ?"] {
            var move = try BulkStatement(db, sql)
            move.bind(survivor)
            move.bind(absorbed)
            try move.run()
        }
        state.redirect[absorbed] = survivor
        state.counts.merges += 1
    }

    /// The customer a record belongs to (after merges), the row of the identifier it is filed under, and the
    /// customer that identifier first belonged to. Creates, attaches, merges and counts links as needed.
    mutating func resolveRecord(_ keys: IdentityKeys, limit: Int,
                                newCustomer: IdentityState.NewCustomer = .init()) throws -> IdentityState.ResolvedRecord {
        if var known = state.resolved[keys] {
            known.customer = known.customer.map(state.root)
            return known
        }
        var result = IdentityState.ResolvedRecord()
        for _ in 0..<2 {
            let generation = state.generation
            state.beginRecord(newCustomer)
            let resolution = try IdentityResolver.resolve(keys, in: &self)
            try countLinks(keys, limit: limit)
            let entry = resolution.primary.flatMap { state.entries[$0] }
            result = .init(customer: resolution.customer.map(state.root), primaryRow: entry?.rowID, origin: entry?.origin)
            // A key flagged as shared while filing this record changes the answer: resolve once more without it.
            if generation == state.generation { break }
        }
        state.resolved[keys] = result
        return result
    }

    /// Counts the record's account as presenting each linking key it carries; a key that crosses the shared limit
    /// is flagged and the merges it caused are undone. A key's first account is kept on its own row, so only keys
    /// that a second account presents cost a write here.
    mutating func countLinks(_ keys: IdentityKeys, limit: Int) throws {
        guard keys.account != nil, let accountRow = state.currentAccount else { return }
        for identifier in keys.identifiers where identifier.kind.links {
            guard var entry = state.entries[identifier], !entry.shared, entry.firstAccount != accountRow else { continue }
            guard state.linkedPairs.insert(CustomerPair(first: entry.rowID, second: accountRow)).inserted else { continue }
            if entry.firstAccount == nil {
                entry.firstAccount = accountRow
                try db.execute(sql: "UPDATE identities SET first_account_id = ?, link_count = link_count + 1 WHERE id = ?",
                               arguments: [accountRow, entry.rowID])
            } else {
                insertLink.bind(entry.rowID)
                insertLink.bind(accountRow)
                try insertLink.run()
                guard insertLink.changes == 1 else { continue }
                bumpLinks.bind(entry.rowID)
                try bumpLinks.run()
            }
            entry.linkCount += 1
            state.entries[identifier] = entry
            if entry.linkCount > Int64(limit) {
                try SQLiteMergeUndo.flagShared(identityRow: entry.rowID, in: db, at: now, state: state)
                return
            }
        }
    }
}

/// Customers joined into one: a root and everything merged into it, transitively.
/// Merge trees: the customer an id ended up in, and every customer merged into it. Statements are compiled once per
/// connection (redemptions and issuance run these for every order and coupon).
enum SQLiteCustomerTree {
    static func members(of root: Int64, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: """
            WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM customers c JOIN tree ON c.merged_into = tree.id)
            SELECT id FROM tree ORDER BY id
            """), arguments: [root])
    }

    /// The customer that `id` ended up in after merges.
    static func root(of id: Int64, in db: Database) throws -> Int64? {
        let statement = try db.cachedStatement(sql: "SELECT merged_into FROM customers WHERE id = ?")
        var current = id
        for _ in 0..<10_000 {
            guard let row = try Row.fetchOne(statement, arguments: [current]) else { return nil }
            guard let next: Int64 = row["merged_into"] else { return current }
            current = next
        }
        return current
    }

    /// The live customer `id` ended up in and every customer merged into it; nil when `id` is unknown.
    static func tree(of id: Int64, in db: Database) throws -> (root: Int64, members: [Int64])? {
        guard let root = try root(of: id, in: db) else { return nil }
        return (root, try members(of: root, in: db))
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
        // The absorbed customer's orders and events sit with whoever the survivor has become part of since.
        let holder = try SQLiteCustomerTree.root(of: survivor, in: db) ?? survivor
        try db.execute(sql: "UPDATE identities SET customer_id = ? WHERE shared = 0 AND id IN (\(moved))", arguments: [absorbed, mergeID])
        try db.execute(sql: "UPDATE orders SET customer_id = ? WHERE customer_id = ? AND buyer_identity_id IN (\(moved))",
                       arguments: [absorbed, holder, mergeID])
        try db.execute(sql: "UPDATE events SET customer_id = ? WHERE customer_id = ? AND buyer_identity_id IN (\(moved))",
                       arguments: [absorbed, holder, mergeID])
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
        var absorbed: [Int64] = []
        for merge in merges {
            absorbed.append(try undo(mergeID: merge, in: db, at: now, reason: "shared identifier", keepApart: false).absorbed)
        }
        guard let state else { return }
        state.counts.mergesUndone += merges.count
        // Bring the session's cache up to date with what moved, rather than forgetting everything it knows.
        let movedList = merges.map(String.init).joined(separator: ",")
        var changed: [Int64: (customer: Int64?, shared: Bool)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, customer_id, shared FROM identities
            WHERE id = ? OR id IN (SELECT identity_id FROM merge_moves WHERE merge_id IN (\(movedList.isEmpty ? "NULL" : movedList)))
            """, arguments: [identityRow]) {
            changed[row["id"]] = (row["customer_id"], row["shared"] == 1)
        }
        for (identifier, entry) in state.entries {
            guard let now = changed[entry.rowID] else { continue }
            var updated = entry
            updated.customer = now.customer
            updated.shared = now.shared
            state.entries[identifier] = updated
        }
        for customer in absorbed { state.redirect.removeValue(forKey: customer) }
        state.resolved.removeAll()
        state.generation += 1
    }
}
