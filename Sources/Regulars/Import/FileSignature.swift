/// Files that are not CSV text, recognised by their first bytes so that the error says what the file is.
public enum FileSignature {
    /// Why `raw` cannot be read as CSV, or nil when it may be CSV text.
    public static func problem(_ raw: [UInt8]) -> String? {
        if raw.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "this is an Excel .xlsx (ZIP) file; Regulars reads CSV for now: save it as CSV (UTF-8) in Excel or WPS"
        }
        if raw.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "this is an old Excel .xls file; save it as CSV (UTF-8) in Excel or WPS"
        }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            return "this file is UTF-16 (Excel's \"Unicode text\"); save it as CSV (UTF-8) instead"
        }
        return nil
    }
}
