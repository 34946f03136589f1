/// A start tag as the tokenizer saw it. Attributes are parsed only when asked for, in one pass.
struct XMLStartTag {
    /// The element name without its namespace prefix (`row` for `<x:row>`).
    let localName: XMLByteSpan
    /// Everything between the element name and the closing `>` or `/>`.
    let attributeBytes: XMLByteSpan
    let isSelfClosing: Bool

    /// Calls `body` with each attribute's local name and raw (entity-encoded) value, in document order.
    @inline(__always)
    func forEachAttribute<Failure: Error>(
        _ body: (_ localName: XMLByteSpan, _ rawValue: XMLByteSpan) throws(Failure) -> Void
    ) throws(Failure) {
        guard let base = attributeBytes.bytes.baseAddress else { return }
        let count = attributeBytes.count
        var index = 0
        while true {
            while index < count, XMLTokenizer.isWhitespace(base[index]) { index += 1 }
            guard index < count else { return }
            let nameStart = index
            var localStart = index
            while index < count, base[index] != UInt8(ascii: "="), !XMLTokenizer.isWhitespace(base[index]) {
                if base[index] == UInt8(ascii: ":") { localStart = index + 1 }
                index += 1
            }
            let nameEnd = index
            while index < count, XMLTokenizer.isWhitespace(base[index]) { index += 1 }
            guard index < count, base[index] == UInt8(ascii: "="), nameEnd > nameStart else { return }
            index += 1
            while index < count, XMLTokenizer.isWhitespace(base[index]) { index += 1 }
            guard index < count else { return }
            let quote = base[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return }
            let valueStart = index + 1
            index = valueStart
            while index < count, base[index] != quote { index += 1 }
            guard index < count else { return }
            try body(XMLByteSpan(start: base + localStart, count: nameEnd - localStart),
                     XMLByteSpan(start: base + valueStart, count: index - valueStart))
            index += 1
        }
    }

    /// The raw value of the first attribute with this local name.
    func attribute(_ localName: StaticString) -> XMLByteSpan? {
        var found: XMLByteSpan?
        forEachAttribute { name, value in
            if found == nil, name.matches(localName) { found = value }
        }
        return found
    }
}
