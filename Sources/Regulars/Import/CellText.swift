/// Cleaning of a cell's text from spreadsheet exports: ids written as `="123…"`, `'138…` or with a leading tab,
/// surrounding spaces (also full-width), and placeholders for "empty" (`--`, `-`, `null`, `****`).
public enum CellText {
    public static func clean(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = bytes.count
        trim(bytes, &start, &end)
        // ="123" (Excel's text formula) and '123 (Excel's text marker).
        if end - start >= 3, bytes[start] == UInt8(ascii: "="), bytes[start + 1] == UInt8(ascii: "\""),
           bytes[end - 1] == UInt8(ascii: "\"") {
            start += 2
            end -= 1
            trim(bytes, &start, &end)
        } else if end - start >= 1, bytes[start] == UInt8(ascii: "'") {
            start += 1
            trim(bytes, &start, &end)
        }
        if start >= end { return nil }
        // A value masked away entirely (PDD writes 省 as `****`) is no value.
        if bytes[start] == UInt8(ascii: "*"), (start..<end).allSatisfy({ bytes[$0] == UInt8(ascii: "*") }) { return nil }
        let length = end - start
        if length <= 4 {
            // Placeholders for "no value".
            let first = bytes[start]
            if first == UInt8(ascii: "-"), (start..<end).allSatisfy({ bytes[$0] == UInt8(ascii: "-") }) { return nil }
            if length == 4, first | 0x20 == UInt8(ascii: "n"),
               String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased() == "null" {
                return nil
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    public static func clean(_ text: String) -> String? {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBufferPointer { clean(bytes: UnsafeBufferPointer($0)) }
    }

    /// Header cells: cleaned like values, inner line breaks and spaces removed (`订单付款时间 ` → `订单付款时间`), and
    /// full-width brackets made half-width (`退款金额（元）` → `退款金额(元)`), as platforms write both.
    public static func header(_ text: String) -> String {
        let cleaned = clean(text) ?? ""
        var result = String.UnicodeScalarView()
        for scalar in cleaned.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{3000}", "\u{A0}", "=": continue
            case "（": result.append("(")
            case "）": result.append(")")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Skips ASCII white space, tabs, NBSP (C2 A0) and the ideographic space (E3 80 80) at both ends.
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        while start < end {
            let byte = bytes[start]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { start += 1; continue }
            if byte == 0xC2, start + 1 < end, bytes[start + 1] == 0xA0 { start += 2; continue }
            if byte == 0xE3, start + 2 < end, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 { start += 3; continue }
            break
        }
        while end > start {
            let byte = bytes[end - 1]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { end -= 1; continue }
            if byte == 0xA0, end - 2 >= start, bytes[end - 2] == 0xC2 { end -= 2; continue }
            if byte == 0x80, end - 3 >= start, bytes[end - 2] == 0x80, bytes[end - 3] == 0xE3 { end -= 3; continue }
            break
        }
    }
}
