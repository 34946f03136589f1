import GRDB
import Regulars

/// Loading the store into columns for the segment engine and the audience language: raw statement steps, no
/// per-row `String`s or records, customer ids mapped to dense indexes through an array (ids are dense integers).
extension SQLiteStore {
    public func loadShopColumns(calendar: ShopCalendar, detail: Bool) async throws -> ShopColumns {
        try await pool.read { db in try SQLiteColumnLoader(db: db, calendar: calendar).load(detail: detail) }
    }

    public func loadPurchases(of customers: [Int64], calendar: ShopCalendar) async throws -> PurchaseColumns {
        try await pool.read { db in try Self.purchases(of: customers, calendar: calendar, in: db) }
    }

    /// The purchases of `customers` over indexes `0 ..< customers.count`, inside the caller's transaction (live
    /// ingestion re-scores in its own write).
    static func purchases(of customers: [Int64], calendar: ShopCalendar, in db: Database) throws -> PurchaseColumns {
        var purchases = PurchaseColumns(customerCount: customers.count)
        var select = try BulkStatement(db, """
            SELECT COALESCE(paid_at, created_at), amount - refunded FROM orders
            WHERE customer_id = ? AND status IN \(OrderStatusSQL.purchased) AND COALESCE(paid_at, created_at) IS NOT NULL
            """)
        for (index, id) in customers.enumerated() {
            select.bind(id)
            while try select.step() {
                purchases.append(customer: Int32(index),
                                 localSeconds: calendar.localSeconds(Instant(secondsSinceEpoch: select.int(0)!)),
                                 net: max(0, select.int(1) ?? 0))
            }
            select.reset()
        }
        return purchases
    }
}

private struct SQLiteColumnLoader {
    let db: Database
    let calendar: ShopCalendar

    func load(detail: Bool) throws -> ShopColumns {
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM customers WHERE merged_into IS NULL ORDER BY id")
        var columns = ShopColumns(customerCount: ids.count)
        columns.customerIDs = ids
        let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM customers") ?? 0
        var indexOfID = [Int32](repeating: -1, count: Int(maxID) + 1)
        for (index, id) in ids.enumerated() { indexOfID[Int(id)] = Int32(index) }
        // A merged-away customer's id finds its survivor, so tags and events filed under it still count.
        var parent = [Int64](repeating: 0, count: indexOfID.count)
        for row in try Row.fetchAll(db, sql: "SELECT id, merged_into FROM customers WHERE merged_into IS NOT NULL") {
            parent[Int(row[0] as Int64)] = row[1]
        }
        for id in parent.indices where parent[id] != 0 {
            var current = id
            var hops = 0
            while parent[current] != 0, hops < 64 { current = Int(parent[current]); hops += 1 }
            indexOfID[id] = indexOfID[current]
        }

        let maxOrder = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM orders") ?? 0
        var purchaseOfOrder = detail ? [Int32](repeating: -1, count: Int(maxOrder) + 1) : []
        var channels = ByteInterner()
        var regions = ByteInterner()
        columns.purchases.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") ?? 0)
        var orderRegion: [(customer: Int32, province: Int32, city: Int32)] = []
        var select = try BulkStatement(db, detail ? """
            SELECT customer_id, COALESCE(paid_at, created_at), amount - refunded, id, channel, discount, province, city
            FROM orders WHERE customer_id IS NOT NULL AND status IN \(OrderStatusSQL.purchased)
              AND COALESCE(paid_at, created_at) IS NOT NULL
            ORDER BY id
            """ : """
            SELECT customer_id, COALESCE(paid_at, created_at), amount - refunded FROM orders
            WHERE customer_id IS NOT NULL AND status IN \(OrderStatusSQL.purchased) AND COALESCE(paid_at, created_at) IS NOT NULL
            """)
        while try select.step() {
            let id = Int(select.int(0)!)
            guard id < indexOfID.count, indexOfID[id] >= 0 else { continue }
            let customer = indexOfID[id]
            if detail {
                purchaseOfOrder[Int(select.int(3)!)] = Int32(columns.purchases.count)
                columns.purchaseChannel.append(UInt8(truncatingIfNeeded: select.bytes(4).map { channels.index($0) } ?? 0))
                columns.purchaseDiscounted.append((select.int(5) ?? 0) > 0)
                let province = select.bytes(6).map { regions.index($0) } ?? -1
                let city = select.bytes(7).map { regions.index($0) } ?? -1
                if province >= 0 || city >= 0 { orderRegion.append((customer, province, city)) }
            }
            columns.purchases.append(customer: customer,
                                     localSeconds: calendar.localSeconds(Instant(secondsSinceEpoch: select.int(1)!)),
                                     net: max(0, select.int(2) ?? 0))
        }
        select.reset()
        guard detail else { return columns }
        columns.channelNames = channels.names.names

        try loadProfiles(into: &columns, indexOfID: indexOfID, regions: &regions)
        // A customer without a region of their own is placed by their latest order's address.
        var placed = columns.province.indices.map { columns.province[$0] >= 0 || columns.city[$0] >= 0 }
        for entry in orderRegion.reversed() where !placed[Int(entry.customer)] {
            placed[Int(entry.customer)] = true
            columns.province[Int(entry.customer)] = entry.province
            columns.city[Int(entry.customer)] = entry.city
        }
        columns.regionNames = regions.names.names
        try loadLines(into: &columns, purchaseOfOrder: purchaseOfOrder)
        try loadEvents(into: &columns, indexOfID: indexOfID)
        try loadTags(into: &columns, indexOfID: indexOfID)
        return columns
    }

