#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 → GB18030 through the C library, independently of the code under test's GB18030 → UTF-8 direction.
public func gb18030(_ text: String) -> [UInt8] {
    let converter = iconv_open("GB18030", "UTF-8")
    precondition(converter != iconv_t(bitPattern: -1), "iconv has no GB18030")
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
    let produced: Int = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            inBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: inBuffer.count) { inBase in
                outBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: outBuffer.count) { outBase in
                    var inPointer: UnsafeMutablePointer<CChar>? = inBase
                    var outPointer: UnsafeMutablePointer<CChar>? = outBase
                    var inLeft = inBuffer.count
                    var outLeft = outBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    precondition(result != -1 && inLeft == 0, "cannot encode \(text) as GB18030")
                    return outBuffer.count - outLeft
                }
            }
        }
    }
    return Array(output.prefix(produced))
}
