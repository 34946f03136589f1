import GRDB
import Regulars

/// One import into the SQLite store: identity look-ups cached across batches, one transaction per batch.
final class SQLiteImportSession: ImportSession {
    let pool: DatabasePool
    let writes: WriteCounter
    let settings: ShopSettings
    let now: Instant
    let state = IdentityState()
    /// Products as last written, so unchanged products are not rewritten on every line.
    var products: [String: ProductRecord] = [:]
    var ordersStartedEmpty = false
    /// Whether line files or after-sales files left anything for orders to be reconciled with.
    var hasSideData = false
    var prepared = false
    /// A first import into an empty store: the unique keys are dropped and rebuilt by `finish()`. Every look-up
    /// such an import makes is answered from its own cache, so it never needs them meanwhile.
    var bulk = false
    /// What the store looked like after this session's last batch: if it changed since, someone else wrote.
    private var lastSeen: (dataVersion: Int64, writes: Int)?

    init(pool: DatabasePool, writes: WriteCounter, settings: ShopSettings, now: Instant) {
        self.pool = pool
        self.writes = writes
        self.settings = settings
        self.now = now
    }

    private func prepare(_ db: Database) throws {
        let dataVersion = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        if prepared, let lastSeen, lastSeen.dataVersion != dataVersion || lastSeen.writes != writes.current {
            // Another import or process wrote in between: nothing cached can be trusted any more.
            state.forgetAll()
            state.keptApartPairs.removeAll()
            products.removeAll()
            ordersStartedEmpty = false
            prepared = false
            bulk = false
        }
        guard !prepared else { return }
        prepared = true
        state.startedEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM identities)")!
        ordersStartedEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM orders)")!
        hasSideData = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM after_sales) OR EXISTS (SELECT 1 FROM line_file_lines)
            """)!
        bulk = state.startedEmpty && ordersStartedEmpty
        if bulk {
            try SQLiteDeferrableIndexes.drop(db)
        } else {
            try SQLiteDeferrableIndexes.ensure(db)
        }
        for row in try Row.fetchAll(db, sql: "SELECT first_id, second_id FROM kept_apart") {
            state.keptApartPairs.insert(CustomerPair(first: row[0], second: row[1]))
        }
    }

    /// Runs `body` in one write transaction and returns the counts it added.
    func batch(_ body: (Database, inout SQLiteIdentityDirectory) throws -> Void) throws -> BatchCounts {
        let before = state.counts
        try pool.write { db in
            try prepare(db)
            var directory = try SQLiteIdentityDirectory(db: db, state: state, now: now, bulk: bulk)
            do {
                try body(db, &directory)
                lastSeen = (try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0, writes.increment())
            } catch {
                lastSeen = nil
                prepared = false
                bulk = false
                ordersStartedEmpty = false
                state.counts = before
                state.forgetAll()
                products.removeAll()
                throw error
            }
        }
        return state.counts - before
    }

    func finish() async throws {
        guard prepared else { return }
        try await pool.write { db in try SQLiteDeferrableIndexes.ensure(db) }
        _ = writes.increment()
        bulk = false
        prepared = false
    }

    func guardSharedIdentifiers(_ accountsPerKey: [Identifier: Set<String>]) async throws -> [Identifier] {
        let limit = settings.sharedIdentifierLimit
        var flagged: [Identifier] = []
        _ = try batch { db, directory in
            for (identifier, accounts) in accountsPerKey {
                var total = accounts.count
                if total <= limit {
                    guard let entry = try directory.entry(identifier), !entry.shared,
                          Int(entry.linkCount) + total > limit else { continue }
                    let linked = try String.fetchAll(db, sql: """
                        SELECT a.channel || ':' || a.value FROM identities a
                        WHERE a.id IN (SELECT account_id FROM identity_links WHERE identity_id = ?
                                       UNION SELECT first_account_id FROM identities WHERE id = ?)
                        """, arguments: [entry.rowID, entry.rowID])
                    total = accounts.union(linked).count
                    guard total > limit else { continue }
                }
                if let entry = try directory.entry(identifier) {
                    if entry.shared { continue }
                    try SQLiteMergeUndo.flagShared(identityRow: entry.rowID, in: db, at: now, state: state)
                } else {
                    try db.execute(sql: """
                        INSERT INTO identities(customer_id, origin_customer_id, kind, channel, value, shared, link_count)
                        VALUES (NULL, NULL, ?, '', ?, 1, ?)
                        """, arguments: [identifier.kind.rawValue, identifier.value, total])
                    state.entries[identifier] = .init(rowID: db.lastInsertedRowID, customer: nil, origin: nil,
                                                      shared: true, firstAccount: nil, linkCount: Int64(total))
                }
                flagged.append(identifier)
            }
        }
        return flagged.sorted { $0.description < $1.description }
    }

    func writeOrders(_ orders: ArraySlice<OrderRecord>) async throws -> BatchCounts {
        try batch { db, directory in try writeOrders(orders, db, &directory) }
    }

    /// The same inside a transaction the caller holds (live ingestion writes record by record in one).
    func writeOrders(_ orders: ArraySlice<OrderRecord>, _ db: Database, _ directory: inout SQLiteIdentityDirectory) throws {
        var find = try BulkStatement(db, "SELECT id, content_hash FROM orders WHERE channel = ? AND external_id = ?")
        var insert = try BulkStatement(db, """
            INSERT INTO orders(channel, external_id, customer_id, buyer_identity_id, buyer_name, province, city, status,
                               created_at, paid_at, amount, refunded, deposit, balance, content_hash, file_status,
                               file_refunded, discount)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var update = try BulkStatement(db, """
            UPDATE orders SET customer_id = ?, buyer_identity_id = ?, buyer_name = ?, province = ?, city = ?, status = ?,
                              created_at = ?, paid_at = ?, amount = ?, refunded = ?, deposit = ?, balance = ?, content_hash = ?,
                              file_status = ?, file_refunded = ?, discount = ?
            WHERE id = ?
            """)
        var deleteLines = try BulkStatement(db, "DELETE FROM order_lines WHERE order_id = ?")
        var insertLine = try BulkStatement(db, """
            INSERT INTO order_lines(order_id, line_no, sku, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)
            """)

        for order in orders {
            let hash = order.contentHash
            var existing: Int64?
            if !ordersStartedEmpty {
                find.bind(order.channel.rawValue)
                find.bind(order.externalID)
                if try find.step() {
                    existing = find.int(0)
                    let sameContent = find.int(1) == hash
                    find.reset()
                    if sameContent {
                        state.counts.duplicate += 1
                        continue
                    }
                } else {
                    find.reset()
                }
            }

            try writeProducts(order.lines.lazy.map(\.product), db)
            let resolved = try directory.resolveRecord(
                order.buyer, limit: settings.sharedIdentifierLimit,
                newCustomer: .init(name: order.buyerName, phoneDisplay: order.buyer.maskedPhone,
                                   province: order.province, city: order.city))
            let customer = resolved.customer
            let buyerRow = resolved.primaryRow
            if customer == nil, !order.buyer.isEmpty { state.counts.unidentified += 1 }

            let orderID: Int64
            if let existing {
                update.bind(customer)
                update.bind(buyerRow)
                bindOrderFields(order, hash: hash, into: &update)
                update.bind(existing)
                try update.run()
                deleteLines.bind(existing)
                try deleteLines.run()
                orderID = existing
                state.counts.updated += 1
            } else {
                insert.bind(order.channel.rawValue)
                insert.bind(order.externalID)
                insert.bind(customer)
                insert.bind(buyerRow)
                bindOrderFields(order, hash: hash, into: &insert)
                try insert.run()
                orderID = insert.lastRowID
                state.counts.inserted += 1
            }
            for (number, line) in order.lines.enumerated() {
                insertLine.bind(orderID)
                insertLine.bind(Int64(number + 1))
                insertLine.bind(line.product.sku)
                insertLine.bind(line.quantity)
                insertLine.bind(line.unitPrice)
                insertLine.bind(line.amount)
                try insertLine.run()
            }
            if hasSideData {
                try reconcile(OrderKey(channel: order.channel, externalID: order.externalID), db)
            }
        }
    }

    private func bindOrderFields(_ order: OrderRecord, hash: Int64, into statement: inout BulkStatement) {
        statement.bind(order.buyerName)
        statement.bind(order.province)
        statement.bind(order.city)
        statement.bind(order.status.rawValue)
        statement.bind(order.createdAt)
        statement.bind(order.paidAt)
        statement.bind(order.amount)
        statement.bind(order.refunded)
        statement.bind(order.deposit)
        statement.bind(order.balance)
        statement.bind(hash)
        statement.bind(order.status.rawValue)
        statement.bind(order.refunded)
        statement.bind(order.discount)
    }

    func writeProducts(_ products: some Sequence<ProductRecord>, _ db: Database) throws {
        for product in products {
            if let known = self.products[product.sku] {
                let adds = (product.name != nil && known.name == nil) || (product.category != nil && known.category == nil)
                    || (product.brand != nil && known.brand == nil)
                if !adds { continue }
            }
            var upsert = try BulkStatement(db, """
                INSERT INTO products(sku, name, category, brand) VALUES (?, ?, ?, ?)
                ON CONFLICT(sku) DO UPDATE SET name = COALESCE(excluded.name, name),
                    category = COALESCE(excluded.category, category), brand = COALESCE(excluded.brand, brand)
                """)
            upsert.bind(product.sku)
            upsert.bind(product.name)
            upsert.bind(product.category)
            upsert.bind(product.brand)
            try upsert.run()
            var merged = self.products[product.sku] ?? product
            merged.name = merged.name ?? product.name
            merged.category = merged.category ?? product.category
            merged.brand = merged.brand ?? product.brand
            self.products[product.sku] = merged
        }
    }

    func writeCustomers(_ customers: ArraySlice<CustomerRecord>) async throws -> BatchCounts {
        try batch { db, directory in try writeCustomers(customers, db, &directory) }
    }

    /// The same inside a transaction the caller holds (live ingestion writes record by record in one).
    func writeCustomers(_ customers: ArraySlice<CustomerRecord>, _ db: Database, _ directory: inout SQLiteIdentityDirectory) throws {
        for record in customers {
            let createdBefore = state.counts.customersCreated
            let resolved = try directory.resolveRecord(record.keys, limit: settings.sharedIdentifierLimit)
            guard let origin = resolved.origin else {
                state.counts.unidentified += 1
                continue
            }
            let current = try Row.fetchOne(db, sql: """
                SELECT name, phone_display, gender, birthday, province, city, registered_at, nickname, points,
                       member_since
                FROM customers WHERE id = ?
                """, arguments: [origin])
            let values: [DatabaseValue] = [
                record.name.databaseValue, record.keys.maskedPhone.databaseValue,
                record.gender?.rawValue.databaseValue ?? .null, record.birthday?.description.databaseValue ?? .null,
                record.province.databaseValue, record.city.databaseValue,
                record.registeredAt?.secondsSinceEpoch.databaseValue ?? .null, record.nickname.databaseValue,
                record.points.databaseValue, record.memberSince?.secondsSinceEpoch.databaseValue ?? .null,
            ]
            let columns = ["name", "phone_display", "gender", "birthday", "province", "city", "registered_at",
                           "nickname", "points", "member_since"]
            var changed = columns.indices.filter { !values[$0].isNull && current?[columns[$0]] != values[$0] }
            if !changed.isEmpty {
                let assignments = changed.map { "\(columns[$0]) = ?" }.joined(separator: ", ")
                try db.execute(sql: "UPDATE customers SET \(assignments) WHERE id = ?",
                               arguments: StatementArguments(changed.map { values[$0] } + [origin.databaseValue]))
            }
            for tag in record.tags {
                try db.execute(sql: """
                    INSERT INTO customer_tags(customer_id, tag, source, added_at) VALUES (?, ?, 'import', ?)
                    ON CONFLICT(customer_id, tag) DO NOTHING
                    """, arguments: [origin, tag, now.secondsSinceEpoch])
                if db.changesCount > 0 { changed.append(-1) }
            }
            if state.counts.customersCreated != createdBefore {
                state.counts.inserted += 1
            } else if changed.isEmpty {
                state.counts.duplicate += 1
            } else {
                state.counts.updated += 1
            }
        }
    }

    func writeEvents(_ events: ArraySlice<EventRecord>) async throws -> BatchCounts {
        try batch { db, directory in try writeEvents(events, db, &directory) }
    }

    /// The same inside a transaction the caller holds (live ingestion writes record by record in one).
    func writeEvents(_ events: ArraySlice<EventRecord>, _ db: Database, _ directory: inout SQLiteIdentityDirectory) throws {
        var insert = try BulkStatement(db, """
            INSERT INTO events(customer_id, buyer_identity_id, channel, type, sku, at, text, duration_seconds, dedup_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING
            """)
        for event in events {
            let resolved = try directory.resolveRecord(event.keys, limit: settings.sharedIdentifierLimit)
            guard let customer = resolved.customer else {
                state.counts.unidentified += 1
                continue
            }
            insert.bind(customer)
            insert.bind(resolved.primaryRow)
            insert.bind(event.keys.channel.rawValue)
            insert.bind(event.type.rawValue)
            insert.bind(event.sku)
            insert.bind(event.at)
            insert.bind(event.text)
            insert.bind(event.durationSeconds)
            insert.bind(event.dedupKey)
            try insert.run()
            if insert.changes == 1 { state.counts.inserted += 1 } else { state.counts.duplicate += 1 }
        }
    }
}
