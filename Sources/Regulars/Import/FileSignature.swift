/// Files recognised by their first bytes: .xlsx workbooks (read as such), and files that are neither CSV text nor
/// .xlsx, so that the error says what the file is.
public enum FileSignature {
    /// Whether `raw` is a ZIP archive, as every .xlsx workbook is.
    public static func isZIP(_ raw: [UInt8]) -> Bool { raw.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    /// Why `raw` cannot be read as CSV text or an .xlsx workbook, or nil when it may be one of them.
    public static func problem(_ raw: [UInt8]) -> String? {
        if raw.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "this is an old Excel .xls file, or a password-protected .xlsx; open it in Excel or WPS and save it "
                + "as .xlsx (without a password) or CSV (UTF-8)"
        }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            return "this file is UTF-16 (Excel's \"Unicode text\"); save it as CSV (UTF-8) instead"
        }
        return nil
    }
}
