/// Why a journey file cannot be read: where (1-based line and column, and the field path such as
/// `steps[3].send.channels`, steps counted from 0) and what is wrong, e.g.
/// `line 12, column 9: steps[3].send.channels: unknown channel 'fax' (known: sms, email, wechat_work, push)`.
public struct JourneyFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    /// Counted in Unicode scalars, so a CJK character is one column.
    public var column: Int
    /// The field concerned; empty when the file as a whole is (not YAML, not a mapping).
    public var path: String
    public var message: String

    public init(line: Int, column: Int, path: String, message: String) {
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        "line \(line), column \(column): " + (path.isEmpty ? "" : path + ": ") + message
    }
}
