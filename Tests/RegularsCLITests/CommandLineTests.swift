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

@Suite("regulars import of workbooks, lines and after-sales files")
struct SideFileCommandTests {
    @Test func detectAndImportAWorkbookAndItsAfterSalesFile() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = folder.appendingPathComponent("微信小店订单.xlsx")
        let bytes = try xlsx(textCells("""
            订单号,订单下单时间,订单状态,收件人姓名,收件人手机,订单实际支付金额,支付时间,商品名称,商品编码(平台),SKU编码(自定义),商品价格,商品数量,商品售后,商品已退款金额
            3701234567890123456,2024-11-11 10:00:00,已完成,周杰,15200001111,300.00,2024-11-11 10:00:09,面霜,1000001,WX-A,150.00,2,无,
            3701234567890123457,2024-11-12 10:00:00,待发货,周杰,15200001111,150.00,2024-11-12 10:00:09,面霜,1000001,WX-A,150.00,1,无,
            """))
        try Data(bytes).write(to: workbook)
        let db = folder.appendingPathComponent("shop.sqlite").path

        let shown = try RegularsProcess.run(["import", "detect", workbook.path, "--db", db])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("platform   微信小店 订单导出 (wechat-shop-orders)"))
        #expect(shown.stdout.contains("kind       orders (订单 orders)"))
        #expect(shown.stdout.contains("encoding   xlsx (sheet 订单)"))
        #expect(shown.stdout.contains("line 2: order 3701234567890123456 · wechat_shop · buyer 152****1111 · completed"))

        let imported = try RegularsProcess.run(["import", "orders", workbook.path, "--db", db])
        #expect(imported.status == 0 && imported.stdout.contains("inserted      2"))

        let afterSales = folder.appendingPathComponent("售后.csv")
        try "售后单号,订单号,售后状态,退款金额\nAS1,3701234567890123456,退款成功,100.00\nAS2,3701234567890123457,怪状态,1\n"
            .write(to: afterSales, atomically: true, encoding: .utf8)
        let detected = try RegularsProcess.run(["import", "detect", afterSales.path, "--db", db, "--channel", "wechat_shop"])
        #expect(detected.stdout.contains("kind       after-sales (售后 after-sales)"))
        #expect(detected.stdout.contains("line 2: after-sales AS1 · order 3701234567890123456 · wechat_shop · refunded · ¥100.00"))
        let refunds = try RegularsProcess.run(["import", "after-sales", afterSales.path, "--db", db, "--channel", "wechat_shop"])
        #expect(refunds.status == 0)
        #expect(refunds.stdout.contains("\(afterSales.path):3: after_sales_status: unknown after-sales status '怪状态'"))
        let customer = try RegularsProcess.run(["customer", "show", "15200001111", "--db", db])
        #expect(customer.stdout.contains("partially_refunded  ¥300.00 (refunded ¥100.00)"))
        #expect(customer.stdout.contains("2 paid · net ¥350.00"))
    }
}
