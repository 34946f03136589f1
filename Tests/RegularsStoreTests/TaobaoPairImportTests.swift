import Foundation
import Regulars
import RegularsSpreadsheet
import RegularsStore
import RegularsTestSupport
import Testing

/// Taobao/Tmall exports come in pairs: an order file and a line file. Either may be imported first.
@Suite("Taobao order and line files")
struct TaobaoPairImportTests {
    /// New Qianniu order export (.xlsx): a title row, header cells with trailing spaces, amounts as numbers, a date
    /// cell, `--` for empty.
    static func newOrderWorkbook(refundOnSecond: String = "--") throws -> [UInt8] {
        let header: [XLSXCell] = ["订单编号", "支付单号", "买家应付货款", "总金额", "买家实付金额 ", "订单状态", "收货地址 ",
                                  "订单创建时间", "订单付款时间 ", "商品标题 ", "宝贝总数量", "确认收货打款金额", "退款金额",
                                  "订单关闭原因", "店铺名称"].map { .text($0) }
        func row(_ id: String, _ total: Double, _ paid: Double, _ status: String, _ paidAt: String, _ title: String,
                 _ refund: String, _ closed: String) -> [XLSXCell] {
            [.text(id), .text("2024111122001100" + id.suffix(3)), .number(total), .number(total), .number(paid), .text(status),
             .text("浙江省 杭州市 西湖区 文三路****"), .date(year: 2024, month: 11, day: 11, hour: 20, minute: 0, second: 0),
             paidAt.isEmpty ? .empty : .text(paidAt), .text(title), .integer(1), .text("--"), .text(refund), .text(closed),
             .text("某某旗舰店")]
        }
        return try xlsx([
            [.text("订单列表 导出时间：2024-11-20 10:00")],
            header,
            row("4100000000000000001", 299, 299, "交易成功", "2024-11-11 20:00:05", "玫瑰面霜 50g 等2件", "--", "订单未关闭"),
            row("4100000000000000002", 129, 129, "卖家已发货，等待买家确认", "2024-11-11 21:00:05", "玫瑰面霜 50g", refundOnSecond, "订单未关闭"),
            row("4100000000000000003", 99, 0, "交易关闭", "", "丝绒口红", "--", "买家不想买了"),
        ])
    }

    /// New 子订单 export (.xlsx), columns A–W.
    static func subOrderWorkbook() throws -> [UInt8] {
        try xlsx(textCells("""
            子订单编号,主订单编号,商品标题,商品价格,购买数量,外部系统编号,商品属性,套餐信息,联系方式备注,订单状态,商家编码,买家应付货款,买家实付金额,退款状态,退款金额,订单创建时间,订单付款时间,商品ID,商家备注,主订单买家留言,发货时间,物流单号,物流公司
            4100000000000000101,4100000000000000001,玫瑰面霜 50g,129.00,1,,商品规格:50g,,,交易成功,SKU-A,129.00,119.00,没有申请退款,无退款申请,2024-11-11 20:00:00,2024-11-11 20:00:05,600001,,,2024-11-12 10:00:00,YT001,圆通
            4100000000000000102,4100000000000000001,丝绒口红,99.00,2,,商品规格:#316,,,交易成功,SKU-B,198.00,180.00,退款成功,,2024-11-11 20:00:00,2024-11-11 20:00:05,600002,,,2024-11-12 10:00:00,YT001,圆通
            4100000000000000201,4100000000000000002,玫瑰面霜 50g,129.00,1,,商品规格:50g,,,卖家已发货，等待买家确认,SKU-A,129.00,129.00,退款成功,30.00,2024-11-11 21:00:00,2024-11-11 21:00:05,600001,,,,,
            """))
    }

    func state(_ store: SQLiteStore, _ id: String) throws -> (status: String, refunded: Int64, lines: Int64) {
        let status = try store.text("SELECT status FROM orders WHERE external_id = '\(id)'") ?? "missing"
        let refunded = try store.scalar("SELECT refunded FROM orders WHERE external_id = '\(id)'") ?? -1
        let lines = try store.scalar("SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '\(id)'") ?? -1
        return (status, refunded, lines)
    }

