import Foundation

/// CSV for people to open in Excel: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order mark so that Excel in
/// China reads the Chinese text as UTF-8 rather than GBK.
public struct CSVText: Sendable {
    public static let byteOrderMark = "\u{FEFF}"
    public private(set) var text = CSVText.byteOrderMark

    public init(header: [String]) { append(header) }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",") + "\r\n"
    }

    /// A field quoted when it holds a comma, a quote or a line break (quotes doubled); a leading `=`, `+`, `-` or `@`
    /// gets a `'` so that a spreadsheet never runs it as a formula.
    public static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
