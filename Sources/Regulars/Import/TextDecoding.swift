#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings import files arrive in.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    /// GB18030, a superset of GBK and GB2312: what Excel in China writes as "ANSI".
    case gb18030 = "GB18030"
}

public struct TextDecodingError: Error, CustomStringConvertible, Equatable {
    /// 1-based line where the bytes stopped making sense.
    public var line: Int
    public var description: String { "line \(line): bytes are neither UTF-8 nor GB18030" }
}

/// Turns the raw bytes of an import file into UTF-8, detecting UTF-8 (with or without BOM) and GB18030/GBK.
public enum TextDecoding {
    /// Returns the UTF-8 bytes (BOM removed) and the encoding found. `forced` skips detection.
    public static func utf8Bytes(of raw: [UInt8], forced: TextEncoding? = nil) throws(TextDecodingError) -> ([UInt8], TextEncoding) {
        let hasBOM = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        switch forced {
        case .gb18030?:
            return (try convertGB18030(raw), .gb18030)
        case .utf8?, .utf8BOM?:
            let body = hasBOM ? Array(raw.dropFirst(3)) : raw
            try checkUTF8(body)
            return (body, hasBOM ? .utf8BOM : .utf8)
        case nil:
            if hasBOM {
                // A BOM promises UTF-8: bad bytes after it are an error, not replacement characters.
                let body = Array(raw.dropFirst(3))
                try checkUTF8(body)
                return (body, .utf8BOM)
            }
            if isValidUTF8(raw) { return (raw, .utf8) }
            return (try convertGB18030(raw), .gb18030)
        }
    }

    /// Throws with the line of the first byte that is not UTF-8.
    static func checkUTF8(_ bytes: [UInt8]) throws(TextDecodingError) {
        if let offset = firstInvalidUTF8(bytes) {
            throw TextDecodingError(line: bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 })
        }
    }

    /// A strict UTF-8 check (no overlongs, no surrogates); ASCII runs are skipped eight bytes at a time.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool { firstInvalidUTF8(bytes) == nil }

    /// Offset of the sequence where `bytes` stop being UTF-8, or nil when they are valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var minimum: UInt32
                var scalar: UInt32
                switch lead {
                case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
                case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
                case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
                default: return i
                }
                guard i + length <= count else { return i }
                for k in 1..<length {
                    let next = buffer[i + k]
                    guard next & 0xC0 == 0x80 else { return i }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
                i += length
            }
            return nil
        }
    }

    /// GB18030 → UTF-8 through the C library's iconv (glibc ships the GB18030 tables).
    static func convertGB18030(_ raw: [UInt8]) throws(TextDecodingError) -> [UInt8] {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { throw TextDecodingError(line: 1) }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: raw.count * 2 + 16)
        var input = raw
        var failedAt: Int?
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: inBuffer.count) { inBase in
                    outBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: outBuffer.count) { outBase in
                        var inPointer: UnsafeMutablePointer<CChar>? = inBase
                        var outPointer: UnsafeMutablePointer<CChar>? = outBase
                        var inLeft = inBuffer.count
                        var outLeft = outBuffer.count
                        if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 {
                            failedAt = inBuffer.count - inLeft
                        }
                        return outBuffer.count - outLeft
                    }
                }
            }
        }
        if let failedAt {
            let line = raw.prefix(failedAt).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw TextDecodingError(line: line)
        }
        output.removeSubrange(produced...)
        return output
    }
}
