/// Writes one cell as a CSV field: quoted (with `"` doubled) when it holds a comma or a quote, and with
/// every line break turned into a space so that each CSV line stays one sheet row.
enum CSVField {
    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var needsQuotes = false
        var hasLineBreak = false
        for byte in text {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""): needsQuotes = true
            case 0x0A, 0x0D: hasLineBreak = true
            default: continue
            }
        }
        guard needsQuotes || hasLineBreak else {
            output.append(contentsOf: text)
            return
        }
        if needsQuotes { output.append(UInt8(ascii: "\"")) }
        var previous: UInt8 = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""):
                output.append(byte)
                output.append(byte)
            case 0x0A where previous == 0x0D:
                break  // CRLF becomes a single space
            case 0x0A, 0x0D:
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
            previous = byte
        }
        if needsQuotes { output.append(UInt8(ascii: "\"")) }
    }
}
