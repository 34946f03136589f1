import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("The first import into an empty store")
struct BulkImportIndexTests {
    static let keys = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('identities_key', 'orders_key')"

    @Test func buildsTheUniqueKeysAtItsEnd() async throws {
        try await withTestStore { store, _ in
            let orders = "order_id,channel,customer_id,paid_at,amount\nA,pos,c1,2024-01-01 10:00:00,5.00\nB,pos,c2,2024-01-01 10:00:00,6.00"
            _ = try await importCSV(orders, kind: .orders, into: store, batchSize: 1)
            #expect(try store.scalar(Self.keys) == 2)
            let again = try await importCSV(orders, kind: .orders, into: store)
            #expect(again.counts.duplicate == 2)
        }
    }

    @Test func aStoreOpenedAfterAnInterruptedFirstImportHasItsKeysAgain() async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("shop.sqlite").path
            let store = try SQLiteStore(path: path)
            let settings = try await store.loadSettings()
            let session = try await store.beginImport(settings: settings, at: fixedNow)
            let order = OrderRecord(channel: .pos, externalID: "A", buyer: IdentityKeys(channel: .pos, account: "c1"),
                                    status: .paid, paidAt: fixedNow, amount: Money(yuan: 5))
            _ = try await session.writeOrders([order][...])
            #expect(try store.scalar(Self.keys) == 0, "a first import builds them at its end")
            // The process dies here: no finish(). The next opening of the file repairs the keys.
            let reopened = try SQLiteStore(path: path)
            #expect(try reopened.scalar(Self.keys) == 2)
            let report = try await importCSV("order_id,channel,customer_id,paid_at,amount\nA,pos,c1,2024-11-20 12:00:00,5.00\n",
                                             kind: .orders, into: reopened)
            #expect(report.counts.duplicate == 1, "the order written before the interruption is found by its key")
            #expect(try reopened.scalar("SELECT COUNT(*) FROM orders") == 1)
        }
    }
}
