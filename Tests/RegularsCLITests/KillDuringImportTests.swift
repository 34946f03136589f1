import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("An import killed with SIGKILL")
struct KillDuringImportTests {
    /// Orders for `customers` buyers, with phones that link accounts across two channels.
    static func ordersCSV(orders: Int, customers: Int) -> String {
        var text = "order_id,channel,customer_id,phone,paid_at,amount,sku,quantity\n"
        text.reserveCapacity(orders * 80)
        for i in 0..<orders {
            let person = (i &* 7919) % customers
            let channel = person % 3 == 0 ? "jd" : "tmall"
            text += "O\(i),\(channel),acct\(person),1380000\(String(format: "%04d", person % 10_000)),"
            text += "2024-0\(1 + i % 9)-1\(i % 10) 10:00:00,\(10 + i % 90).50,SKU\(i % 40),\(1 + i % 3)\n"
        }
        return text
    }

    @Test func reimportAfterKillLosesAndDoublesNothing() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path),
                     "build the executable first (swift build)")
        try await withTemporaryDirectory { folder in
            let total = 20_000
            let csv = folder.appendingPathComponent("orders.csv")
            try Self.ordersCSV(orders: total, customers: 4_000).write(to: csv, atomically: true, encoding: .utf8)
            let killedDB = folder.appendingPathComponent("killed.sqlite").path
            let cleanDB = folder.appendingPathComponent("clean.sqlite").path

            let killedStore = try SQLiteStore(path: killedDB)
            let (process, _, progress) = try RegularsProcess.launch(
                ["import", "orders", csv.path, "--db", killedDB, "--batch-size", "200", "--progress"])
            // Kill it as soon as it reports its third committed batch: mid-import, whatever the machine's speed.
            var reported = 0
            var buffered = Data()
            while reported < 3 {
                let chunk = progress.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffered += chunk
                reported = String(decoding: buffered, as: UTF8.self).components(separatedBy: "committed ").count - 1
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(reported >= 3)
            #expect(process.terminationReason == .uncaughtSignal, "the import was still running when killed")
            let survived = try killedStore.scalar("SELECT COUNT(*) FROM orders") ?? 0
            #expect(survived > 0 && survived < Int64(total), "killed mid-way: \(survived) of \(total) orders committed")
            #expect(survived % 200 == 0, "only whole batches survive")

            let resumed = try await FileImporter.importFile(atPath: csv.path, options: ImportOptions(kind: .orders),
                                                            store: killedStore, now: fixedNow)
            #expect(resumed.counts.duplicate == Int(survived))
            #expect(resumed.counts.inserted == total - Int(survived))

            let cleanStore = try SQLiteStore(path: cleanDB)
            _ = try await FileImporter.importFile(atPath: csv.path, options: ImportOptions(kind: .orders),
                                                  store: cleanStore, now: fixedNow)
            for query in ["SELECT COUNT(*) FROM orders", "SELECT SUM(amount) FROM orders", "SELECT COUNT(*) FROM order_lines",
                          "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL", "SELECT COUNT(*) FROM identities",
                          "SELECT SUM(quantity) FROM order_lines"] {
                #expect(try killedStore.scalar(query) == cleanStore.scalar(query), "\(query)")
            }
        }
    }
}
