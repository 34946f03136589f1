import Foundation

/// Byte scanning shared by the tokenizer and tag parsing.
extension XMLTokenizer {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// Where `literal` starts at or after `start`, ending before `end`.
    static func find(_ literal: StaticString, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let length = literal.utf8CodeUnitCount
        var cursor = start
        while let hit = find(literal.utf8Start[0], in: base, from: cursor, to: end) {
            guard hit + length <= end else { return nil }
            if memcmp(base + hit, literal.utf8Start, length) == 0 { return hit }
            cursor = hit + 1
        }
        return nil
    }

    /// True or false when there are enough bytes to tell, nil when the buffer ends while still matching.
    static func hasPrefix(_ literal: StaticString, _ base: UnsafePointer<UInt8>, at start: Int, count: Int) -> Bool? {
        let length = literal.utf8CodeUnitCount
        let available = min(length, count - start)
        if memcmp(base + start, literal.utf8Start, available) != 0 { return false }
        return available == length ? true : nil
    }

    static func localName(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> XMLByteSpan {
        var localStart = start
        for index in start..<end where base[index] == UInt8(ascii: ":") { localStart = index + 1 }
        return XMLByteSpan(start: base + localStart, count: end - localStart)
    }

    /// Text may end in the middle of `&amp;`: that entity waits for the next chunk.
    static func endBeforeUnfinishedEntity(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var cursor = end
        while cursor > start, end - cursor < 16 {
            cursor -= 1
            if base[cursor] == UInt8(ascii: ";") { return end }
            if base[cursor] == UInt8(ascii: "&") { return cursor }
        }
        return end
    }
}
