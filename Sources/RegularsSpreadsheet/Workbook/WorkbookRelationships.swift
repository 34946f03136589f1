/// `xl/_rels/workbook.xml.rels`: which part each relationship id of the workbook points to.
struct WorkbookRelationships: XMLEventHandler {
    struct Relationship {
        var id: String
        var type: String
        /// The part's path in the archive, resolved against `xl/`.
        var path: String
    }

    private(set) var relationships: [Relationship] = []

    var wantsText: Bool { false }

    func path(ofID id: String) -> String? {
        relationships.first { $0.id == id }?.path
    }

    /// The first part of a type such as `…/relationships/sharedStrings`.
    func path(ofTypeEndingWith suffix: String) -> String? {
        relationships.first { $0.type.hasSuffix(suffix) }?.path
    }

    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
        guard tag.localName.matches("Relationship") else { return }
        var relationship = Relationship(id: "", type: "", path: "")
        var isExternal = false
        tag.forEachAttribute { name, value in
            if name.matches("Id") { relationship.id = value.decodedString }
            if name.matches("Type") { relationship.type = value.decodedString }
            if name.matches("Target") { relationship.path = Self.resolve(target: value.decodedString) }
            if name.matches("TargetMode") { isExternal = value.matches("External") }
        }
        if !isExternal { relationships.append(relationship) }
    }

    mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError) {}
    mutating func text(_ text: XMLByteSpan) throws(XLSXError) {}

    /// `worksheets/sheet1.xml` is relative to `xl/`; `/xl/worksheets/sheet1.xml` is from the package root.
    static func resolve(target: String) -> String {
        let isAbsolute = target.hasPrefix("/")
        var segments: [Substring] = isAbsolute ? [] : ["xl"]
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}
