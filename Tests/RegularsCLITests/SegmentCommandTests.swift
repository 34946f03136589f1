import Foundation
import RegularsTestSupport
import Testing

@Suite("Segments, audiences and tags on the command line")
struct SegmentCommandTests {
    static let orders = """
        order_id,channel,customer_id,phone,status,paid_at,amount,discount,sku,product_name,category
        1,tmall,amy,13812345678,paid,2026-11-10 10:00:00,199.00,20,S1,丝绒口红,口红
        2,tmall,amy,13812345678,paid,2026-10-10 10:00:00,99.00,10,S1,丝绒口红,口红
        3,tmall,amy,13812345678,paid,2026-09-10 10:00:00,59.00,,S3,面霜,面霜
        4,jd,bob,13900000000,paid,2026-11-15 10:00:00,59.00,,S2,粉底液,粉底
        5,jd,bob,13900000000,paid,2026-11-18 10:00:00,59.00,,S1,丝绒口红,口红
        6,jd,cat,13700000000,paid,2026-03-01 10:00:00,500.00,,S1,丝绒口红,口红
        """

    func withShop(_ body: (String, URL) throws -> Void) throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("orders.csv")
        try Self.orders.write(to: csv, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("shop.sqlite").path
        let imported = try RegularsProcess.run(["import", "orders", csv.path, "--db", db])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("segments      computed for"))
        try body(db, folder)
    }

    @Test func recomputeShowHistoryAndFlow() throws {
        try withShop { db, _ in
            let first = try RegularsProcess.run(["segment", "recompute", "--as-of", "2026-11-20", "--db", db])
            #expect(first.status == 0)
            let again = try RegularsProcess.run(["segment", "recompute", "--as-of", "2026-11-20", "--db", db, "--json"])
            let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
            #expect(report?["historyRows"] as? Int == 0, "the same moment again moves nobody")

            let shown = try RegularsProcess.run(["segment", "show", "--db", db])
            #expect(shown.stdout.contains("价值金字塔 value pyramid"))
            #expect(shown.stdout.contains("重要价值"))
            #expect(shown.stdout.contains("专属会员权益"))
            #expect(shown.stdout.contains("沉睡预警"))

            let amy = try RegularsProcess.run(["segment", "show", "13812345678", "--db", db])
            #expect(amy.stdout.contains("R 10 days · F 3 orders"))
            let later = try RegularsProcess.run(["segment", "recompute", "--as-of", "2027-03-01", "--db", db])
            #expect(later.status == 0)
            let history = try RegularsProcess.run(["segment", "history", "amy", "--db", db])
            #expect(history.stdout.contains("pyramid"))
            #expect(history.stdout.contains("瞌睡"))
            let flow = try RegularsProcess.run(["segment", "flow", "--from", "2026-11-21", "--to", "2027-03-02", "--db", db])
            #expect(flow.status == 0)
            #expect(flow.stdout.contains("pyramid flow"))
            let bad = try RegularsProcess.run(["segment", "flow", "--dimension", "colour", "--from", "2026-11-21", "--db", db])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--dimension must be class, pyramid or lifecycle"))
        }
    }

    @Test func audiencesAndTags() throws {
        try withShop { db, folder in
            let asOf = ["--as-of", "2026-11-20"]
            let count = try RegularsProcess.run(["audience", "count", "bought category:口红 within 90d and not bought category:粉底 ever", "--db", db] + asOf)
            #expect(count.status == 0)
            #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "amy; bob bought 粉底, cat too long ago")

            let bad = try RegularsProcess.run(["audience", "count", "bought sku:S1 within 90 days", "--db", db])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("column "))
            #expect(bad.stderr.contains("^"))

            let created = try RegularsProcess.run(["audience", "create", "口红客", "bought category:口红 ever", "--db", db])
            #expect(created.stdout.contains("3 customers"))
            let listed = try RegularsProcess.run(["audience", "list", "口红客", "--page-size", "2", "--db", db])
            #expect(listed.stdout.contains("page 1 of 2"))
            #expect(listed.stdout.contains("138****5678"))
            let saved = try RegularsProcess.run(["audience", "list", "--db", db])
            #expect(saved.stdout.contains("口红客"))

            let file = folder.appendingPathComponent("口红客.csv")
            let exported = try RegularsProcess.run(["audience", "export", "口红客", "--out", file.path, "--db", db])
            #expect(exported.status == 0)
            let bytes = try Data(contentsOf: file)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte order mark for Excel")
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("customer_id,name,phone,province,city,channels,pyramid,rfm_class,lifecycle,orders,spend,last_purchase\r\n"))
            #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)

            let explained = try RegularsProcess.run(["audience", "explain", "口红客", "--db", db])
            #expect(explained.status == 0)
            #expect(explained.stdout.contains("→ 3"))

            let rule = try RegularsProcess.run(["tag", "rule", "价格敏感", "coupon_share > 0.5", "--db", db])
            #expect(rule.status == 0)
            #expect(rule.stdout.contains("+ 1 customers"), "amy used a discount on 2 of 3 orders")
            let tagged = try RegularsProcess.run(["audience", "count", "tag = 价格敏感", "--db", db])
            #expect(tagged.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
            let manual = try RegularsProcess.run(["tag", "add", "bob", "敏感肌", "--db", db])
            #expect(manual.stdout.contains("+ 敏感肌"))
            let history = try RegularsProcess.run(["segment", "history", "bob", "--db", db])
            #expect(history.stdout.contains("+ 敏感肌"))
        }
    }

    @Test func demoEndsWithThePyramidAndClasses() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try RegularsProcess.run(["demo", "--customers", "300", "--orders", "1200",
                                            "--db", folder.appendingPathComponent("demo.sqlite").path])
        #expect(demo.status == 0)
        for label in ["王者", "潜力", "新客", "瞌睡", "流失", "重要价值", "一般挽留", "生命周期", "忠诚"] {
            #expect(demo.stdout.contains(label), "\(label)")
        }
    }
}
