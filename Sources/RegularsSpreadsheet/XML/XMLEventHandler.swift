/// Receives what `XMLTokenizer` finds. Spans are only valid during the call.
/// A self-closing tag produces `startElement` then `endElement`.
protocol XMLEventHandler {
    /// Text is decoded and delivered only while this is true, which keeps skipped whitespace and
    /// uninteresting elements cheap.
    var wantsText: Bool { get }
    mutating func startElement(_ tag: XMLStartTag) throws(XLSXError)
    mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError)
    /// Entity-decoded character data; one text node may arrive in several pieces.
    mutating func text(_ text: XMLByteSpan) throws(XLSXError)
}
