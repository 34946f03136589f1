/// What `xl/workbook.xml` says that matters here: the first sheet in workbook order and the date system.
struct WorkbookDescription: XMLEventHandler {
    struct SheetReference: Equatable {
        var name: String
        var relationshipID: String
    }

    private(set) var firstSheet: SheetReference?
    private(set) var usesDate1904 = false

    var wantsText: Bool { false }

    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
        if tag.localName.matches("sheet"), firstSheet == nil {
            var name = ""
            var relationshipID = ""
            tag.forEachAttribute { attribute, value in
                if attribute.matches("name") { name = value.decodedString }
                // r:id; its namespace prefix varies, and no other sheet attribute is called id.
                if attribute.matches("id") { relationshipID = value.decodedString }
            }
            firstSheet = SheetReference(name: name, relationshipID: relationshipID)
        } else if tag.localName.matches("workbookPr"), let value = tag.attribute("date1904") {
            usesDate1904 = value.matches("1") || value.matches("true")
        }
    }

    mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError) {}
    mutating func text(_ text: XMLByteSpan) throws(XLSXError) {}
}
