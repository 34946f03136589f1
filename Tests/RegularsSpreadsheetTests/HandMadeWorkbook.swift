import Foundation
import ZIPFoundation

/// Workbooks whose XML a test writes by hand, zipped with ZIPFoundation, to read what other producers write.
struct HandMadeWorkbook {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    var parts: [(path: String, xml: String)]

    /// One sheet at `xl/worksheets/sheet1.xml` whose `<sheetData>` content is `rows`.
    init(rows: String, sharedStrings: String? = nil, styles: String? = nil, workbookProperties: String = "") {
        parts = [
            ("xl/workbook.xml", Self.workbook(sheets: [("Sheet1", "rId1")], properties: workbookProperties)),
            ("xl/_rels/workbook.xml.rels", Self.relationships([("rId1", "worksheets/sheet1.xml")])),
            ("xl/worksheets/sheet1.xml", Self.worksheet(rows)),
        ]
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
        if let styles { parts.append(("xl/styles.xml", styles)) }
    }

    init(parts: [(path: String, xml: String)]) {
        self.parts = parts
    }

    func zipped() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            let data = Data(part.xml.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    static func workbook(sheets: [(name: String, relationshipID: String)], properties: String = "") -> String {
        let sheetElements = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"\(sheet.relationshipID)\"/>"
        }
        return "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">\(properties)"
            + "<sheets>\(sheetElements.joined())</sheets></workbook>"
    }

    static func relationships(_ targets: [(id: String, target: String)]) -> String {
        let elements = targets.map {
            "<Relationship Id=\"\($0.id)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"\($0.target)\"/>"
        }
        return "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + elements.joined() + "</Relationships>"
    }

    static func worksheet(_ rows: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"\(mainNamespace)\"><sheetData>\(rows)</sheetData></worksheet>"
    }
}
