/// Turns a worksheet's XML events into CSV bytes as they arrive: CSV line N is sheet row N.
/// Rows missing from the sheet become empty lines; trailing empty cells and rows are left out.
struct SheetCSVConverter: XMLEventHandler {
    struct Context {
        var partName: String
        var sharedStrings: SharedStringsTable
        var dateStyles: [DateStyle]
        var usesDate1904: Bool
    }

    let context: Context
    private(set) var csv: [UInt8] = []
    /// Lines terminated so far: the last sheet row that had something in it.
    private(set) var linesWritten = 0

    private var rowNumber = 0
    private var isInRow = false
    /// Column of the previous `<c>` in this row, written or not.
    private var previousColumn = -1
    /// Column of the last cell written to this row's line; -1 while the line is empty.
    private var lastWrittenColumn = -1

    private var isInCell = false
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellDateStyle = DateStyle.none
    private var isInInlineString = false
    private var isInPhonetic = false
    private var isCapturing = false
    /// The cell's `<v>` text, or its inline string.
    private var cellValue: [UInt8] = []
    private var unescaped: [UInt8] = []

    /// `expectedBytes` reserves room for the CSV, so that it is not copied as it grows; pages the CSV does
    /// not reach are never touched, so a generous guess costs no memory.
    init(context: Context, expectedBytes: Int = 0) {
        self.context = context
        csv.reserveCapacity(expectedBytes)
    }

    var wantsText: Bool { isCapturing }

    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
        let name = tag.localName
        switch name.count {
        case 1:
            if name.matches("c") {
                try startCell(tag)
            } else if name.matches("v") {
                isCapturing = isInCell
            } else if name.matches("t") {
                isCapturing = isInInlineString && !isInPhonetic
            }
        case 2:
            if name.matches("is") { isInInlineString = isInCell }
        case 3:
            if name.matches("row") {
                try startRow(tag)
            } else if name.matches("rPh") {
                isInPhonetic = true
            }
        default:
            break
        }
    }

    mutating func endElement(_ name: XMLByteSpan) throws(XLSXError) {
        switch name.count {
        case 1:
            if name.matches("c") {
                try endCell()
            } else if name.matches("v") || name.matches("t") {
                isCapturing = false
            }
        case 2:
            if name.matches("is") { isInInlineString = false }
        case 3:
            if name.matches("row") {
                endRow()
            } else if name.matches("rPh") {
                isInPhonetic = false
            }
        default:
            break
        }
    }

    mutating func text(_ text: XMLByteSpan) throws(XLSXError) {
        cellValue.append(contentsOf: text.bytes)
    }

    // MARK: Rows and cells

    private mutating func startRow(_ tag: XMLStartTag) throws(XLSXError) {
        var number = rowNumber + 1
        if let reference = tag.attribute("r") {
            guard let value = reference.unsignedInteger, value >= 1, value <= CellReference.maximumRows else {
                throw XLSXError("\(context.partName): after row \(rowNumber): bad row number r=\"\(reference.decodedString)\"")
            }
            number = value
        }
        guard number > rowNumber else {
            throw XLSXError("\(context.partName): row \(number) comes after row \(rowNumber); rows must be in order")
        }
        rowNumber = number
        isInRow = true
        previousColumn = -1
        lastWrittenColumn = -1
    }

    private mutating func endRow() {
        if lastWrittenColumn >= 0 {
            csv.append(0x0A)
            linesWritten = rowNumber
        }
        isInRow = false
    }

    private mutating func startCell(_ tag: XMLStartTag) throws(XLSXError) {
        guard isInRow else {
            throw XLSXError("\(context.partName): after row \(rowNumber): a cell outside any row")
        }
        var reference: XMLByteSpan?
        var typeName: XMLByteSpan?
        var styleIndex: XMLByteSpan?
        tag.forEachAttribute { name, value in
            guard name.count == 1 else { return }
            switch name.bytes[0] {
            case UInt8(ascii: "r"): reference = value
            case UInt8(ascii: "t"): typeName = value
            case UInt8(ascii: "s"): styleIndex = value
            default: break
            }
        }
        var column = previousColumn + 1
        if let reference {
            guard let index = CellReference.columnIndex(of: reference) else {
                throw XLSXError("\(context.partName): row \(rowNumber): bad cell reference r=\"\(reference.decodedString)\"")
            }
            column = index
        }
        var type = CellType.number
        if let typeName {
            guard let parsed = CellType(typeName) else {
                throw XLSXError("\(context.partName): row \(rowNumber): unknown cell type t=\"\(typeName.decodedString)\"")
            }
            type = parsed
        }
        var dateStyle = DateStyle.none
        if let style = styleIndex?.unsignedInteger, style < context.dateStyles.count {
            dateStyle = context.dateStyles[style]
        }
        guard column > previousColumn else {
            throw XLSXError("\(cellLocation(column: column)) comes after cell \(CellReference.name(column: previousColumn, row: rowNumber)); cells must be in order")
        }
        guard column < CellReference.maximumColumns else {
            throw XLSXError("\(cellLocation(column: column)): beyond Excel's last column XFD")
        }
        previousColumn = column
        cellColumn = column
        cellType = type
        cellDateStyle = dateStyle
        cellValue.removeAll(keepingCapacity: true)
        isInCell = true
    }

    private mutating func endCell() throws(XLSXError) {
        isInCell = false
        isCapturing = false
        isInInlineString = false
        guard !cellValue.isEmpty else { return }
        let mark = (count: csv.count, lastWrittenColumn: lastWrittenColumn, linesWritten: linesWritten)
        startField(column: cellColumn)
        let contentStart = csv.count
        do throws(XLSXError) {
            try CellValueText.append(&cellValue, type: cellType, dateStyle: cellDateStyle, context: context,
                                     scratch: &unescaped, to: &csv)
        } catch {
            throw XLSXError("\(cellLocation(column: cellColumn)): \(error.reason)")
        }
        if csv.count == contentStart {
            // Nothing to show (an empty shared string): take the separators back.
            csv.removeLast(csv.count - mark.count)
            lastWrittenColumn = mark.lastWrittenColumn
            linesWritten = mark.linesWritten
        }
    }

    /// Writes the empty lines of missing rows before a row's first field, and the commas before every field.
    private mutating func startField(column: Int) {
        var separators = column - lastWrittenColumn
        if lastWrittenColumn < 0 {
            while linesWritten < rowNumber - 1 {
                csv.append(0x0A)
                linesWritten += 1
            }
            separators = column
        }
        for _ in 0..<separators { csv.append(UInt8(ascii: ",")) }
        lastWrittenColumn = column
    }

    /// `xl/worksheets/sheet1.xml: row 17: cell C17`.
    func cellLocation(column: Int) -> String {
        "\(context.partName): row \(rowNumber): cell \(CellReference.name(column: column, row: rowNumber))"
    }
}
