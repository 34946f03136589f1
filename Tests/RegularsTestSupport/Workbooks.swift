import RegularsSpreadsheet

/// An .xlsx workbook whose first sheet holds `rows`, as a platform's export would.
public func xlsx(_ rows: [[XLSXCell]], inlineStrings: Bool = false) throws -> [UInt8] {
    var writer = XLSXWriter(sheetName: "订单")
    writer.useInlineStrings = inlineStrings
    for row in rows { writer.append(row) }
    return try writer.data()
}

/// Rows of text cells from simple comma-separated lines (no quoting; an empty cell is left empty), for building
/// workbooks from the same header lists as the CSV tests.
public func textCells(_ text: String) -> [[XLSXCell]] {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.map { line in
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.isEmpty ? XLSXCell.empty : .text(String($0)) }
    }
}
