/// A1-style cell references: column letters then the row number.
enum CellReference {
    /// Excel's last column, XFD.
    static let maximumColumns = 16_384
    static let maximumRows = 1_048_576

    /// The 0-based column of a reference like `C17` (2); nil when it does not start with 1–3 letters.
    static func columnIndex(of reference: XMLByteSpan) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.bytes {
            let upper = byte & 0xDF
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
            letters += 1
        }
        guard letters > 0, letters <= 3 else { return nil }
        return column - 1
    }

    static func appendColumnName(_ index: Int, to output: inout [UInt8]) {
        if index >= 26 { appendColumnName(index / 26 - 1, to: &output) }
        output.append(UInt8(ascii: "A") + UInt8(index % 26))
    }

    static func name(column: Int, row: Int) -> String {
        var bytes: [UInt8] = []
        appendColumnName(column, to: &bytes)
        return String(decoding: bytes, as: UTF8.self) + String(row)
    }
}
