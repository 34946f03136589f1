/// Escapes text for XML element content and attribute values, with OOXML's `_xHHHH_` for the characters
/// XML cannot carry as they are (a carriage return would be normalised away, other controls are illegal).
enum XMLTextEscaping {
    static func append(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        guard utf8.contains(where: needsEscaping) else {
            output.append(contentsOf: utf8)
            return
        }
        let bytes = Array(utf8)
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case 0x09, 0x0A: output.append(byte)
            case 0..<0x20: appendEscape(UInt16(byte), to: &output)
            case UInt8(ascii: "_") where startsEscape(bytes, at: index):
                appendEscape(UInt16(byte), to: &output)  // so the reader does not decode it
            default: output.append(byte)
            }
        }
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A
            || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "_")
    }

    private static func appendEscape(_ unit: UInt16, to output: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        output.append(contentsOf: "_x".utf8)
        for shift in stride(from: 12, through: 0, by: -4) { output.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
        output.append(UInt8(ascii: "_"))
    }

    /// Whether `_xHHHH_` starts at `index`.
    private static func startsEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + 7 <= bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_")
        else { return false }
        return bytes[(index + 2)..<(index + 6)].allSatisfy { HexDigit.value(of: $0) != nil }
    }
}
