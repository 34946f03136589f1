/// `xl/sharedStrings.xml`, each string kept ready to be copied into the CSV: escapes decoded, quoted if
/// needed, line breaks turned into spaces. All strings share one byte array.
struct SharedStringsTable: XMLEventHandler {
    /// Every string's CSV field, one after the other.
    private(set) var fieldBytes: [UInt8] = []
    /// Where each string's field ends in `fieldBytes`; it starts where the previous one ends.
    private var fieldEnds: [Int] = []

    private var inItem = false
    private var inPhonetic = false
    private var inText = false
    private var itemText: [UInt8] = []
    private var unescaped: [UInt8] = []

    var count: Int { fieldEnds.count }

    /// Where string `index` lies in `fieldBytes`, nil when there is no such string.
    @inline(__always)
    func fieldRange(at index: Int) -> Range<Int>? {
        guard index < fieldEnds.count else { return nil }
        return (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    // MARK: XMLEventHandler

    var wantsText: Bool { inText }

    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
        let name = tag.localName
        if name.matches("si") {
            inItem = true
            itemText.removeAll(keepingCapacity: true)
        } else if name.matches("t") {
            inText = inItem && !inPhonetic
        } else if name.matches("rPh") {
            inPhonetic = true
        } else if name.matches("sst"), let unique = tag.attribute("uniqueCount")?.unsignedInteger {
            fieldEnds.reserveCapacity(min(unique, 1 << 22))
        }
    }

    mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError) {
        if localName.matches("t") {
            inText = false
        } else if localName.matches("rPh") {
            inPhonetic = false
        } else if localName.matches("si") {
            inItem = false
            appendItem()
        }
    }

    mutating func text(_ text: XMLByteSpan) throws(XLSXError) {
        itemText.append(contentsOf: text.bytes)
    }

    private mutating func appendItem() {
        let text = itemText
        text.withUnsafeBufferPointer { raw in
            if XStringEscapes.contains(in: raw) {
                unescaped.removeAll(keepingCapacity: true)
                XStringEscapes.appendDecoded(raw, to: &unescaped)
                let decoded = unescaped
                decoded.withUnsafeBufferPointer { CSVField.append($0, to: &fieldBytes) }
            } else {
                CSVField.append(raw, to: &fieldBytes)
            }
        }
        fieldEnds.append(fieldBytes.count)
    }
}
