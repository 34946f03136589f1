/// Reads the first worksheet of an .xlsx workbook into CSV, streaming the sheet's XML.
public enum XLSXReader {
    public static func csvBytes(of xlsx: [UInt8]) throws(XLSXError) -> XLSXSheet {
        try csvBytes(of: xlsx, chunkSize: XLSXPackage.chunkSize)
    }

    /// `chunkSize` is how many decompressed bytes the tokenizer gets at a time (tests make it tiny).
    static func csvBytes(of xlsx: [UInt8], chunkSize: Int) throws(XLSXError) -> XLSXSheet {
        let package = try XLSXPackage(bytes: xlsx)
        let workbookPath = "xl/workbook.xml"
        guard package.contains(workbookPath) else { throw XLSXError("not an .xlsx workbook: no \(workbookPath)") }
        let workbook = try package.parse(workbookPath, as: WorkbookDescription())
        guard let sheet = workbook.firstSheet else { throw XLSXError("\(workbookPath): the workbook has no sheet") }

        let relationships = try package.parse("xl/_rels/workbook.xml.rels", as: WorkbookRelationships())
        guard let sheetPath = relationships.path(ofID: sheet.relationshipID) else {
            throw XLSXError("xl/_rels/workbook.xml.rels: no relationship \"\(sheet.relationshipID)\" for sheet \"\(sheet.name)\"")
        }
        guard package.contains(sheetPath) else {
            throw XLSXError("not an .xlsx workbook: no \(sheetPath) for sheet \"\(sheet.name)\"")
        }

        let sharedStringsPath = relationships.path(ofTypeEndingWith: "/sharedStrings") ?? "xl/sharedStrings.xml"
        let sharedStrings = package.contains(sharedStringsPath)
            ? try package.parse(sharedStringsPath, as: SharedStringsTable()) : SharedStringsTable()
        let stylesPath = relationships.path(ofTypeEndingWith: "/styles") ?? "xl/styles.xml"
        let styles = package.contains(stylesPath) ? try package.parse(stylesPath, as: CellStyles()) : CellStyles()

        // The CSV is usually less than half the size of the sheet's XML.
        let expectedCSVBytes = min(package.declaredSize(of: sheetPath) / 2, 512 << 20)
        var converter = SheetCSVConverter(
            context: .init(partName: sheetPath, sharedStrings: sharedStrings,
                           dateStyles: styles.dateStyles, usesDate1904: workbook.usesDate1904),
            expectedBytes: expectedCSVBytes)
        try package.parse(sheetPath, into: &converter, chunkSize: chunkSize)
        return XLSXSheet(name: sheet.name, csv: converter.csv, rows: converter.linesWritten)
    }
}
