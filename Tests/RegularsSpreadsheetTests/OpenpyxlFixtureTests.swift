import Foundation
import RegularsSpreadsheet
import Testing

/// `Fixtures/openpyxl_orders.xlsx` was made once with openpyxl 3.1.5 (Python 3.11) by a throwaway script:
///
///     wb = openpyxl.Workbook(); ws = wb.active; ws.title = "订单"
///     ws.append(["订单编号", "买家会员名", "买家实付金额", "订单付款时间", "订单状态"])
///     ws.append(["3456789012345678901", "tb_小王", 1299.5, datetime(2024, 3, 5, 14, 7, 9), "买家已付款，等待卖家发货"])
///     ws.append(["3456789012345678902", None, 88, datetime(2024, 3, 6, 9, 0, 0), "交易成功"])
///     wb.save("openpyxl_orders.xlsx")
///
/// openpyxl writes text as inline strings, the datetimes as serials with style `yyyy-mm-dd h:mm:ss`, and
/// leaves out the empty cell.
@Suite("A workbook written by openpyxl")
struct OpenpyxlFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/openpyxl_orders.xlsx")

    @Test func readsOrders() throws {
        let sheet = try XLSXReader.csvBytes(of: [UInt8](try Data(contentsOf: Self.fixture)))
        #expect(sheet.name == "订单")
        #expect(sheet.rows == 3)
        #expect(String(decoding: sheet.csv, as: UTF8.self) == """
            订单编号,买家会员名,买家实付金额,订单付款时间,订单状态
            3456789012345678901,tb_小王,1299.5,2024-03-05 14:07:09,买家已付款，等待卖家发货
            3456789012345678902,,88,2024-03-06 09:00:00,交易成功

            """)
    }
}
