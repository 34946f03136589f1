import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Importing orders into the store")
struct IdempotentImportTests {
    static let lineFile = """
        order_id,channel,customer_id,phone,paid_at,status,amount,sku,product_name,category,quantity,unit_price
        T1,tmall,小王,13812345678,2024-11-11 20:01:33,paid,"¥1,299.00",SKU-A,面霜,面霜,1,999.00
        T1,tmall,小王,13812345678,2024-11-11 20:01:33,paid,"¥1,299.00",SKU-B,口红,口红,2,200.00
        J9,jd,jd_li,13900001111,2024/11/12 09:00:00,paid,88.50,SKU-B,口红,口红,1,
        T2,tmall,小王,13812345678,2024-10-01 10:00:00,refunded,50.00,SKU-C,面膜,面膜,1,50.00
        """

    @Test func reimportingTheSameFileChangesNothing() async throws {
        try await withTestStore { store, _ in
            let first = try await importCSV(Self.lineFile, kind: .orders, into: store)
            #expect(first.rowsRead == 4)
            #expect(first.counts.inserted == 3)
            #expect(first.rejections.isEmpty)
            let tables = ["orders", "order_lines", "customers", "identities", "products", "merges"]
            var before: [String: Int64] = [:]
            for table in tables { before[table] = try store.scalar("SELECT COUNT(*) FROM \(table)") }

            let second = try await importCSV(Self.lineFile, kind: .orders, into: store)
            #expect(second.counts.inserted == 0)
            #expect(second.counts.updated == 0)
            #expect(second.counts.duplicate == 3)
            for table in tables { #expect(try store.scalar("SELECT COUNT(*) FROM \(table)") == before[table], "\(table)") }
            #expect(try store.scalar("SELECT SUM(amount) FROM orders") == 129_900 + 8_850 + 5_000)
        }
    }

    @Test func aChangedOrderIsUpdatedInPlace() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV(Self.lineFile, kind: .orders, into: store)
            let changed = Self.lineFile.replacingOccurrences(of: "J9,jd,jd_li,13900001111,2024/11/12 09:00:00,paid,",
                                                             with: "J9,jd,jd_li,13900001111,2024/11/12 09:00:00,refunded,")
            let report = try await importCSV(changed, kind: .orders, into: store)
            #expect(report.counts.updated == 1)
            #expect(report.counts.duplicate == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders") == 3)
            #expect(try store.scalar("SELECT refunded FROM orders WHERE external_id = 'J9'") == 8_850)
            #expect(try store.scalar("SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = 'J9'") == 1)
        }
    }

    @Test func lineAmountsSumToTheOrderAmount() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV(Self.lineFile, kind: .orders, into: store)
            // 1299.00 shared by list value 999 : 400 (2 × 200).
            #expect(try store.scalar("SELECT SUM(l.amount) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = 'T1'") == 129_900)
            #expect(try store.scalar("SELECT l.amount FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = 'T1' AND l.sku = 'SKU-A'") == 92_759)
        }
    }

    @Test func badRowsAreReportedWithTheirLinesAndTheRestIsKept() async throws {
        try await withTestStore { store, _ in
            let text = """
                order_id,channel,customer_id,paid_at,amount,status
                A1,pos,c1,2024-01-01 10:00:00,10.00,paid
                A2,pos,c2,2024-01-01 10:00:00,abc,paid
                ,pos,c3,2024-01-01 10:00:00,5.00,paid
                A4,pos,c4,2024-13-01 10:00:00,5.00,paid
                A5,pos,c5,2024-01-02 10:00:00,6.00,发货中
                A6,pos,c6,2024-01-02 10:00:00,7.00,paid
                """
            let report = try await importCSV(text, kind: .orders, into: store, name: "pos.csv")
            #expect(report.rowsRead == 6)
            #expect(report.counts.inserted == 2)
            #expect(report.rejections.map(\.line) == [3, 4, 5, 6])
            #expect(report.rejectionLines[0] == "pos.csv:3: amount: 'abc' is not an amount of money")
            #expect(report.rejectionLines[1] == "pos.csv:4: order_id is empty")
            #expect(report.rejectionLines[2].hasPrefix("pos.csv:5: paid_at: '2024-13-01 10:00:00'"))
            #expect(report.rejectionLines[3].contains("unknown status '发货中'"))
            #expect(try store.scalar("SELECT COUNT(*) FROM orders") == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM import_rejections") == 4)
        }
    }

    @Test func batchesCommitIndependentlyAndResumeWithoutDoubles() async throws {
        try await withTestStore { store, _ in
            var rows = ["order_id,channel,customer_id,paid_at,amount"]
            for i in 0..<250 { rows.append("O\(i),miniapp,u\(i % 40),2024-05-01 10:00:00,\(i).00") }
            let all = rows.joined(separator: "\n")
            let firstHalf = rows.prefix(121).joined(separator: "\n")
            _ = try await importCSV(firstHalf, kind: .orders, into: store, batchSize: 7)
            let report = try await importCSV(all, kind: .orders, into: store, batchSize: 7)
            #expect(report.counts.duplicate == 120)
            #expect(report.counts.inserted == 130)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders") == 250)
            #expect(try store.scalar("SELECT COUNT(*) FROM customers") == 40)
        }
    }

    @Test func gb18030AndBOMFilesImportLikeUTF8() async throws {
        try await withTestStore { store, folder in
            let text = "订单编号,买家会员名,买家实际支付金额,订单付款时间,联系手机,订单状态,宝贝标题,宝贝总数量\n"
                + "1001,小王,\"¥1,299.00\",2024/11/11 20:01:33,'13812345678,\"买家已付款，等待卖家发货\",玫瑰面霜,1\n"
            let gb = gb18030(text)
            #expect(!TextDecoding.isValidUTF8(gb))
            let path = folder.appendingPathComponent("ExportOrderList.csv").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(gb)))
            let report = try await FileImporter.importFile(atPath: path, options: ImportOptions(kind: .orders),
                                                           store: store, now: fixedNow)
            #expect(report.encoding == "GB18030")
            #expect(report.dialect == "tmall-order-report")
            #expect(report.counts.inserted == 1)
            let bom = try await FileImporter.importBytes([0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "bom.csv",
                                                         options: ImportOptions(kind: .orders), store: store, now: fixedNow)
            #expect(bom.encoding == "UTF-8 with BOM")
            #expect(bom.counts.duplicate == 1, "the same order, read from another encoding, is the same order")
            #expect(try store.scalar("SELECT amount FROM orders WHERE external_id = '1001' AND channel = 'tmall'") == 129_900)
            let profile = try #require(try await store.customerProfile(.phone("13812345678"), recentLimit: 5))
            #expect(profile.name == "小王" || profile.identities.contains { $0.identifier.value == "小王" })
            #expect(profile.recentOrders.first?.items == "玫瑰面霜 ×1")
        }
    }
}

