import RegularsSpreadsheet

/// Test helpers: read a workbook and look at its CSV as text.
func csvText(of xlsx: [UInt8]) throws -> String {
    String(decoding: try XLSXReader.csvBytes(of: xlsx).csv, as: UTF8.self)
}

func workbook(_ rows: [[XLSXCell]], inlineStrings: Bool = false, sheetName: String = "Sheet1") throws -> [UInt8] {
    var writer = XLSXWriter(sheetName: sheetName)
    writer.useInlineStrings = inlineStrings
    for row in rows { writer.append(row) }
    return try writer.data()
}
