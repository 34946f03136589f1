/// `xl/styles.xml` reduced to what the CSV needs: for each cell style (`s` index), whether it shows
/// numbers as dates.
struct CellStyles: XMLEventHandler {
    private var customFormats: [Int: DateStyle] = [:]
    /// The number format id of each `<cellXfs><xf>`, in order.
    private var formatIDs: [Int] = []
    private var inCellFormats = false

    /// Indexed by a cell's `s` attribute.
    var dateStyles: [DateStyle] {
        formatIDs.map { customFormats[$0] ?? DateFormatClassifier.style(builtInFormatID: $0) }
    }

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
        let name = tag.localName
        if name.matches("xf"), inCellFormats {
            formatIDs.append(tag.attribute("numFmtId")?.unsignedInteger ?? 0)
        } else if name.matches("cellXfs") {
            inCellFormats = !tag.isSelfClosing
        } else if name.matches("numFmt"), let id = tag.attribute("numFmtId")?.unsignedInteger {
            let code = tag.attribute("formatCode")?.decodedString ?? ""
            customFormats[id] = DateFormatClassifier.style(formatCode: Array(code.utf8))
        }
    }

    mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError) {
        if localName.matches("cellXfs") { inCellFormats = false }
    }

    mutating func text(_ text: XMLByteSpan) throws(XLSXError) {}
}