    @Test func linesFirstThenOrdersInXLSX() async throws {
        try await withTestStore { store, _ in
            let lines = try await importFileBytes(try Self.subOrderWorkbook(), kind: .lines, into: store, name: "子订单.xlsx")
            #expect(lines.dialect == "taobao-sub-orders" && lines.encoding.hasPrefix("xlsx"))
            #expect(lines.records == 2 && lines.counts.awaitingOrder == 2 && lines.rejections.isEmpty)

            let orders = try await importFileBytes(try Self.newOrderWorkbook(), kind: .orders, into: store, name: "订单.xlsx")
            #expect(orders.dialect == "taobao-orders" && orders.headerLine == 2)
            #expect(orders.rejections.isEmpty, "\(orders.rejectionLines)")
            #expect(orders.counts.inserted == 3)

            let first = try state(store, "4100000000000000001")
            #expect(first.status == "partially_refunded" && first.refunded == 18_000 && first.lines == 2)
            #expect(try store.scalar("SELECT SUM(l.amount) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '4100000000000000001'") == 29_900)
            #expect(try store.text("SELECT GROUP_CONCAT(sku) FROM (SELECT l.sku FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '4100000000000000001' ORDER BY l.line_no)") == "SKU-A,SKU-B")
            let second = try state(store, "4100000000000000002")
            #expect(second.status == "partially_refunded" && second.refunded == 3_000)
            let closed = try state(store, "4100000000000000003")
            #expect(closed.status == "cancelled", "a closed order is kept")
            #expect(try await store.shopOverview().purchases == 2, "and not counted as paid")

            // Both files again: nothing changes.
            let again = try await importFileBytes(try Self.newOrderWorkbook(), kind: .orders, into: store, name: "订单.xlsx")
            let linesAgain = try await importFileBytes(try Self.subOrderWorkbook(), kind: .lines, into: store, name: "子订单.xlsx")
            #expect(again.counts.duplicate == 3 && linesAgain.counts.duplicate == 2)
            #expect(try state(store, "4100000000000000001") == first)
        }
    }

    @Test func ordersFirstThenLinesAndALaterOrderFileKeepsTheLines() async throws {
        try await withTestStore { store, _ in
            _ = try await importFileBytes(try Self.newOrderWorkbook(), kind: .orders, into: store, name: "订单.xlsx")
            #expect(try state(store, "4100000000000000001").lines == 1, "the order file knows only a title")
            let lines = try await importFileBytes(try Self.subOrderWorkbook(), kind: .lines, into: store, name: "子订单.xlsx")
            #expect(lines.counts.inserted == 2 && lines.counts.awaitingOrder == 0)
            #expect(try state(store, "4100000000000000001") == ("partially_refunded", 18_000, 2))

            // A later order export with a bigger refund on the second order: the lines stay, the larger refund wins.
            let later = try await importFileBytes(try Self.newOrderWorkbook(refundOnSecond: "129.00"), kind: .orders,
                                                  into: store, name: "订单2.xlsx")
            #expect(later.counts.updated == 1 && later.counts.duplicate == 2)
            #expect(try state(store, "4100000000000000002") == ("refunded", 12_900, 1))
            #expect(try state(store, "4100000000000000001").lines == 2)
        }
    }

    /// The classic pair in GBK CSV: 订单报表 (one row per order, ids as ="…", 联系手机 with a leading ') and 宝贝报表.
    @Test func legacyReportAndItemReport() async throws {
        try await withTestStore { store, _ in
            let report = """
                订单编号,买家会员名,买家实际支付金额,总金额,退款金额,订单状态,收货人姓名,收货地址 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝总数量
                ="1001",小王,299.00,299.00,0,交易成功,王**,上海 上海市 浦东新区 ***,'138****5678,2024/11/11 20:00:00,2024/11/11 20:00:05,玫瑰面霜 等2件,3
                ="1002",小李,129.00,129.00,0,"买家已付款，等待卖家发货",李**,浙江省 杭州市 ***,'138****5678,2024/11/11 21:00:00,2024/11/11 21:00:05,玫瑰面霜,1
                """
            let items = """
                订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码
                ="1001",玫瑰面霜 50g,129.00,1,,,,,交易成功,SKU-A
                ="1001",丝绒口红,99.00,2,,,,,交易成功,SKU-B
                """
            let orders = try await importFileBytes(gb18030(report), kind: .orders, into: store, name: "ExportOrderList.csv")
            #expect(orders.dialect == "tmall-order-report" && orders.encoding == "GB18030" && orders.rejections.isEmpty)
            let lines = try await importFileBytes(gb18030(items), kind: .lines, into: store, name: "ExportOrderDetailList.csv")
            #expect(lines.dialect == "taobao-item-report" && lines.counts.inserted == 1)
            #expect(try state(store, "1001") == ("completed", 0, 2))
            #expect(try store.scalar("SELECT l.amount FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '1001' AND l.sku = 'SKU-A'") == 11_795, "¥299 shared 129 : 198")
            #expect(try state(store, "1002") == ("paid", 0, 1))
            // The same masked phone on two buyers never joins them.
            #expect(try store.scalar("SELECT COUNT(*) FROM customers") == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM identities WHERE kind = 'phone'") == 0)
        }
    }
}
