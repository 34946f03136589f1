import GRDB
import Regulars

extension SQLiteStore: ProductPriceStore {
    public func latestProductPrices() async throws -> [WorstCaseSimulator.PricedSKU] {
        try await pool.read { db in
            // The unit price of each SKU's most recent line (by order time, then order id), in one pass.
            try Row.fetchAll(db, sql: """
                SELECT sku, category, unit_price FROM (
                    SELECT l.sku, p.category, l.unit_price,
                           ROW_NUMBER() OVER (PARTITION BY l.sku ORDER BY COALESCE(o.paid_at, o.created_at) DESC, o.id DESC) AS latest
                    FROM order_lines l
                    JOIN orders o ON o.id = l.order_id
                    LEFT JOIN products p ON p.sku = l.sku
                    WHERE l.unit_price > 0)
                WHERE latest = 1
                ORDER BY sku
                """).map { row in
                WorstCaseSimulator.PricedSKU(sku: row[0], category: row[1], unitPrice: Money(fen: row[2]))
            }
        }
    }
}
