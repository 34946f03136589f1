/// Writes one cell's value as a CSV field according to its type and number format.
enum CellValueText {
    /// `value` is the cell's `<v>` text or inline string; errors say what is wrong, not where.
    static func append(
        _ value: inout [UInt8], type: CellType, dateStyle: DateStyle, context: SheetCSVConverter.Context,
        scratch: inout [UInt8], to csv: inout [UInt8]
    ) throws(XLSXError) {
        switch type {
        case .sharedString:
            guard let index = XMLByteSpan.withSpan(of: value, { $0.unsignedInteger }) else {
                throw XLSXError("bad shared string index \"\(String(decoding: value, as: UTF8.self))\"")
            }
            guard let field = context.sharedStrings.fieldRange(at: index) else {
                throw XLSXError("unknown shared string index \(index)")
            }
            csv.append(contentsOf: context.sharedStrings.fieldBytes[field])
        case .inlineString, .formulaString, .error:
            appendText(value, scratch: &scratch, to: &csv)
        case .boolean:
            if value == [UInt8(ascii: "1")] {
                csv.append(contentsOf: "TRUE".utf8)
            } else if value == [UInt8(ascii: "0")] {
                csv.append(contentsOf: "FALSE".utf8)
            } else {
                appendText(value, scratch: &scratch, to: &csv)
            }
        case .isoDate:
            for index in value.indices where value[index] == UInt8(ascii: "T") {
                value[index] = UInt8(ascii: " ")
            }
            appendText(value, scratch: &scratch, to: &csv)
        case .number:
            appendNumber(value, dateStyle: dateStyle, date1904: context.usesDate1904, to: &csv)
        }
    }

    private static func appendText(_ text: [UInt8], scratch: inout [UInt8], to csv: inout [UInt8]) {
        text.withUnsafeBufferPointer { raw in
            guard XStringEscapes.contains(in: raw) else {
                CSVField.append(raw, to: &csv)
                return
            }
            scratch.removeAll(keepingCapacity: true)
            XStringEscapes.appendDecoded(raw, to: &scratch)
            scratch.withUnsafeBufferPointer { CSVField.append($0, to: &csv) }
        }
    }

    private static func appendNumber(_ text: [UInt8], dateStyle: DateStyle, date1904: Bool, to csv: inout [UInt8]) {
        text.withUnsafeBufferPointer { raw in
            if dateStyle != .none, let serial = NumericCellText.parseDouble(raw),
               ExcelSerialDate.append(serial: serial, date1904: date1904,
                                      alwaysWithTime: dateStyle == .dateTime, to: &csv) {
                return
            }
            NumericCellText.append(raw, to: &csv)
        }
    }
}
