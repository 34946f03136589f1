/// Why a whole file cannot be imported (as opposed to a single rejected row).
public enum ImportError: Error, Equatable, CustomStringConvertible {
    case encoding(file: String, line: Int)
    case empty(file: String)
    case noHeader(file: String, kind: ImportKind?)
    case missingColumns(file: String, line: Int, fields: [ImportField], dialect: String)
    case noChannel(file: String)
    case mapping(source: String, line: Int, reason: String)
    case unreadable(file: String, reason: String)

    public var description: String {
        switch self {
        case .encoding(let file, let line):
            return "\(file):\(line): the bytes are neither UTF-8 nor GB18030/GBK"
        case .empty(let file):
            return "\(file): the file has no rows"
        case .noHeader(let file, let kind):
            let what = kind.map { "a \($0.rawValue) file" } ?? "any known file"
            return "\(file): no header row of \(what) found in the first 20 rows; give a --mapping file"
        case .missingColumns(let file, let line, let fields, let dialect):
            let names = fields.map(\.rawValue).joined(separator: ", ")
            return "\(file):\(line): the header (read as \(dialect)) has no column for \(names); give a --mapping file"
        case .noChannel(let file):
            return "\(file): rows have no channel column; pass --channel (tmall, jd, douyin, miniapp, pos …)"
        case .mapping(let source, let line, let reason):
            return "\(source):\(line): \(reason)"
        case .unreadable(let file, let reason):
            return "\(file): \(reason)"
        }
    }
}
