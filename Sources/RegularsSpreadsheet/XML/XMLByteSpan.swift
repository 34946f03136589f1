import Foundation

/// A run of bytes inside the buffer the tokenizer is reading (a name, a raw attribute value or text).
/// It points into memory the tokenizer reuses: valid only during the handler call that receives it.
struct XMLByteSpan {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    init(start: UnsafePointer<UInt8>, count: Int) {
        bytes = UnsafeBufferPointer(start: start, count: count)
    }

    var count: Int { bytes.count }
    var isEmpty: Bool { bytes.isEmpty }

    @inline(__always) func matches(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard length == bytes.count else { return false }
        guard length > 0, let base = bytes.baseAddress else { return true }
        return memcmp(base, literal.utf8Start, length) == 0
    }

    /// The value as a non-negative decimal integer, nil when it is anything else (or absurdly long).
    var unsignedInteger: Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte &- 0x30 < 10 else { return nil }
            value = value &* 10 &+ Int(byte &- 0x30)
        }
        return value
    }

    /// The text with XML entities decoded, for names and attribute values read outside the hot path.
    var decodedString: String {
        var decoded: [UInt8] = []
        XMLEntityDecoder.appendDecoded(bytes, to: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }
}

extension XMLByteSpan {
    /// Looks at a byte array through a span.
    static func withSpan<Result>(of bytes: [UInt8], _ body: (XMLByteSpan) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(XMLByteSpan($0)) }
    }
}
