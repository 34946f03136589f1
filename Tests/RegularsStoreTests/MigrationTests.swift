import Foundation
import GRDB
import Regulars
import RegularsTestSupport
import Testing
@testable import RegularsStore

@Suite("Schema migrations")
struct MigrationTests {
    /// A store written by the foundation release (schema v1) opens with its orders carried into the finer states.
    @Test func v1OrdersGainTheirFinerStates() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("old.sqlite").path
            let queue = try DatabaseQueue(path: path)
            try SQLiteMigrations.migrator.migrate(queue, upTo: "v1-foundation")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO orders(channel, external_id, status, paid_at, amount, refunded, content_hash)
                    VALUES ('tmall', 'A', 'paid', 1, 1000, 0, 1), ('tmall', 'B', 'paid', 1, 1000, 300, 2),
                           ('tmall', 'C', 'refunded', 1, 1000, 1000, 3), ('tmall', 'D', 'cancelled', NULL, 0, 0, 4);
                    INSERT INTO products(sku) VALUES ('S');
                    INSERT INTO order_lines(order_id, line_no, sku, quantity, unit_price, amount)
                    SELECT id, 1, 'S', 1, amount, amount FROM orders;
                    """)
            }
            try queue.close()

            let store = try SQLiteStore(path: path)
            #expect(try store.text("SELECT GROUP_CONCAT(status, ',') FROM (SELECT status FROM orders ORDER BY external_id)")
                    == "paid,partially_refunded,refunded,cancelled")
            #expect(try store.scalar("SELECT COUNT(*) FROM order_lines") == 4, "lines stay with their orders")
            #expect(try store.scalar("SELECT file_refunded FROM orders WHERE external_id = 'B'") == 300)
            #expect(try store.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'orders_key'") == 1)
            #expect(try await store.shopOverview().purchases == 2)
        }
    }
}
