import Foundation
import Testing
@testable import Regulars

// Tests for the byte-level pieces of importing: CSV scanning, cell cleaning, value parsers, regions,
// header-row detection, dialects and mapping files. Every expected value below was worked out by hand.

/// One scanned row, copied out of the scanner's borrowed buffer.
private struct ScannedRow: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var description: String { "\(line): \(fields)" }
}

private func scan(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [ScannedRow] {
    var rows: [ScannedRow] = []
    CSVScanner.forEachRow(in: Array(text.utf8), delimiter: delimiter) { row in
        rows.append(ScannedRow(line: row.line, fields: (0..<row.count).map { row.rawString($0) ?? "<nil>" }))
        return true
    }
    return rows
}

private let comma = UInt8(ascii: ",")
private let tab: UInt8 = 0x09

// MARK: - CSV

@Suite("ImportParsing: CSV scanner")
struct ImportParsingCSVScannerTests {
    @Test func quotedFieldsKeepCommasAndUndoubleQuotes() {
        let rows = scan("a,\"b,c\",\"say \"\"hi\"\"\",\"\"\n")
        #expect(rows == [ScannedRow(line: 1, fields: ["a", "b,c", "say \"hi\"", ""])])
    }

    @Test func embeddedNewlinesKeepLaterLineNumbersRight() {
        let text = "id,note\n1,\"line one\nline two\nline three\"\n2,x\n3,\"a\r\nb\"\r\n4,y\n"
        let rows = scan(text)
        #expect(rows.map(\.line) == [1, 2, 5, 6, 8])
        #expect(rows[1].fields == ["1", "line one\nline two\nline three"])
        #expect(rows[2].fields == ["2", "x"])
        #expect(rows[3].fields == ["3", "a\r\nb"])
        #expect(rows[4].fields == ["4", "y"])
    }

    @Test func crlfAndBareCREndRows() {
        #expect(scan("a,b\r\nc,d\r\n") == [ScannedRow(line: 1, fields: ["a", "b"]), ScannedRow(line: 2, fields: ["c", "d"])])
        #expect(scan("a,b\rc,d") == [ScannedRow(line: 1, fields: ["a", "b"]), ScannedRow(line: 2, fields: ["c", "d"])])
        // A quoted last field before CRLF: the CR is not part of the value.
        #expect(scan("\"a\",\"b\"\r\n\"c\",\"d\"\r\n").map(\.fields) == [["a", "b"], ["c", "d"]])
    }

    @Test func blankLinesAreSkippedButCounted() {
        let rows = scan("h1,h2\n\n\r\n,,\n\"\",\"\"\nc,d\n\n")
        #expect(rows.map(\.line) == [1, 6])
        #expect(rows.last?.fields == ["c", "d"])
    }

    @Test func shortRowsAndTrailingDelimiters() {
        let bytes = Array("a,b,c\n1\n2,\n3,4,5,6".utf8)
        var seen: [(Int, Int, String?, String?, Int)] = []
        CSVScanner.forEachRow(in: bytes, delimiter: comma) { row in
            seen.append((row.line, row.count, row.rawString(1), row.text(2), row.bytes(7).count))
            return true
        }
        #expect(seen.count == 4)
        #expect(seen[1].0 == 2 && seen[1].1 == 1 && seen[1].2 == nil && seen[1].3 == nil)
        // "2," has an empty second field.
        #expect(seen[2].1 == 2 && seen[2].2 == "")
        // The last row has no newline and more fields than the header.
        #expect(seen[3].0 == 4 && seen[3].1 == 4 && seen[3].3 == "5")
        #expect(seen.allSatisfy { $0.4 == 0 })
    }

    @Test func unterminatedQuoteRunsToTheEnd() {
        #expect(scan("a,\"bc\nd") == [ScannedRow(line: 1, fields: ["a", "bc\nd"])])
    }

    @Test func textAfterAClosingQuoteIsKept() {
        #expect(scan("\"abc\"def,x\n") == [ScannedRow(line: 1, fields: ["abcdef", "x"])])
    }

    @Test func returningFalseStops() {
        var lines: [Int] = []
        CSVScanner.forEachRow(in: Array("a\nb\nc\n".utf8), delimiter: comma) { row in
            lines.append(row.line)
            return lines.count < 2
        }
        #expect(lines == [1, 2])
    }

    @Test func textCleansSpreadsheetWrappers() {
        let bytes = Array("=\"2020012345678\",\"=\"\"123\"\"\",'13812345678,\t达人,--,\" 34.00 \",null\n".utf8)
        var cells: [String?] = []
        CSVScanner.forEachRow(in: bytes, delimiter: comma) { row in
            cells = (0..<8).map { row.text($0) }
            return true
        }
        #expect(cells == ["2020012345678", "123", "13812345678", "达人", nil, "34.00", nil, nil])
    }

    @Test(arguments: [
        ("订单编号\t金额\t状态\n1\t2\t3\n", tab),
        ("a,b\tc,d\n", comma),
        ("\"a,b,c\"\tx\ty\n", tab),
        ("订单报表\n\na\tb\tc\n", tab),
        ("订单编号,金额\n1,2\n", comma),
        ("only one column\n", comma),
        ("a;b;c\n", UInt8(ascii: ";")),
    ])
    func delimiterDetection(text: String, expected: UInt8) {
        #expect(CSVScanner.detectDelimiter(Array(text.utf8)) == expected)
    }

    @Test func tabSeparatedRowsScan() {
        let rows = scan("订单编号\t金额\n\t1001\t34.00\n", delimiter: tab)
        #expect(rows == [ScannedRow(line: 1, fields: ["订单编号", "金额"]), ScannedRow(line: 2, fields: ["", "1001", "34.00"])])
    }
}

// MARK: - Cell text

@Suite("ImportParsing: cell text")
struct ImportParsingCellTextTests {
    @Test(arguments: [
        ("=\"2020012345678\"", "2020012345678"),
        ("=\"  12 \"", "12"),
        ("'13812345678", "13812345678"),
        ("\t13812345678", "13812345678"),
        ("\u{3000}张三\u{3000}", "张三"),
        ("\u{A0}x\u{A0}", "x"),
        ("  34.00  ", "34.00"),
        ("-5", "-5"),
        ("--5", "--5"),
        ("nullable", "nullable"),
        ("-----", "-----"),  // only up to four dashes are a placeholder
        ("138****5678", "138****5678"), ("张**", "张**"), ("*1", "*1"),
    ] as [(String, String)])
    func cleanKeepsValues(raw: String, expected: String) {
        #expect(CellText.clean(raw) == expected)
    }

    @Test(arguments: ["", "   ", "--", "-", "----", "null", "NULL", "=\"\"", "'", "\t", "\u{3000}", "' --", "****", " *** ", "\t*"])
    func cleanDropsEmptyAndPlaceholders(raw: String) {
        #expect(CellText.clean(raw) == nil)
    }

    @Test(arguments: [
        ("订单付款时间 ", "订单付款时间"),
        ("收货\n地址", "收货地址"),
        ("=\"订单编号\"", "订单编号"),
        (" 买家 会员名\u{3000}", "买家会员名"),
        ("Order_ID", "Order_ID"),
        ("--", ""),
    ])
    func headerCells(raw: String, expected: String) {
        #expect(CellText.header(raw) == expected)
    }
}

// MARK: - Money

@Suite("ImportParsing: money")
struct ImportParsingMoneyTests {
    @Test(arguments: [
        ("1299", 129_900), ("1,299.00", 129_900), ("¥1,299.00", 129_900), ("￥34", 3_400), ("34.00元", 3_400),
        ("-5.5", -550), ("0.1", 10), ("12.3400", 1_234), ("RMB 12", 1_200), ("¥ 8.5", 850), ("+3", 300),
        ("0", 0), ("0.00", 0), ("34.00 ", 3_400), (".5", 50), ("5.", 500), ("12,345,678.9", 1_234_567_890),
        ("CNY12.01", 1_201), ("¥-0.01", -1),
    ] as [(String, Int64)])
    func parses(text: String, fen: Int64) {
        #expect(MoneyParser.parse(text) == Money(fen: fen))
    }

    @Test(arguments: ["12.345", "abc", "1.2.3", "", "¥", "-", "1 299", "12.3.", "1.2,3", "1e5", "--", "12.3x", "元"])
    func rejects(text: String) {
        #expect(MoneyParser.parse(text) == nil)
    }

    @Test func placeholdersBecomeNilBeforeMoneyParsing() {
        #expect(CellText.clean("--").flatMap(MoneyParser.parse) == nil)
        #expect(CellText.clean("'¥12.00").flatMap(MoneyParser.parse) == Money(fen: 1_200))
        #expect(CellText.clean("\t1,299.00 ").flatMap(MoneyParser.parse) == Money(fen: 129_900))
    }
}

// MARK: - Dates and times

@Suite("ImportParsing: dates and times")
struct ImportParsingDateTimeTests {
    static let newYork = ShopCalendar(timeZone: TimeZone(identifier: "America/New_York")!)

    /// Expected instants computed independently (Python zoneinfo) as Unix seconds.
    @Test(arguments: [
        ("2024/11/11 20:01:33", 1_731_326_493), ("2024-11-11 20:01:33", 1_731_326_493),
        ("2024-11-11 20:01", 1_731_326_460), ("2024/1/5 8:03:00", 1_704_412_980),
        ("2024-11-11", 1_731_254_400), ("20241111", 1_731_254_400),
        ("2024年11月11日 20:01:33", 1_731_326_493), ("2024年11月11日", 1_731_254_400),
        ("2024-11-11T20:01:33+08:00", 1_731_326_493), ("2024-11-11T20:01:33+0800", 1_731_326_493),
        ("2024-11-11T12:01:33Z", 1_731_326_493), ("2024-11-11T07:01:33-05:00", 1_731_326_493),
        ("2024-11-11 20:01:33.250", 1_731_326_493), ("2024-11-11 20:01:33 ", 1_731_326_493),
        ("1731326493", 1_731_326_493), ("1731326493000", 1_731_326_493), ("1731326493999", 1_731_326_493),
        ("2024-02-29 12:00:00", 1_709_179_200),
    ] as [(String, Int64)])
    func shanghaiLocalTimes(text: String, seconds: Int64) {
        #expect(DateTimeParser.parse(text, calendar: .shanghai) == .instant(Instant(secondsSinceEpoch: seconds)))
    }

    @Test func readsAsUTCDescription() throws {
        let parsed = try #require(DateTimeParser.parse("2024/11/11 20:01:33", calendar: .shanghai))
        guard case .instant(let instant) = parsed else { Issue.record("expected an instant"); return }
        #expect(instant.description == "2024-11-11T12:01:33Z")
    }

    @Test(arguments: ["0001-01-01 00:00:00", "0000-00-00 00:00:00", "0001-01-01"])
    func jdPlaceholderIsEmpty(text: String) {
        #expect(DateTimeParser.parse(text, calendar: .shanghai) == .empty)
    }

    @Test(arguments: [
        "2024-02-30 10:00:00", "2024-13-01", "2023-02-29", "2024-11-11 24:00:00", "2024-11-11 20:60:00",
        "abc", "2024-11", "11/11", "12345", "", "2024-11-11 20:01:33 下午x", "2024-11-11 extra", "1899-12-31",
        "2024-11-11T20:01:33+8",
    ])
    func invalidDatesAreNil(text: String) {
        #expect(DateTimeParser.parse(text, calendar: .shanghai) == nil)
    }

    /// New York around the 2024 changes: 2024-03-10 02:00 EST → 03:00 EDT, 2024-11-03 02:00 EDT → 01:00 EST.
    @Test(arguments: [
        ("2024-01-15 12:00:00", 1_705_338_000),  // EST, UTC-5
        ("2024-07-01 12:00:00", 1_719_849_600),  // EDT, UTC-4
        ("2024-03-10 01:30:00", 1_710_052_200),  // just before spring forward
        ("2024-03-10 03:30:00", 1_710_055_800),  // just after: one real hour later, two on the clock
        ("2024-11-02 12:00:00", 1_730_563_200),
        ("2024-11-03 12:00:00", 1_730_653_200),  // 25 hours after the previous noon
        ("2024-11-11T20:01:33+08:00", 1_731_326_493),  // an explicit offset ignores the shop's zone
    ] as [(String, Int64)])
    func newYorkAcrossDaylightSaving(text: String, seconds: Int64) {
        #expect(DateTimeParser.parse(text, calendar: Self.newYork) == .instant(Instant(secondsSinceEpoch: seconds)))
    }

    @Test func newYorkFormatsBackToTheSameWallClock() {
        let spring = Instant(secondsSinceEpoch: 1_710_055_800)
        #expect(Self.newYork.format(spring) == "2024-03-10 03:30:00")
        #expect(ShopCalendar.shanghai.format(Instant(secondsSinceEpoch: 1_731_326_493)) == "2024-11-11 20:01:33")
    }

    @Test(arguments: [
        ("1990-05-17", "1990-05-17"), ("1990/5/17", "1990-05-17"), ("19900517", "1990-05-17"),
        ("1990年5月17日", "1990-05-17"), ("1990-05-17 23:59:59", "1990-05-17"), ("2000-02-29", "2000-02-29"),
    ])
    func civilDates(text: String, expected: String) {
        #expect(CivilDateParser.parse(text)?.description == expected)
    }

    @Test(arguments: ["1990-02-30", "1990-13-01", "abc", "", "0001-01-01"])
    func invalidCivilDates(text: String) {
        #expect(CivilDateParser.parse(text) == nil)
    }
}

// MARK: - Quantities

@Suite("ImportParsing: quantities")
struct ImportParsingQuantityTests {
    @Test(arguments: [("2", 2), ("2.0", 2), ("2.00", 2), ("2件", 2), ("3个", 3), ("5pcs", 5), ("0", 0), ("-1", -1),
                      ("1,000", 1_000)] as [(String, Int32)])
    func parses(text: String, expected: Int32) {
        #expect(QuantityParser.parse(text) == expected)
    }

    @Test(arguments: ["2.5", "abc", "", "件", "99999999999"])
    func rejects(text: String) {
        #expect(QuantityParser.parse(text) == nil)
    }
}

// MARK: - Regions

@Suite("ImportParsing: China regions")
struct ImportParsingChinaRegionTests {
    @Test(arguments: [
        ("浙江省 杭州市 西湖区", "浙江省"), ("上海", "上海市"), ("北京市朝阳区", "北京市"), ("内蒙古自治区", "内蒙古自治区"),
        ("内蒙古呼和浩特市", "内蒙古自治区"), ("广西壮族自治区", "广西壮族自治区"), (" 江苏省", "江苏省"),
        ("陕西省西安市", "陕西省"), ("山西省太原市", "山西省"), ("黑龙江哈尔滨市", "黑龙江省"), ("香港", "香港特别行政区"),
    ])
    func provinces(text: String, expected: String) {
        #expect(ChinaRegion.province(in: text) == expected)
    }

    @Test(arguments: ["火星", "", "中国浙江省", "****"])
    func noProvince(text: String) {
        #expect(ChinaRegion.province(in: text) == nil)
    }

    @Test(arguments: [
        ("浙江省 杭州市 西湖区", "杭州市"), ("广东省广州市天河区", "广州市"), ("江苏省苏州市工业园区", "苏州市"),
        ("江苏省 南京市 建邺区 沙洲街道****", "南京市"), ("上海 上海市 浦东新区", "上海市"),
        ("吉林省 延边朝鲜族自治州 延吉市", "延边朝鲜族自治州"), ("内蒙古自治区 锡林郭勒盟 锡林浩特市", "锡林郭勒盟"),
        ("新疆维吾尔自治区乌鲁木齐市天山区", "乌鲁木齐市"), ("广西 南宁市 青秀区", "南宁市"),
    ])
    func cities(address: String, expected: String) {
        #expect(ChinaRegion.city(in: address) == expected)
    }

    @Test(arguments: ["浙江省", "上海", "火星 某市", "江苏省 建邺区"])
    func noCity(address: String) {
        #expect(ChinaRegion.city(in: address) == nil)
    }
}

// MARK: - Plans, dialects and mapping files

@Suite("ImportParsing: plans and dialects")
struct ImportParsingPlanTests {
    static let tmallHeader = "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额"

    private func plan(_ text: String, kind: ImportKind? = nil, mapping: ImportMapping? = nil,
                      channel: Channel? = nil) throws(ImportError) -> ImportPlan {
        try ImportPlan.make(bytes: Array(text.utf8), file: "f.csv", kind: kind, mapping: mapping, channel: channel)
    }

    @Test func tmallHeadersWithTrailingSpaces() throws {
        let plan = try plan(Self.tmallHeader + "\r\n1,178.8,0.0,上海,2020-02-21 00:00:00,,0.0\r\n")
        #expect(plan.dialectName == "tmall-order-report")
        #expect(plan.kind == .orders)
        #expect(plan.channel == .tmall)
        #expect(plan.headerLine == 1)
        #expect(plan.delimiter == comma)
        #expect(plan.headers == ["订单编号", "总金额", "买家实际支付金额", "收货地址", "订单创建时间", "订单付款时间", "退款金额"])
        #expect(plan.column(.orderID) == 0)
        #expect(plan.column(.amount) == 2)
        #expect(plan.column(.address) == 3)
        #expect(plan.column(.createdAt) == 4)
        #expect(plan.column(.paidAt) == 5)
        #expect(plan.column(.refundAmount) == 6)
        #expect(plan.column(.customerID) == -1)
        #expect(plan.column(.status) == -1)
        #expect(plan.statuses[StatusWords.normalize("买家已付款，等待卖家发货")] == .paid)
        #expect(plan.statuses["交易关闭"] == .cancelled)
    }

    @Test func headerBelowTitleRows() throws {
        let text = "订单报表\n导出时间：2024-11-12 08:00\n\n订单编号,买家会员名,买家实际支付金额,订单付款时间\n1,tb_a,1.00,2024-11-11\n"
        let plan = try plan(text)
        #expect(plan.headerLine == 4)
        #expect(plan.dialectName == "tmall-order-report")
        #expect(plan.column(.customerID) == 1)
        #expect(plan.column(.paidAt) == 3)
    }

    @Test func headerBelowTitleRowsWithCommas() throws {
        let text = "名称：推广,日期：2024-11\n,,,\n\"订单编号\",\"买家实际支付金额\"\n1,2\n"
        #expect(try plan(text).headerLine == 3)
    }

    @Test func tabSeparatedTmallFile() throws {
        let text = Self.tmallHeader.replacingOccurrences(of: ",", with: "\t") + "\n1\t2\t3\t上海\t\t\t0\n"
        let plan = try plan(text)
        #expect(plan.delimiter == tab)
        #expect(plan.column(.refundAmount) == 6)
    }

    @Test func canonicalOrdersNeedAChannel() throws {
        let withColumn = try plan("order_id,channel,amount,paid_at\n1,jd,2,2024-11-11\n")
        #expect(withColumn.dialectName == "orders")
        #expect(withColumn.channel == nil)
        #expect(withColumn.column(.channel) == 1)

        #expect(throws: ImportError.noChannel(file: "f.csv")) { try plan("order_id,amount\n1,2\n") }
        let given = try plan("order_id,amount\n1,2\n", channel: .pos)
        #expect(given.channel == .pos)
    }

    @Test func kindNarrowsTheDialect() throws {
        #expect(throws: ImportError.noHeader(file: "f.csv", kind: .customers)) {
            try plan(Self.tmallHeader + "\n", kind: .customers)
        }
        #expect(try plan("customer_id,channel,phone\nu1,jd,13812345678\n").kind == .customers)
    }

    @Test func missingRequiredColumn() {
        #expect(throws: ImportError.missingColumns(file: "f.csv", line: 1, fields: [.occurredAt], dialect: "events")) {
            try plan("event_type,customer_id,channel\nview,u1,miniapp\n")
        }
        // A mapping that finds the file's amount but names no order id column.
        let mapping = ImportMapping(kind: .orders, channel: .jd, columns: [.amount: "实付"])
        #expect(throws: ImportError.missingColumns(file: "f.csv", line: 2, fields: [.orderID], dialect: "orders")) {
            try plan("ERP导出\n单号,实付\n1,2\n", mapping: mapping)
        }
    }

    @Test func noHeaderAndEmptyFiles() {
        #expect(throws: ImportError.noHeader(file: "f.csv", kind: nil)) { try plan("foo,bar\n1,2\n") }
        #expect(throws: ImportError.empty(file: "f.csv")) { try plan("") }
        #expect(throws: ImportError.empty(file: "f.csv")) { try plan("\n\r\n,,\n") }
        // Only the first 20 rows are searched for the header.
        let late = String(repeating: "title\n", count: 20) + "order_id,channel\n1,jd\n"
        #expect(throws: ImportError.noHeader(file: "f.csv", kind: nil)) { try plan(late) }
    }

    @Test func mappingFileMapsUnknownHeaders() throws {
        let mappingText = """
            # our ERP's export
            kind = orders
            channel = jd

            order_id = 单号
            customer_id = 下单人
            amount = 实付 金额
            paid_at = 付款时间
            status = 状态
            status.已完成 = paid
            status.已 退款 = refunded
            """
        let mapping = try ImportMapping.parse(mappingText, source: "erp.map")
        #expect(mapping.kind == .orders)
        #expect(mapping.channel == .jd)
        #expect(mapping.columns[.amount] == "实付金额")
        #expect(mapping.statuses == ["已完成": .paid, "已退款": .refunded])

        let plan = try plan("ERP 订单导出\n单号,下单人,实付金额 ,付款时间,状态\nA1,u1,1.00,2024-11-11,已完成\n", mapping: mapping)
        #expect(plan.headerLine == 2)
        #expect(plan.dialectName == "orders+mapping")
        #expect(plan.channel == .jd)
        #expect(plan.column(.orderID) == 0)
        #expect(plan.column(.customerID) == 1)
        #expect(plan.column(.amount) == 2)
        #expect(plan.column(.paidAt) == 3)
        #expect(plan.column(.status) == 4)
        #expect(plan.statuses["已完成"] == .paid)
        #expect(plan.statuses["paid"] == .paid)  // canonical words still work
    }

    @Test func mappingOverridesPartOfADialect() throws {
        let mapping = try ImportMapping.parse("dialect = tmall-order-report\nphone = 收货人手机\n", source: "m")
        let plan = try plan("订单编号,买家实际支付金额,联系手机,收货人手机\n1,2,3,4\n", mapping: mapping)
        #expect(plan.dialectName == "tmall-order-report+mapping")
        #expect(plan.column(.phone) == 3)
        #expect(plan.channel == .tmall)
    }

    @Test func mappedHeaderMissingFromTheFile() {
        let mapping = ImportMapping(kind: .orders, channel: .jd, columns: [.orderID: "单号", .amount: "金额"])
        let error = #expect(throws: ImportError.self) { try plan("单号,实付\n1,2\n", mapping: mapping) }
        guard case .mapping(_, _, let reason)? = error else { Issue.record("expected a mapping error, got \(String(describing: error))"); return }
        #expect(reason.contains("金额") && reason.contains("f.csv"))
    }

    @Test(arguments: [
        ("kind = orders\nfoo", 2, "expected 'field = header'"),
        ("\n# comment\nkind = things", 3, "kind must be"),
        ("dialect = nope", 1, "unknown dialect 'nope'"),
        ("kind = orders\nchannel = 天猫", 2, "channel '天猫'"),
        ("status.x = on-hold", 1, "status 'on-hold'"),
        ("after_sales.x = paid", 1, "after-sales outcome 'paid'"),
        ("order_id = 单号\ncolour = 颜色", 2, "unknown field 'colour'"),
        ("order_id =", 1, "'order_id' has no value"),
    ] as [(String, Int, String)])
    func mappingErrorsNameTheirLine(text: String, line: Int, reason: String) {
        let error = #expect(throws: ImportError.self) { try ImportMapping.parse(text, source: "m.txt") }
        guard case .mapping(let source, let errorLine, let message)? = error else {
            Issue.record("expected a mapping error, got \(String(describing: error))")
            return
        }
        #expect(source == "m.txt")
        #expect(errorLine == line)
        #expect(message.contains(reason), "\(message)")
    }

    @Test
    func mappingFileWithCRLF() throws {
        let mapping = try ImportMapping.parse("kind = orders\r\norder_id = 单号\r\nchannel = jd\r\n", source: "m")
        #expect(mapping.kind == .orders)
        #expect(mapping.columns[.orderID] == "单号")
        #expect(mapping.channel == .jd)
    }

    @Test func statusWordsNormalise() {
        #expect(StatusWords.normalize("买家已付款，等待卖家发货") == "买家已付款,等待卖家发货")
        #expect(StatusWords.normalize(" PAID\u{3000}") == "paid")
        #expect(StatusWords.normalize("退款（部分）：是") == "退款(部分):是")
    }

    @Test func dialectsAreFoundByName() {
        #expect(Dialects.named("tmall-order-report")?.channel == .tmall)
        #expect(Dialects.named("orders")?.kind == .orders)
        #expect(Dialects.named("nope") == nil)
    }
}