@Suite("Files that are not CSV")
struct NotCSVTests {
    @Test func aBrokenWorkbookAndAnOldXLSAreNamedAsSuch() async throws {
        try await withTestStore { store, _ in
            let broken: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array("[Content_Types].xml".utf8)
            do {
                _ = try await FileImporter.importBytes(broken, file: "orders.xlsx", options: ImportOptions(kind: .orders),
                                                       store: store, now: fixedNow)
                Issue.record("a broken workbook was imported")
            } catch let error as ImportError {
                #expect(error.description.hasPrefix("orders.xlsx: "))
            }
            let xls: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
            await #expect(throws: ImportError.unreadable(file: "orders.xls", reason: FileSignature.problem(xls)!)) {
                try await FileImporter.importBytes(xls, file: "orders.xls", options: ImportOptions(kind: .orders),
                                                   store: store, now: fixedNow)
            }
            #expect(FileSignature.problem(xls)!.contains(".xls"))
            #expect(FileSignature.problem(Array("order_id\n1\n".utf8)) == nil)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders") == 0)
        }
    }
}

@Suite("Importing with a mapping file")
struct MappingImportTests {
    @Test func theReadmeJDMappingReadsAJDExport() async throws {
        try await withTestStore { store, _ in
            let mapping = try ImportMapping.parse("""
                kind = orders
                channel = jd
                order_id = 订单号
                customer_id = 下单帐号
                paid_at = 付款确认时间
                amount = 应付金额
                product_name = 商品名称
                sku = 商品ID
                status = 订单状态
                status.等待出库 = paid
                status.完成 = paid
                status.(删除)等待出库 = cancelled
                """, source: "jd.mapping")
            let csv = """
                订单号,商品ID,商品名称,订购数量,下单时间,应付金额,订单状态,下单帐号,付款确认时间
                80001,100200,洗衣凝珠,1,2024-11-11 00:01:00,59.90,完成,jd_zhang,2024-11-11 00:01:30
                80001,100300,柔顺剂,1,2024-11-11 00:01:00,59.90,完成,jd_zhang,2024-11-11 00:01:30
                80002,100200,洗衣凝珠,1,2024-11-12 10:00:00,29.90,（删除）等待出库,jd_li,
                80003,100200,洗衣凝珠,1,2024-11-12 10:00:00,29.90,锁定,jd_li,2024-11-12 10:00:30
                """
            let report = try await importCSV(csv, kind: .orders, into: store, name: "jd.csv", mapping: mapping)
            #expect(report.dialect == "orders+mapping")
            #expect(report.counts.inserted == 2)
            #expect(report.rejectionLines == ["jd.csv:5: status: unknown status '锁定'; map it in a --mapping file (status.锁定 = paid)"])
            #expect(try store.scalar("SELECT amount FROM orders WHERE external_id = '80001' AND channel = 'jd'") == 5_990)
            #expect(try store.scalar("SELECT COUNT(*) FROM order_lines") == 3)
            #expect(try store.scalar("SELECT status = 'cancelled' FROM orders WHERE external_id = '80002'") == 1)
        }
    }
}
