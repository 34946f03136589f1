import GRDB
import Regulars

extension SQLiteStore {
    public func shopOverview() async throws -> ShopOverview {
        try await pool.read { db in
            let customers = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM customers c WHERE merged_into IS NULL
                  AND EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id)
                """) ?? 0
            // Paid orders per buyer: the base of the repurchase figures.
            let perBuyer = try Int.fetchAll(db, sql: """
                SELECT COUNT(*) FROM orders WHERE status IN \(OrderStatusSQL.purchased) AND customer_id IS NOT NULL GROUP BY customer_id
                """)
            var distribution = [0, 0, 0, 0, 0]
            for count in perBuyer { distribution[min(count, 5) - 1] += 1 }
            let multiChannel = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT customer_id FROM identities WHERE kind = 'account' AND customer_id IS NOT NULL
                                      GROUP BY customer_id HAVING COUNT(DISTINCT channel) > 1)
                """) ?? 0
            var byStatus: [OrderStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM orders GROUP BY status") {
                if let status = OrderStatus(rawValue: row["status"]) { byStatus[status] = row["n"] }
            }
            let totals = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(amount - refunded) FILTER (WHERE status IN \(OrderStatusSQL.wasPaid)), 0) AS net,
                       COALESCE(SUM(refunded), 0) AS refunded,
                       COUNT(*) FILTER (WHERE deposit IS NOT NULL) AS presale,
                       MIN(paid_at) AS first_at, MAX(paid_at) AS last_at
                FROM orders
                """)!
            let channels = try Row.fetchAll(db, sql: """
                SELECT channel, COUNT(*) AS orders, SUM(amount - refunded) AS net, COUNT(DISTINCT customer_id) AS buyers
                FROM orders WHERE status IN \(OrderStatusSQL.wasPaid) GROUP BY channel ORDER BY net DESC
                """).map { row in
                ShopOverview.ChannelLine(channel: Channel(rawValue: row["channel"]), orders: row["orders"],
                                         net: Money(fen: row["net"]), buyers: row["buyers"])
            }
            let products = try Row.fetchAll(db, sql: """
                WITH bought AS (
                    SELECT l.sku, o.customer_id, SUM(l.quantity) AS units, SUM(l.amount) AS net, COUNT(DISTINCT o.id) AS orders
                    FROM order_lines l JOIN orders o ON o.id = l.order_id
                    WHERE o.status IN \(OrderStatusSQL.purchased) AND o.customer_id IS NOT NULL GROUP BY l.sku, o.customer_id
                )
                SELECT b.sku, p.name, SUM(b.units) AS units, SUM(b.net) AS net,
                       CAST(SUM(b.orders > 1) AS REAL) / COUNT(*) AS repurchase
                FROM bought b LEFT JOIN products p ON p.sku = b.sku
                GROUP BY b.sku ORDER BY net DESC LIMIT 10
                """).map { row in
                ShopOverview.ProductLine(sku: row["sku"], name: row["name"], units: row["units"], net: Money(fen: row["net"]),
                                         repurchaseRate: row["repurchase"])
            }
            var events: [EventType: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM events GROUP BY type") {
                if let type = EventType(rawValue: row["type"]) { events[type] = row["n"] }
            }
            var overview = ShopOverview(
                customers: customers, buyers: perBuyer.count, repeatBuyers: perBuyer.filter { $0 >= 2 }.count,
                multiChannelCustomers: multiChannel, ordersByStatus: byStatus, net: Money(fen: totals["net"]),
                refunded: Money(fen: totals["refunded"]), presaleOrders: totals["presale"],
                firstOrderAt: (totals["first_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                lastOrderAt: (totals["last_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                channels: channels, topProducts: products, orderCountDistribution: distribution,
                merges: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merges WHERE undone_at IS NULL") ?? 0,
                sharedIdentifiers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM identities WHERE shared = 1") ?? 0,
                eventsByType: events,
                showcaseCustomer: try Int64.fetchOne(db, sql: """
                    SELECT i.customer_id FROM identities i
                    WHERE i.kind = 'account' AND i.customer_id IS NOT NULL
                    GROUP BY i.customer_id
                    ORDER BY COUNT(DISTINCT i.channel) DESC,
                             (SELECT COUNT(*) FROM orders o WHERE o.customer_id = i.customer_id AND o.status IN \(OrderStatusSQL.purchased)) DESC,
                             i.customer_id
                    LIMIT 1
                    """))
            overview.anonymousOrders = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE customer_id IS NULL") ?? 0
            return overview
        }
    }
}
