import Foundation
import RegularsTestSupport
import Testing

@Suite("regulars analyze rfm")
struct AnalyzeCommandTests {
    /// As of 2026-11-20, window 365 days. Buyers a (2 orders, last 10 days ago, ¥150), b (203 days ago, ¥300),
    /// c (yesterday, ¥25 less ¥5 refunded), d (688 days ago: outside the window). Scored: a, b, c, with
    /// N = 3, Σrecency = 214, Σf = 4, Σm = 47,000 fen: a is R高 F高 M低 (一般价值), b R低 F低 M高 (重要挽留), c R高 F低 M低 (一般发展).
    static let orders = """
        order_id,customer_id,paid_at,amount,refund_amount,status,sku
        O1,a,2026-11-10 10:00:00,100.00,0.00,paid,S1
        O1,a,2026-11-10 10:00:00,100.00,0.00,paid,S2
        O2,a,2026-10-01 10:00:00,50.00,0.00,completed,S1
        O3,b,2026-05-01 10:00:00,300.00,0.00,paid,S1
        O4,c,2026-11-19 10:00:00,25.00,5.00,partially_refunded,S1
        O5,d,2025-01-01 10:00:00,10.00,0.00,paid,S1
        O6,e,2026-11-01 10:00:00,abc,0.00,paid,S1
        O7,,2026-11-01 10:00:00,5.00,0.00,paid,S1
        O8,f,2026-11-02 10:00:00,30.00,30.00,refunded,S1
        O9,g,2026-11-03 10:00:00,30.00,0.00,cancelled,S1
        """

    func withOrdersFile(_ body: (URL, URL) throws -> Void) throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-analyze-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("orders.csv")
        try Self.orders.write(to: csv, atomically: true, encoding: .utf8)
        try body(csv, folder)
    }

    @Test func jsonCountsOfAHandComputedFile() throws {
        try withOrdersFile { csv, folder in
            let db = folder.appendingPathComponent("untouched.sqlite").path
            let result = try RegularsProcess.run(["analyze", "rfm", csv.path, "--as-of", "2026-11-20", "--json"],
                                                 environment: ["REGULARS_DB": db])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["asOf"] as? String == "2026-11-20")
            #expect(json["windowDays"] as? Int == 365)
            #expect(json["rows"] as? Int == 10)
            #expect(json["orders"] as? Int == 9)
            #expect(json["purchases"] as? Int == 6)
            #expect(json["skipped"] as? Int == 2)
            #expect(json["withoutCustomer"] as? Int == 1)
            #expect(json["rejectedRows"] as? Int == 1)
            #expect(json["buyers"] as? Int == 4)
            #expect(json["scored"] as? Int == 3)
            let classes = try #require(json["classes"] as? [[String: Any]])
            #expect(classes.count == 8)
            var counts: [String: Int] = [:]
            for line in classes { counts[line["class"] as! String] = line["customers"] as? Int }
            #expect(counts == ["important-value": 0, "important-develop": 0, "important-keep": 0, "important-retain": 1,
                               "general-value": 1, "general-develop": 1, "general-keep": 0, "general-retain": 0])
            let retain = try #require(classes.first { $0["class"] as? String == "important-retain" })
            #expect(retain["label"] as? String == "重要挽留")
            #expect(retain["revenueShare"] as? Double == 30_000.0 / 47_000.0)
            #expect((retain["strategy"] as? String)?.isEmpty == false)
            #expect(json["pyramid"] as? [String: Int] == ["champion": 0, "potential": 1, "new": 1, "dozing": 0, "lost": 2])
            #expect(json["lifecycle"] as? [String: Int] == ["new": 1, "active": 1, "loyal": 0, "silent": 0, "churned": 2])
            #expect(json["sleepWarnings"] as? Int == 0)
            let scores = try #require(json["scores"] as? [String: [Int]])
            #expect(scores["r"] == [1, 1, 0, 1, 0])
            #expect(scores["f"] == [2, 0, 0, 1, 0])
            #expect(scores["m"] == [1, 1, 0, 1, 0])
            let rejected = try #require(json["rejected"] as? [[String: Any]])
            #expect(rejected.first?["line"] as? Int == 8)
            #expect(!FileManager.default.fileExists(atPath: db), "analyze needs no database")
        }
    }

    @Test func customersFileAndText() throws {
        try withOrdersFile { csv, folder in
            let out = folder.appendingPathComponent("customers.csv")
            let result = try RegularsProcess.run(["analyze", "rfm", csv.path, "--as-of", "2026-11-20 23:59:59", "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("重要挽留 important-retain"))
            #expect(result.stdout.contains("R低 F低 M高"))
            #expect(result.stdout.contains("\(csv.path):8: amount: 'abc' is not an amount of money"))
            let bytes = try Data(contentsOf: out)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM")
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(lines == [
                "customer_id,recency_days,frequency,monetary,r,f,m,class,pyramid,lifecycle",
                "a,10,2,150.00,2,4,2,一般价值,潜力,活跃",
                "b,203,1,300.00,1,1,4,重要挽留,流失,流失",
                "c,1,1,20.00,4,1,1,一般发展,新客,新客户",
                "d,688,0,0.00,,,,,流失,流失",
            ])
        }
    }

    @Test func windowAndBasisOptions() throws {
        try withOrdersFile { csv, _ in
            let result = try RegularsProcess.run(["analyze", "rfm", csv.path, "--as-of", "2026-11-20", "--window-days", "30",
                                                  "--basis", "median", "--json", "--timing"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["windowDays"] as? Int == 30)
            #expect(json["basis"] as? String == "median")
            #expect(json["scored"] as? Int == 2, "a and c bought within 30 days")
            #expect(result.stderr.contains("total"), "--timing goes to standard error")
        }
    }

    @Test(arguments: [
        (["analyze", "rfm", "/nonexistent/orders.csv"], "cannot read the file"),
        (["analyze", "rfm", "x.csv", "--as-of", "yesterday"], "--as-of 'yesterday'"),
        (["analyze", "rfm", "x.csv", "--window-days", "0"], "--window-days"),
        (["analyze", "rfm", "x.csv", "--basis", "mode"], "basis"),
    ])
    func badUseFailsWithAMessage(arguments: [String], message: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let result = try RegularsProcess.run(arguments)
        #expect(result.status != 0)
        #expect((result.stderr + result.stdout).contains(message), "\(result.stderr)")
    }
}
