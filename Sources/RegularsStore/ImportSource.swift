import Regulars
import RegularsSpreadsheet

/// A file's bytes as the readers take them: UTF-8 CSV text. CSV files are decoded from their encoding; an .xlsx
/// workbook's first sheet is streamed into CSV text (one line per sheet row, so line numbers are Excel's row numbers).
public enum ImportSource {
    public static func decode(_ raw: [UInt8], file: String, forced: TextEncoding?) throws(ImportError)
        -> (bytes: [UInt8], encoding: String) {
        if FileSignature.isZIP(raw) {
            do {
                let sheet = try XLSXReader.csvBytes(of: raw)
                return (sheet.csv, "xlsx (sheet \(sheet.name))")
            } catch {
                throw .unreadable(file: file, reason: error.reason)
            }
        }
        if let problem = FileSignature.problem(raw) { throw .unreadable(file: file, reason: problem) }
        do {
            let (bytes, encoding) = try TextDecoding.utf8Bytes(of: raw, forced: forced)
            return (bytes, encoding.rawValue)
        } catch {
            throw .encoding(file: file, line: error.line)
        }
    }
}
