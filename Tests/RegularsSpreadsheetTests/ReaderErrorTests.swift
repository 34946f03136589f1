import RegularsSpreadsheet
import Testing

@Suite("Reader errors")
struct ReaderErrorTests {
    private func error(reading bytes: [UInt8]) -> XLSXError? {
        do {
            _ = try XLSXReader.csvBytes(of: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func notAZip() {
        #expect(error(reading: Array("订单编号,金额\n1,2\n".utf8))?.reason == "not an .xlsx workbook: not a ZIP archive")
        #expect(error(reading: [])?.reason == "not an .xlsx workbook: not a ZIP archive")
        #expect(error(reading: [0x50, 0x4B, 0x03, 0x04, 0, 0, 0])?.reason.hasPrefix("not an .xlsx workbook: unreadable ZIP archive") == true)
    }

    @Test func encryptedWorkbookIsAnOLEFile() {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)
        #expect(error(reading: ole)?.reason.hasPrefix("not an .xlsx workbook: an OLE compound file") == true)
    }

    @Test func zipWithoutWorkbook() throws {
        let zip = try HandMadeWorkbook(parts: [("word/document.xml", "<document/>")]).zipped()
        #expect(error(reading: zip)?.reason == "not an .xlsx workbook: no xl/workbook.xml")
    }

    @Test func sharedStringIndexOutOfRange() throws {
        let rows = "<row r=\"17\"><c r=\"B17\" t=\"s\"><v>0</v></c><c r=\"C17\" t=\"s\"><v>99</v></c></row>"
        let zip = try HandMadeWorkbook(rows: rows, sharedStrings: "<sst><si><t>a</t></si></sst>").zipped()
        #expect(error(reading: zip)?.reason == "xl/worksheets/sheet1.xml: row 17: cell C17: unknown shared string index 99")
    }

    @Test func sharedStringWithoutTable() throws {
        let zip = try HandMadeWorkbook(rows: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>").zipped()
        #expect(error(reading: zip)?.reason == "xl/worksheets/sheet1.xml: row 1: cell A1: unknown shared string index 0")
    }

    @Test func rowsOutOfOrder() throws {
        let zip = try HandMadeWorkbook(rows: "<row r=\"5\"/><row r=\"3\"/>").zipped()
        #expect(error(reading: zip)?.reason == "xl/worksheets/sheet1.xml: row 3 comes after row 5; rows must be in order")
    }

    @Test func truncatedXML() throws {
        let zip = try HandMadeWorkbook(parts: [
            ("xl/workbook.xml", HandMadeWorkbook.workbook(sheets: [("S", "rId1")])),
            ("xl/_rels/workbook.xml.rels", HandMadeWorkbook.relationships([("rId1", "worksheets/sheet1.xml")])),
            ("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r="),
        ]).zipped()
        #expect(error(reading: zip)?.reason.hasPrefix("xl/worksheets/sheet1.xml: the XML ends inside a tag") == true)
    }

    @Test func missingSheetPart() throws {
        let zip = try HandMadeWorkbook(parts: [
            ("xl/workbook.xml", HandMadeWorkbook.workbook(sheets: [("订单", "rId1")])),
            ("xl/_rels/workbook.xml.rels", HandMadeWorkbook.relationships([("rId1", "worksheets/sheet1.xml")])),
        ]).zipped()
        #expect(error(reading: zip)?.reason == "not an .xlsx workbook: no xl/worksheets/sheet1.xml for sheet \"订单\"")
    }
}
