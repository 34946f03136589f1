import RegularsSpreadsheet
import Testing

@Suite("Which sheet is read")
struct SheetOrderTests {
    /// The first tab is 汇总, stored as sheet3.xml with an absolute target; sheet1.xml is the second tab.
    @Test func firstSheetInWorkbookOrder() throws {
        let workbook = HandMadeWorkbook(parts: [
            ("xl/workbook.xml", HandMadeWorkbook.workbook(sheets: [("汇总", "rId3"), ("明细", "rId1")])),
            ("xl/_rels/workbook.xml.rels", HandMadeWorkbook.relationships([
                ("rId1", "worksheets/sheet1.xml"), ("rId3", "/xl/worksheets/sheet3.xml"),
            ])),
            ("xl/worksheets/sheet1.xml", HandMadeWorkbook.worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")),
            ("xl/worksheets/sheet3.xml", HandMadeWorkbook.worksheet("<row r=\"1\"><c r=\"A1\"><v>3</v></c></row>")),
        ])
        let sheet = try XLSXReader.csvBytes(of: try workbook.zipped())
        #expect(sheet.name == "汇总")
        #expect(String(decoding: sheet.csv, as: UTF8.self) == "3\n")
    }

    @Test func relativeTargetWithDotSegments() throws {
        let workbook = HandMadeWorkbook(parts: [
            ("xl/workbook.xml", HandMadeWorkbook.workbook(sheets: [("Data", "rId9")])),
            ("xl/_rels/workbook.xml.rels", HandMadeWorkbook.relationships([("rId9", "./sheets/../worksheets/data.xml")])),
            ("xl/worksheets/data.xml", HandMadeWorkbook.worksheet("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        ])
        #expect(try csvText(of: workbook.zipped()) == "\n,x\n")
    }
}
