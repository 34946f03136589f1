import RegularsSpreadsheet
import Testing

@Suite("XLSXWriter → XLSXReader")
struct WriterRoundTripTests {
    static let orders: [[XLSXCell]] = [
        [.text("订单编号"), .text("买家会员名"), .text("买家实付金额"), .text("订单付款时间"), .text("订单状态")],
        [.text("3456789012345678901"), .text("tb_小王"), .number(1299.5),
         .date(year: 2024, month: 3, day: 5, hour: 14, minute: 7, second: 9), .text("买家已付款，等待卖家发货")],
        [.text("3456789012345678902"), .empty, .integer(88), .date(year: 2024, month: 3, day: 6), .text("交易成功")],
    ]

    static let expectedOrders = """
        订单编号,买家会员名,买家实付金额,订单付款时间,订单状态
        3456789012345678901,tb_小王,1299.5,2024-03-05 14:07:09,买家已付款，等待卖家发货
        3456789012345678902,,88,2024-03-06 00:00:00,交易成功

        """

    @Test(arguments: [false, true])
    func ordersRoundTrip(inlineStrings: Bool) throws {
        let sheet = try XLSXReader.csvBytes(of: try workbook(Self.orders, inlineStrings: inlineStrings, sheetName: "订单"))
        #expect(String(decoding: sheet.csv, as: UTF8.self) == Self.expectedOrders)
        #expect(sheet.name == "订单")
        #expect(sheet.rows == 3)
    }

    @Test func numbers() throws {
        let row: [XLSXCell] = [.number(34), .number(1299.5), .number(0.1), .number(-3), .number(123_456.789),
                               .number(0.00001), .integer(3_456_789_012_345_678_901), .integer(-42), .number(1e20)]
        #expect(try csvText(of: workbook([row])) == "34,1299.5,0.1,-3,123456.789,1e-05,3456789012345678901,-42,1e+20\n")
    }

    @Test func emptyCellsInTheMiddleAndAtTheEnd() throws {
        let rows: [[XLSXCell]] = [[.text("a"), .empty, .text("c"), .empty, .empty], [.empty, .integer(2)]]
        #expect(try csvText(of: workbook(rows)) == "a,,c\n,2\n")
    }

    @Test func missingRowsBecomeEmptyLines() throws {
        let rows: [[XLSXCell]] = [[.text("header")], [], [.empty, .empty], [.text("row 4")], [], []]
        let sheet = try XLSXReader.csvBytes(of: try workbook(rows))
        #expect(String(decoding: sheet.csv, as: UTF8.self) == "header\n\n\nrow 4\n")
        #expect(sheet.rows == 4)
    }

    @Test(arguments: [false, true])
    func awkwardText(inlineStrings: Bool) throws {
        let row: [XLSXCell] = [.text("a,b"), .text("say \"hi\""), .text("line 1\nline 2"), .text("x\r\ny"),
                               .text("R&D <b> 'q'"), .text("_x000D_ stays"), .text("  spaced  "), .text("tab\there")]
        let expected = "\"a,b\",\"say \"\"hi\"\"\",line 1 line 2,x y,R&D <b> 'q',_x000D_ stays,  spaced  ,tab\there\n"
        #expect(try csvText(of: workbook([row], inlineStrings: inlineStrings)) == expected)
    }

    @Test func sharedStringsAreDeduplicated() throws {
        let rows = Array(repeating: [XLSXCell.text("交易成功"), .text("交易关闭")], count: 50)
        let sheet = try XLSXReader.csvBytes(of: try workbook(rows))
        #expect(sheet.rows == 50)
        #expect(String(decoding: sheet.csv, as: UTF8.self) == String(repeating: "交易成功,交易关闭\n", count: 50))
    }

    @Test func datesBeforeAndAfterTheEpoch() throws {
        let row: [XLSXCell] = [.date(year: 1900, month: 1, day: 1), .date(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59),
                               .date(year: 2038, month: 1, day: 19, hour: 3, minute: 14, second: 8)]
        #expect(try csvText(of: workbook([row])) == "1900-01-01 00:00:00,1969-12-31 23:59:59,2038-01-19 03:14:08\n")
    }

    @Test func emptyWorkbook() throws {
        let sheet = try XLSXReader.csvBytes(of: try workbook([]))
        #expect(sheet.csv.isEmpty)
        #expect(sheet.rows == 0)
        #expect(sheet.name == "Sheet1")
    }
}
