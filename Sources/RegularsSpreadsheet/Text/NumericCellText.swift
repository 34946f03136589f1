import Foundation

/// Writes the `<v>` text of a numeric cell the way a person would type the number: `34` rather than `34.0`,
/// `1299.5`, and an order id too long for a Double (`3456789012345678901`) digit for digit as stored.
enum NumericCellText {
    /// Beyond 2^53 a Double no longer holds every integer, so its digits would be made up.
    static let largestExactInteger = 9_007_199_254_740_992.0

    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        if appendPlainDecimal(text, to: &output) { return }
        guard let value = parseDouble(text), value.isFinite else {
            CSVField.append(text, to: &output)
            return
        }
        if value == value.rounded(.towardZero) {
            if abs(value) < largestExactInteger {
                DecimalDigits.append(Int64(value), to: &output)
            } else {
                CSVField.append(text, to: &output)
            }
        } else {
            output.append(contentsOf: value.description.utf8)
        }
    }

    /// The fast path, with no Double at all, for `-?digits(.digits)?` that a Double holds exactly enough:
    /// integers of any length, and decimals of at most 15 significant digits (which round-trip through a
    /// Double unchanged, so this is also their shortest form). False, with nothing written, otherwise.
    private static func appendPlainDecimal(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
        let count = text.count
        var index = 0
        var negative = false
        if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var integerStart = index
        while index < count, isDigit(text[index]) { index += 1 }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < count, isDigit(text[index]) { index += 1 }
            fractionEnd = index
        }
        guard index == count, integerEnd > integerStart || fractionEnd > fractionStart else { return false }
        while integerStart < integerEnd, text[integerStart] == UInt8(ascii: "0") { integerStart += 1 }
        while fractionEnd > fractionStart, text[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
        let integerDigits = integerEnd - integerStart
        let fractionDigits = fractionEnd - fractionStart
        if fractionDigits > 0 {
            var significant = integerDigits + fractionDigits
            if integerDigits == 0 {
                var first = fractionStart
                while text[first] == UInt8(ascii: "0") { first += 1 }
                significant = fractionEnd - first
            }
            guard significant <= 15 else { return false }
        }
        if negative, integerDigits + fractionDigits > 0 { output.append(UInt8(ascii: "-")) }
        if integerDigits > 0 {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[integerStart..<integerEnd]))
        } else {
            output.append(UInt8(ascii: "0"))
        }
        if fractionDigits > 0 {
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[fractionStart..<fractionEnd]))
        }
        return true
    }

    /// The whole text as a Double (strtod: decimal and exponent forms), nil when anything is left over.
    static func parseDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !text.isEmpty, text.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (index, byte) in text.enumerated() { base[index] = CChar(bitPattern: byte) }
            base[text.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end == base + text.count, !XMLTokenizer.isWhitespace(text[0]) else { return nil }
            return value
        }
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
}
