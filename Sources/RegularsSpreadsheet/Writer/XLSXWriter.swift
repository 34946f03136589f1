/// Builds a minimal .xlsx workbook with one sheet, for tests and benchmarks.
/// Rows are encoded as they are appended, into one byte buffer.
public struct XLSXWriter: Sendable {
    public let sheetName: String
    /// Write text as inline strings (`t="inlineStr"`) rather than into the shared strings table.
    /// Applies to the rows appended after it is set.
    public var useInlineStrings = false
    /// Rows appended so far, empty ones included.
    public private(set) var rowCount = 0

    /// The `<row>` elements of the sheet.
    private var sheetRows: [UInt8] = []
    private var sharedStrings: [String] = []
    private var sharedStringIndices: [String: Int] = [:]
    private var sharedStringReferences = 0

    public init(sheetName: String = "Sheet1") {
        self.sheetName = sheetName
    }

    /// Appends the next row; a row with no cells (or only `.empty`) is left out of the sheet, a gap.
    public mutating func append(_ cells: [XLSXCell]) {
        rowCount += 1
        guard cells.contains(where: { $0 != .empty }) else { return }
        sheetRows.append(contentsOf: "<row r=\"".utf8)
        DecimalDigits.append(Int64(rowCount), to: &sheetRows)
        sheetRows.append(contentsOf: "\">".utf8)
        for (column, cell) in cells.enumerated() {
            appendCell(cell, column: column)
        }
        sheetRows.append(contentsOf: "</row>".utf8)
    }

    public func data() throws(XLSXError) -> [UInt8] {
        let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        guard (1...31).contains(sheetName.count), !sheetName.contains(where: forbidden.contains) else {
            throw XLSXError("sheet name \"\(sheetName)\": Excel wants 1 to 31 characters, none of : \\ / ? * [ ]")
        }
        var parts: [(path: String, pieces: [[UInt8]])] = XLSXWriter.fixedParts(sheetName: sheetName).map {
            ($0.path, [$0.bytes])
        }
        parts.append(("xl/sharedStrings.xml", [sharedStringsPart()]))
        parts.append(("xl/worksheets/sheet1.xml",
                      [Array(XLSXWriter.worksheetStart.utf8), sheetRows, Array(XLSXWriter.worksheetEnd.utf8)]))
        return try ZIPBuilder.deflatedArchive(parts)
    }

    private mutating func appendCell(_ cell: XLSXCell, column: Int) {
        switch cell {
        case .empty:
            return
        case .text(let text) where useInlineStrings:
            startCell(column: column, attributes: " t=\"inlineStr\"><is><t xml:space=\"preserve\">")
            XMLTextEscaping.append(text, to: &sheetRows)
            sheetRows.append(contentsOf: "</t></is></c>".utf8)
        case .text(let text):
            startCell(column: column, attributes: " t=\"s\"><v>")
            DecimalDigits.append(Int64(sharedStringIndex(of: text)), to: &sheetRows)
            endCellValue()
        case .number(let value) where !value.isFinite:
            startCell(column: column, attributes: " t=\"e\"><v>")
            sheetRows.append(contentsOf: "#NUM!".utf8)
            endCellValue()
        case .number(let value):
            startCell(column: column, attributes: "><v>")
            if value == value.rounded(.towardZero), abs(value) < NumericCellText.largestExactInteger {
                DecimalDigits.append(Int64(value), to: &sheetRows)
            } else {
                sheetRows.append(contentsOf: value.description.utf8)
            }
            endCellValue()
        case .integer(let value):
            startCell(column: column, attributes: "><v>")
            DecimalDigits.append(value, to: &sheetRows)
            endCellValue()
        case let .date(year, month, day, hour, minute, second):
            startCell(column: column, attributes: " s=\"1\"><v>")  // cellXfs 1: yyyy-mm-dd hh:mm:ss
            let serial = ExcelSerialDate.serial(year: year, month: month, day: day,
                                                hour: hour, minute: minute, second: second)
            sheetRows.append(contentsOf: serial.description.utf8)
            endCellValue()
        }
    }

    /// `<c r="B7"` then `attributes`, which close the start tag and open the value.
    private mutating func startCell(column: Int, attributes: StaticString) {
        sheetRows.append(contentsOf: "<c r=\"".utf8)
        CellReference.appendColumnName(column, to: &sheetRows)
        DecimalDigits.append(Int64(rowCount), to: &sheetRows)
        sheetRows.append(UInt8(ascii: "\""))
        sheetRows.append(contentsOf: UnsafeBufferPointer(start: attributes.utf8Start, count: attributes.utf8CodeUnitCount))
    }

    private mutating func endCellValue() {
        sheetRows.append(contentsOf: "</v></c>".utf8)
    }

    private mutating func sharedStringIndex(of text: String) -> Int {
        sharedStringReferences += 1
        if let index = sharedStringIndices[text] { return index }
        let index = sharedStrings.count
        sharedStrings.append(text)
        sharedStringIndices[text] = index
        return index
    }

    private func sharedStringsPart() -> [UInt8] {
        var part = Array(XLSXWriter.xmlDeclaration.utf8)
        part.append(contentsOf: "<sst xmlns=\"\(XLSXWriter.mainNamespace)\" count=\"\(sharedStringReferences)\" uniqueCount=\"\(sharedStrings.count)\">".utf8)
        for text in sharedStrings {
            part.append(contentsOf: "<si><t xml:space=\"preserve\">".utf8)
            XMLTextEscaping.append(text, to: &part)
            part.append(contentsOf: "</t></si>".utf8)
        }
        part.append(contentsOf: "</sst>".utf8)
        return part
    }
}