    /// Region and birthday: the survivor's own values first, then those of customers merged into it.
    private func loadProfiles(into columns: inout ShopColumns, indexOfID: [Int32], regions: inout ByteInterner) throws {
        var select = try BulkStatement(db, """
            SELECT id, province, city, birthday FROM customers
            WHERE province IS NOT NULL OR city IS NOT NULL OR birthday IS NOT NULL
            ORDER BY merged_into IS NOT NULL, id
            """)
        while try select.step() {
            let index = indexOfID[Int(select.int(0)!)]
            guard index >= 0 else { continue }
            let c = Int(index)
            if columns.province[c] < 0, let province = select.bytes(1) { columns.province[c] = regions.index(province) }
            if columns.city[c] < 0, let city = select.bytes(2) { columns.city[c] = regions.index(city) }
            if columns.birthday[c] == 0, let birthday = select.bytes(3), birthday.count == 10 {
                // Stored as YYYY-MM-DD.
                func digits(_ from: Int) -> UInt16 { UInt16(birthday[from] &- 48) * 10 + UInt16(birthday[from + 1] &- 48) }
                columns.birthday[c] = digits(5) * 100 + digits(8)
            }
        }
        select.reset()
    }

    private func loadLines(into columns: inout ShopColumns, purchaseOfOrder: [Int32]) throws {
        var skus = ByteInterner()
        var categories = ByteInterner()
        var categoryOfSku: [Int32: Int32] = [:]
        var products = try BulkStatement(db, "SELECT sku, category FROM products")
        while try products.step() {
            let sku = skus.index(products.bytes(0)!)
            if let category = products.bytes(1), category.count > 0 { categoryOfSku[sku] = categories.index(category) }
        }
        products.reset()
        var select = try BulkStatement(db, "SELECT order_id, sku, quantity FROM order_lines")
        while try select.step() {
            let order = Int(select.int(0)!)
            guard order < purchaseOfOrder.count, purchaseOfOrder[order] >= 0 else { continue }
            columns.lineOrder.append(purchaseOfOrder[order])
            columns.lineSku.append(skus.index(select.bytes(1)!))
            columns.lineQuantity.append(Int32(clamping: select.int(2) ?? 1))
        }
        select.reset()
        columns.skuNames = skus.names.names
        columns.skuCategory = (0 ..< Int32(columns.skuNames.count)).map { categoryOfSku[$0] ?? -1 }
        columns.categoryNames = categories.names.names
    }

    private func loadEvents(into columns: inout ShopColumns, indexOfID: [Int32]) throws {
        var skus = ByteInterner()
        for name in columns.skuNames {
            var copy = name
            copy.withUTF8 { _ = skus.index($0) }
        }
        var types = ByteInterner()
        var select = try BulkStatement(db, """
            SELECT customer_id, type, sku, at, duration_seconds FROM events WHERE customer_id IS NOT NULL
            """)
        while try select.step() {
            let id = Int(select.int(0)!)
            guard id < indexOfID.count, indexOfID[id] >= 0 else { continue }
            let typeIndex = types.index(select.bytes(1)!)
            guard let type = EventType(rawValue: types.names.names[Int(typeIndex)]) else { continue }
            columns.eventCustomer.append(indexOfID[id])
            columns.eventType.append(type)
            columns.eventSku.append(select.bytes(2).map { skus.index($0) } ?? -1)
            columns.eventLocalSeconds.append(calendar.localSeconds(Instant(secondsSinceEpoch: select.int(3)!)))
            columns.eventDurationSeconds.append(Int32(truncatingIfNeeded: select.int(4) ?? -1))
        }
        select.reset()
        // Products seen only in events join the product table, without a category.
        columns.skuNames = skus.names.names
        columns.skuCategory += Array(repeating: -1, count: columns.skuNames.count - columns.skuCategory.count)
    }

    private func loadTags(into columns: inout ShopColumns, indexOfID: [Int32]) throws {
        var tags = ByteInterner()
        var select = try BulkStatement(db, "SELECT customer_id, tag FROM customer_tags")
        while try select.step() {
            let id = Int(select.int(0)!)
            guard id < indexOfID.count, indexOfID[id] >= 0 else { continue }
            columns.tagCustomer.append(indexOfID[id])
            columns.tagOfPair.append(tags.index(select.bytes(1)!))
        }
        select.reset()
        columns.tagNames = tags.names.names
    }
}
