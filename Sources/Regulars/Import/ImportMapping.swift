/// A mapping file: what to do with a file no dialect knows, or how to override part of one. One setting per line:
///
///     # our ERP's export
///     kind = orders              (orders | lines | after-sales | customers | events)
///     dialect = tmall-order-report   (start from a known dialect; optional)
///     channel = jd
///     order_id = 单号             (canonical field = header in the file)
///     status.已完成 = completed   (order status word = pending | paid | shipped | completed | partially_refunded |
///                                  refunded | cancelled)
///     after_sales.退款完结 = refunded   (after-sales word = none | in_progress | refunded | closed | exchanged)
public struct ImportMapping: Sendable, Equatable {
    public var kind: ImportKind?
    public var dialect: String?
    public var channel: Channel?
    public var columns: [ImportField: String] = [:]
    public var statuses: [String: OrderStatus] = [:]
    public var afterSalesOutcomes: [String: AfterSalesOutcome] = [:]

    public init(kind: ImportKind? = nil, dialect: String? = nil, channel: Channel? = nil,
                columns: [ImportField: String] = [:], statuses: [String: OrderStatus] = [:]) {
        self.kind = kind
        self.dialect = dialect
        self.channel = channel
        self.columns = columns
        self.statuses = statuses
    }

    /// Parses a mapping file's text; `source` names it in errors (`mapping.txt:3: …`).
    public static func parse(_ text: String, source: String) throws(ImportError) -> ImportMapping {
        var mapping = ImportMapping()
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            let number = offset + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .mapping(source: source, line: number, reason: "expected 'field = header', found '\(line)'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw .mapping(source: source, line: number, reason: "'\(key)' has no value") }
            switch key {
            case "kind":
                guard let kind = ImportKind(rawValue: value) else {
                    throw .mapping(source: source, line: number, reason: "kind must be one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
                }
                mapping.kind = kind
            case "dialect":
                guard Dialects.named(value) != nil else {
                    let known = Dialects.all.map(\.name).joined(separator: ", ")
                    throw .mapping(source: source, line: number, reason: "unknown dialect '\(value)' (known: \(known))")
                }
                mapping.dialect = value
            case "channel":
                let channel = Channel(rawValue: value)
                guard channel.isWellFormed else {
                    throw .mapping(source: source, line: number, reason: "channel '\(value)' must be a word like tmall, jd or pos")
                }
                mapping.channel = channel
            case _ where key.hasPrefix("status."):
                let word = StatusWords.normalize(String(key.dropFirst("status.".count)))
                guard let status = OrderStatus(rawValue: value) else {
                    let known = OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .mapping(source: source, line: number, reason: "status '\(value)' is not one of \(known)")
                }
                mapping.statuses[word] = status
            case _ where key.hasPrefix("after_sales."):
                let word = StatusWords.normalize(String(key.dropFirst("after_sales.".count)))
                guard let outcome = AfterSalesOutcome(rawValue: value) else {
                    let known = AfterSalesOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .mapping(source: source, line: number, reason: "after-sales outcome '\(value)' is not one of \(known)")
                }
                mapping.afterSalesOutcomes[word] = outcome
            default:
                guard let field = ImportField(rawValue: key) else {
                    let known = ImportField.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .mapping(source: source, line: number, reason: "unknown field '\(key)' (fields: \(known))")
                }
                mapping.columns[field] = CellText.header(value)
            }
        }
        return mapping
    }
}

import Foundation
