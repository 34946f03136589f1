/// OOXML's ST_Xstring escapes: `_xHHHH_` stands for the UTF-16 code unit HHHH. Excel writes characters XML
/// cannot carry this way (`_x000D_` for a carriage return), and `_x005F_` escapes a literal underscore.
enum XStringEscapes {
    static func contains(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 7 else { return false }
        for index in 0...(text.count - 7) where text[index] == UInt8(ascii: "_") && text[index + 1] == UInt8(ascii: "x") {
            if codeUnit(in: text, at: index) != nil { return true }
        }
        return false
    }

    static func appendDecoded(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var index = 0
        while index < text.count {
            guard let unit = codeUnit(in: text, at: index) else {
                output.append(text[index])
                index += 1
                continue
            }
            index += 7
            if (0xD800..<0xDC00).contains(unit), let low = codeUnit(in: text, at: index), (0xDC00..<0xE000).contains(low) {
                index += 7
                let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                UTF8Appending.append(scalar: scalar, to: &output)
            } else {
                UTF8Appending.append(scalar: UInt32(unit), to: &output)
            }
        }
    }

    /// The code unit of an escape starting at `index`, if one does.
    private static func codeUnit(in text: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 7 <= text.count, text[index] == UInt8(ascii: "_"), text[index + 1] == UInt8(ascii: "x"),
              text[index + 6] == UInt8(ascii: "_") else { return nil }
        var unit: UInt16 = 0
        for offset in 2..<6 {
            guard let digit = HexDigit.value(of: text[index + offset]) else { return nil }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
