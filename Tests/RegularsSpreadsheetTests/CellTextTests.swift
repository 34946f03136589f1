@testable import RegularsSpreadsheet
import Testing

@Suite("Cell text conversions")
struct CellTextTests {
    private func converted(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) -> String {
        var output: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer { body($0, &output) }
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        ("34", "34"), ("34.0", "34"), ("-0", "0"), ("-0.50", "-0.5"), ("007", "7"), (".5", "0.5"),
        ("1299.5", "1299.5"), ("0.1", "0.1"), ("0.00001", "0.00001"), ("123456789012.345", "123456789012.345"),
        ("0.30000000000000004", "0.30000000000000004"), ("1.5E-3", "0.0015"), ("1E+3", "1000"),
        ("1.5e-05", "1.5e-05"), ("3456789012345678901", "3456789012345678901"),
        ("3.456789012345679E+18", "3.456789012345679E+18"), ("9007199254740991", "9007199254740991"),
        ("abc", "abc"), ("1,5", "\"1,5\""),
    ])
    func numbers(vText: String, csv: String) {
        #expect(converted(vText) { NumericCellText.append($0, to: &$1) } == csv)
    }

    @Test(arguments: [
        (25569.0, false, false, "1970-01-01"), (25569.0, false, true, "1970-01-01 00:00:00"),
        (45356.588298611111, false, false, "2024-03-05 14:07:09"), (45356.99999999, false, false, "2024-03-06"),
        (1.0, false, false, "1900-01-01"), (59.0, false, false, "1900-02-28"), (61.0, false, false, "1900-03-01"),
        (0.5, false, true, "1899-12-30 12:00:00"), (0.0, true, false, "1904-01-01"),
        (24107.0, true, false, "1970-01-01"), (2_958_465.0, false, false, "9999-12-31"),
    ])
    func serialDates(serial: Double, date1904: Bool, withTime: Bool, text: String) {
        var output: [UInt8] = []
        #expect(ExcelSerialDate.append(serial: serial, date1904: date1904, alwaysWithTime: withTime, to: &output))
        #expect(String(decoding: output, as: UTF8.self) == text)
    }

    @Test func serialsThatAreNotDates() {
        var output: [UInt8] = []
        for serial in [-1.0, 3_000_000, .nan, .infinity] {
            #expect(!ExcelSerialDate.append(serial: serial, date1904: false, alwaysWithTime: false, to: &output))
        }
        #expect(output.isEmpty)
    }

    @Test func writerSerialsMatchReader() {
        #expect(ExcelSerialDate.serial(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0) == 25569)
        #expect(ExcelSerialDate.serial(year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0) == 1)
        #expect(ExcelSerialDate.serial(year: 1900, month: 3, day: 1, hour: 12, minute: 0, second: 0) == 61.5)
    }

    @Test(arguments: [
        ("yyyy/mm/dd hh:mm:ss", DateStyle.dateTime), ("yyyy-mm-dd", .date), ("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", .date),
        ("yyyy\"年\"m\"月\"d\"日\"", .date), ("[h]:mm:ss", .dateTime), ("h:mm AM/PM", .dateTime),
        ("General", .none), ("0.00", .none), ("#,##0.00_);[Red]\\(#,##0.00\\)", .none), ("\"day\" 0", .none),
        ("[$¥-804]#,##0.00", .none), ("0.00E+00", .none), ("@", .none), ("_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-", .none),
    ])
    func formatCodes(code: String, style: DateStyle) {
        #expect(DateFormatClassifier.style(formatCode: Array(code.utf8)) == style)
    }

    @Test func builtInFormats() {
        #expect(DateFormatClassifier.style(builtInFormatID: 14) == .date)
        #expect(DateFormatClassifier.style(builtInFormatID: 22) == .dateTime)
        #expect(DateFormatClassifier.style(builtInFormatID: 31) == .date)
        #expect(DateFormatClassifier.style(builtInFormatID: 46) == .dateTime)
        #expect(DateFormatClassifier.style(builtInFormatID: 57) == .date)
        for plain in [0, 1, 2, 4, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49, 59] {
            #expect(DateFormatClassifier.style(builtInFormatID: plain) == .none, "format \(plain)")
        }
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a\nb", "a b"),
        ("a\r\nb", "a b"), ("a\r\rb", "a  b"), ("x,\ny", "\"x, y\""), ("买家已付款，等待卖家发货", "买家已付款，等待卖家发货"),
    ])
    func csvFields(text: String, field: String) {
        #expect(converted(text) { CSVField.append($0, to: &$1) } == field)
    }

    @Test(arguments: [
        ("a_x000D_b", "a\rb"), ("_x005F_x000D_", "_x000D_"), ("_xD83D__xDE00_", "😀"), ("_xD83D_", "\u{FFFD}"),
        ("_x00zz_", "_x00zz_"), ("_x4E2D_文", "中文"), ("no escapes", "no escapes"),
    ])
    func xstringEscapes(text: String, decoded: String) {
        #expect(converted(text) { XStringEscapes.appendDecoded($0, to: &$1) } == decoded)
    }

    @Test func columnReferences() {
        func column(_ reference: String) -> Int? {
            Array(reference.utf8).withUnsafeBufferPointer { CellReference.columnIndex(of: XMLByteSpan($0)) }
        }
        #expect(column("A1") == 0)
        #expect(column("Z9") == 25)
        #expect(column("AA10") == 26)
        #expect(column("XFD1048576") == 16_383)
        #expect(column("17") == nil)
        #expect(column("ABCD1") == nil)
        #expect(CellReference.name(column: 16_383, row: 5) == "XFD5")
        #expect(CellReference.name(column: 27, row: 1) == "AB1")
    }
}
