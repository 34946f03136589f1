import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Imports running at the same time")
struct ConcurrentImportTests {
    /// Orders of `people` buyers, each with a tmall and a jd account sharing a phone; `offset` shifts which orders.
    static func orders(range: Range<Int>, people: Int) -> String {
        var rows = ["order_id,channel,customer_id,phone,paid_at,amount"]
        for i in range {
            let person = i % people
            let channel = i % 2 == 0 ? "tmall" : "jd"
            rows.append("O\(i),\(channel),\(channel)_\(person),1390000\(String(format: "%04d", person)),2024-06-18 10:00:00,\(i % 50 + 1).00")
        }
        return rows.joined(separator: "\n")
    }

    @Test func twoOverlappingImportsEndLikeOneAfterTheOther() async throws {
        let first = Self.orders(range: 0..<600, people: 90)
        let second = Self.orders(range: 300..<900, people: 90)
        let queries = ["SELECT COUNT(*) FROM orders", "SELECT SUM(amount) FROM orders", "SELECT COUNT(*) FROM identities",
                       "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL AND id IN (SELECT customer_id FROM identities)",
                       "SELECT COUNT(DISTINCT customer_id) FROM orders",
                       "SELECT COUNT(*) FROM (SELECT value FROM identities WHERE kind = 'phone' GROUP BY value HAVING COUNT(*) > 1)"]
        let expected = try await withTestStore { store, _ in
            _ = try await importCSV(first, kind: .orders, into: store, batchSize: 7)
            _ = try await importCSV(second, kind: .orders, into: store, batchSize: 7)
            return try queries.map { try store.scalar($0) }
        }
        try await withTestStore { store, _ in
            async let a = importCSV(first, kind: .orders, into: store, name: "a.csv", batchSize: 7)
            async let b = importCSV(second, kind: .orders, into: store, name: "b.csv", batchSize: 7)
            let (reportA, reportB) = try await (a, b)
            #expect(reportA.counts.inserted + reportB.counts.inserted == 900)
            #expect(reportA.counts.duplicate + reportB.counts.duplicate == 300)
            #expect(try queries.map { try store.scalar($0) } == expected)
            #expect(expected[3] == 90, "each person is one customer: two accounts joined by their phone")
        }
        // The same, with two sessions' batches interleaved one by one: each must notice the other's writes.
        try await withTestStore { store, _ in
            let settings = try await store.loadSettings()
            func records(_ text: String) throws -> [OrderRecord] {
                let bytes = Array(text.utf8)
                let plan = try ImportPlan.make(bytes: bytes, file: "x.csv", kind: .orders, mapping: nil, channel: nil)
                return OrderFileReader(plan: plan, calendar: settings.calendar).read(bytes).orders
            }
            let (left, right) = (try records(first), try records(second))
            let sessionA = try await store.beginImport(settings: settings, at: fixedNow)
            let sessionB = try await store.beginImport(settings: settings, at: fixedNow)
            var counts = BatchCounts()
            for start in stride(from: 0, to: 600, by: 50) {
                counts += try await sessionA.writeOrders(left[start..<(start + 50)])
                counts += try await sessionB.writeOrders(right[start..<(start + 50)])
            }
            #expect(counts.inserted == 900)
            #expect(counts.duplicate == 300)
            #expect(try queries.map { try store.scalar($0) } == expected)
        }
    }
}
