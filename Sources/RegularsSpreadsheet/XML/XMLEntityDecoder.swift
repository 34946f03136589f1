/// Decodes the five predefined XML entities and numeric character references.
/// Anything else that starts with `&` is kept as written: exports are not always well-formed, and losing
/// text would be worse than showing an odd `&nbsp;`.
enum XMLEntityDecoder {
    static func appendDecoded(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let ampersand = UInt8(ascii: "&")
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            guard byte == ampersand else {
                output.append(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < count, end - index <= 12, text[end] != UInt8(ascii: ";") { end += 1 }
            if end < count, text[end] == UInt8(ascii: ";"),
               appendEntity(UnsafeBufferPointer(rebasing: text[(index + 1)..<end]), to: &output) {
                index = end + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
    }

    /// Appends what `name` (the text between `&` and `;`) stands for; false when it is not an entity we know.
    private static func appendEntity(_ name: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        let span = XMLByteSpan(name)
        if span.matches("amp") { output.append(UInt8(ascii: "&")); return true }
        if span.matches("lt") { output.append(UInt8(ascii: "<")); return true }
        if span.matches("gt") { output.append(UInt8(ascii: ">")); return true }
        if span.matches("quot") { output.append(UInt8(ascii: "\"")); return true }
        if span.matches("apos") { output.append(UInt8(ascii: "'")); return true }
        guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return false }
        guard let scalar = characterReference(UnsafeBufferPointer(rebasing: name[1...])) else { return false }
        UTF8Appending.append(scalar: scalar, to: &output)
        return true
    }

    /// `20013` or `x4E2D`.
    private static func characterReference(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        if digits[0] == UInt8(ascii: "x") || digits[0] == UInt8(ascii: "X") {
            guard digits.count > 1 else { return nil }
            for byte in digits.dropFirst() {
                guard let digit = HexDigit.value(of: byte) else { return nil }
                value = value &* 16 &+ UInt32(digit)
            }
        } else {
            for byte in digits {
                guard byte &- 0x30 < 10 else { return nil }
                value = value &* 10 &+ UInt32(byte &- 0x30)
            }
        }
        return value <= 0x10FFFF ? value : nil
    }
}
