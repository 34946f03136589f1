import Foundation

/// An incremental, byte-level XML tokenizer for the subset of XML that OOXML parts use.
///
/// Chunks are fed as they come out of the decompressor. Markup (or an entity) cut by the end of a chunk is
/// carried over and completed by the next one, so chunk boundaries may fall anywhere. Text is handed out in
/// pieces as it arrives. No DTD processing: only the predefined entities and character references.
struct XMLTokenizer {
    let partName: String
    /// Unconsumed bytes at the end of the previous chunk: an unfinished tag or entity.
    private var carried: [UInt8] = []
    private var decodedText: [UInt8] = []
    /// Position in the whole document of the first byte not yet consumed, for error messages.
    private var documentOffset = 0

    init(partName: String) {
        self.partName = partName
    }

    mutating func feed<Handler: XMLEventHandler>(
        _ chunk: UnsafeBufferPointer<UInt8>, to handler: inout Handler
    ) throws(XLSXError) {
        guard !chunk.isEmpty else { return }
        if carried.isEmpty {
            let consumed = try parse(chunk, isFinal: false, to: &handler)
            if consumed < chunk.count {
                carried.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[consumed...]))
            }
        } else {
            var pending: [UInt8] = []
            swap(&pending, &carried)
            pending.append(contentsOf: chunk)
            let consumed = try parse(pending, isFinal: false, to: &handler)
            pending.removeSubrange(0..<consumed)
            swap(&pending, &carried)
        }
    }

    /// Call once after the last chunk.
    mutating func finish<Handler: XMLEventHandler>(to handler: inout Handler) throws(XLSXError) {
        guard !carried.isEmpty else { return }
        var pending: [UInt8] = []
        swap(&pending, &carried)
        let consumed = try parse(pending, isFinal: true, to: &handler)
        if consumed < pending.count {
            throw XLSXError("\(partName): the XML ends inside a tag (byte \(documentOffset))")
        }
    }

    private mutating func parse<Handler: XMLEventHandler>(
        _ bytes: [UInt8], isFinal: Bool, to handler: inout Handler
    ) throws(XLSXError) -> Int {
        // withUnsafeBufferPointer is rethrows, which would erase the error type.
        var result: Result<Int, XLSXError> = .success(0)
        bytes.withUnsafeBufferPointer { buffer in
            do throws(XLSXError) {
                result = .success(try parse(buffer, isFinal: isFinal, to: &handler))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// Returns how many bytes were consumed; the rest is an unfinished construct.
    private mutating func parse<Handler: XMLEventHandler>(
        _ buffer: UnsafeBufferPointer<UInt8>, isFinal: Bool, to handler: inout Handler
    ) throws(XLSXError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let count = buffer.count
        var index = 0
        defer { documentOffset += index }
        while index < count {
            if base[index] != Self.lessThan {
                let textEnd = Self.find(Self.lessThan, in: base, from: index, to: count) ?? count
                if handler.wantsText {
                    var deliverEnd = textEnd
                    if textEnd == count, !isFinal {
                        deliverEnd = Self.endBeforeUnfinishedEntity(base, from: index, to: textEnd)
                    }
                    if deliverEnd > index {
                        try deliverText(XMLByteSpan(start: base + index, count: deliverEnd - index), to: &handler)
                    }
                    if deliverEnd < textEnd {
                        index = deliverEnd
                        return index
                    }
                }
                index = textEnd
                continue
            }
            guard let next = try parseMarkup(base, at: index, count: count, to: &handler) else { return index }
            index = next
        }
        return index
    }

    /// Returns the index after the markup starting at `start` (a `<`), or nil when it is not complete yet.
    @inline(__always)
    private mutating func parseMarkup<Handler: XMLEventHandler>(
        _ base: UnsafePointer<UInt8>, at start: Int, count: Int, to handler: inout Handler
    ) throws(XLSXError) -> Int? {
        guard start + 1 < count else { return nil }
        switch base[start + 1] {
        case UInt8(ascii: "/"):
            var close = start + 2
            while close < count, base[close] != Self.greaterThan { close += 1 }
            guard close < count else { return nil }
            var nameEnd = close
            while nameEnd > start + 2, Self.isWhitespace(base[nameEnd - 1]) { nameEnd -= 1 }
            try handler.endElement(Self.localName(base, from: start + 2, to: nameEnd))
            return close + 1
        case UInt8(ascii: "?"):
            guard let end = Self.find("?>", in: base, from: start + 2, to: count) else { return nil }
            return end + 2
        case UInt8(ascii: "!"):
            return try parseDeclaration(base, at: start, count: count, to: &handler)
        default:
            return try parseStartTag(base, at: start, count: count, to: &handler)
        }
    }

    @inline(__always)
    private func parseStartTag<Handler: XMLEventHandler>(
        _ base: UnsafePointer<UInt8>, at start: Int, count: Int, to handler: inout Handler
    ) throws(XLSXError) -> Int? {
        var cursor = start + 1
        var localStart = cursor
        while cursor < count {
            let byte = base[cursor]
            if Self.isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == Self.greaterThan { break }
            if byte == UInt8(ascii: ":") { localStart = cursor + 1 }
            cursor += 1
        }
        guard cursor < count else { return nil }
        let nameEnd = cursor
        guard nameEnd > start + 1 else {
            throw XLSXError("\(partName): malformed XML: a tag without a name (byte \(documentOffset + start))")
        }
        while cursor < count {
            let byte = base[cursor]
            if byte == Self.greaterThan { break }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                // Attribute values are short: a loop beats a memchr call.
                cursor += 1
                while cursor < count, base[cursor] != byte { cursor += 1 }
                guard cursor < count else { return nil }
                cursor += 1
            } else {
                cursor += 1
            }
        }
        guard cursor < count else { return nil }
        let isSelfClosing = cursor > nameEnd && base[cursor - 1] == UInt8(ascii: "/")
        let attributesEnd = isSelfClosing ? cursor - 1 : cursor
        let tag = XMLStartTag(
            localName: XMLByteSpan(start: base + localStart, count: nameEnd - localStart),
            attributeBytes: XMLByteSpan(start: base + nameEnd, count: attributesEnd - nameEnd),
            isSelfClosing: isSelfClosing)
        try handler.startElement(tag)
        if isSelfClosing { try handler.endElement(tag.localName) }
        return cursor + 1
    }

    /// Comments, CDATA sections and DOCTYPE.
    private mutating func parseDeclaration<Handler: XMLEventHandler>(
        _ base: UnsafePointer<UInt8>, at start: Int, count: Int, to handler: inout Handler
    ) throws(XLSXError) -> Int? {
        if let isComment = Self.hasPrefix("<!--", base, at: start, count: count) {
            if isComment {
                guard let end = Self.find("-->", in: base, from: start + 4, to: count) else { return nil }
                return end + 3
            }
        } else {
            return nil
        }
        if let isCDATA = Self.hasPrefix("<![CDATA[", base, at: start, count: count) {
            if isCDATA {
                let contentStart = start + 9
                guard let end = Self.find("]]>", in: base, from: contentStart, to: count) else { return nil }
                if handler.wantsText, end > contentStart {
                    try handler.text(XMLByteSpan(start: base + contentStart, count: end - contentStart))
                }
                return end + 3
            }
        } else {
            return nil
        }
        // <!DOCTYPE …> possibly with an internal subset in brackets.
        var depth = 0
        var cursor = start + 2
        while cursor < count {
            switch base[cursor] {
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case Self.greaterThan where depth <= 0: return cursor + 1
            default: break
            }
            cursor += 1
        }
        return nil
    }

    private mutating func deliverText<Handler: XMLEventHandler>(
        _ text: XMLByteSpan, to handler: inout Handler
    ) throws(XLSXError) {
        guard let base = text.bytes.baseAddress,
              Self.find(UInt8(ascii: "&"), in: base, from: 0, to: text.count) != nil else {
            try handler.text(text)
            return
        }
        decodedText.removeAll(keepingCapacity: true)
        XMLEntityDecoder.appendDecoded(text.bytes, to: &decodedText)
        let decoded = decodedText
        var failure: XLSXError?
        decoded.withUnsafeBufferPointer { buffer in
            do throws(XLSXError) { try handler.text(XMLByteSpan(buffer)) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
