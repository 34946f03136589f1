import Foundation
import RegularsTestSupport
import Testing

@Suite("The regulars command line")
struct CommandLineTests {
    static let orders = """
        order_id,channel,customer_id,name,phone,paid_at,amount,sku,product_name,category
        T1,tmall,tb_li,李小龙,13812345678,2024-11-11 20:01:33,199.00,S1,玫瑰面霜,面霜
        M1,miniapp,oLi,,13812345678,2024-11-12 08:00:00,59.00,S2,丝绒口红,口红
        BAD,tmall,tb_x,,,2024-11-12 08:00:00,12元5,S2,丝绒口红,口红
        """

    @Test func importShowAndMasking() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("orders.csv")
        try Self.orders.write(to: csv, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("shop.sqlite").path

        let imported = try RegularsProcess.run(["import", "orders", csv.path], environment: ["REGULARS_DB": db])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("inserted      2"))
        #expect(imported.stdout.contains("\(csv.path):4: amount: '12元5' is not an amount of money"))
        #expect(FileManager.default.fileExists(atPath: db), "REGULARS_DB chooses the database")

        let shown = try RegularsProcess.run(["customer", "show", "13812345678", "--db", db])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("138****5678"))
        #expect(!shown.stdout.contains("13812345678"))
        #expect(shown.stdout.contains("李**"))
        #expect(shown.stdout.contains("2 paid · net ¥258.00"))

        let unmasked = try RegularsProcess.run(["customer", "show", "13812345678", "--db", db, "--unmask"])
        #expect(unmasked.stdout.contains("13812345678"))
        #expect(unmasked.stdout.contains("李小龙"))

        let json = try RegularsProcess.run(["customer", "show", "tb_li", "--db", db, "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((decoded?["orders"] as? [String: Any])?["count"] as? Int == 2)

        let search = try RegularsProcess.run(["customer", "search", "李", "--db", db])
        #expect(search.stdout.contains("138****5678"))

        let overview = try RegularsProcess.run(["overview", "--db", db])
        #expect(overview.status == 0)
        #expect(overview.stdout.contains("(paid 2 ·"))
        #expect(overview.stdout.contains("跨渠道 on several channels 1"), "tb_li and oLi share a phone")
    }

    @Test(arguments: [
        (["import", "parcels", "x.csv"], "parcels"),
        (["import", "orders"], "Missing expected argument"),
        (["import", "orders", "/nonexistent/orders.csv"], "cannot read the file"),
        (["import", "orders", "x.csv", "--channel", "Tmall Shop!"], "is not a channel name"),
        (["import", "orders", "x.csv", "--encoding", "latin1"], "--encoding must be utf8 or gb18030"),
        (["customer", "show", "99999"], "no customer matches"),
        (["customer", "unmerge", "42"], "not found: merge 42"),
        (["settings", "set", "timezone", "Mars/Olympus"], "not an IANA time zone"),
        (["frobnicate"], "Error:"),
    ])
    func badUseFailsWithAMessage(arguments: [String], message: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try RegularsProcess.run(arguments + ["--db", folder.appendingPathComponent("x.sqlite").path])
        #expect(result.status != 0)
        #expect((result.stderr + result.stdout).contains(message), "\(result.stderr)")
    }
}

@Suite("regulars import detect")
struct DetectCommandTests {
    @Test func showsPlatformMappingAndFirstRowsAndWritesNothing() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("ExportOrderList.csv")
        let text = "店铺订单报表\n订单编号,买家会员名,买家实际支付金额,订单付款时间 ,联系手机,订单状态,宝贝标题 ,宝贝总数量\n"
            + "=\"1001\",小王,\"¥1,299.00\",2024/11/11 20:01:33,'13812345678,\"买家已付款，等待卖家发货\",玫瑰面霜,1\n"
            + "=\"1002\",小李,abc,2024/11/11 20:01:33,,交易成功,口红,1\n"
        try gb18030(text).withUnsafeBufferPointer { try Data(buffer: $0).write(to: csv) }
        let db = folder.appendingPathComponent("never.sqlite").path

        let shown = try RegularsProcess.run(["import", "detect", csv.path, "--db", db])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("platform   天猫/淘宝 订单报表 (tmall-order-report)"))
        #expect(shown.stdout.contains("encoding   GB18030"))
        #expect(shown.stdout.contains("header     line 2"))
        #expect(shown.stdout.contains("paid_at         ← 订单付款时间"))
        #expect(shown.stdout.contains("line 3: order 1001 · tmall · buyer 小王 / 138****5678 · paid · paid 2024-11-11 20:01:33 · ¥1,299.00"))
        #expect(shown.stdout.contains("\(csv.path):4: amount: 'abc' is not an amount of money"))
        #expect(!FileManager.default.fileExists(atPath: db), "detect writes nothing")

        let mapping = folder.appendingPathComponent("fix.mapping")
        try "dialect = tmall-order-report\nchannel = taobao\n".write(to: mapping, atomically: true, encoding: .utf8)
        let json = try RegularsProcess.run(["import", "detect", csv.path, "--db", db, "--mapping", mapping.path, "--json"])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(decoded["channel"] as? String == "taobao")
        #expect((decoded["columns"] as? [String: String])?["order_id"] == "订单编号")
    }
}
