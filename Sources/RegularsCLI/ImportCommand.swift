import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import orders, order lines, after-sales cases, customers or events from a CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx export.",
        discussion: """
            The exports of Tmall/Taobao, JD, Douyin, Pinduoduo, Youzan, WeChat Shop and Kuaishou are recognised by their
            headers, as are Regulars' own English headers; for anything else, give a mapping file. `import detect FILE`
            shows how a file would be read without writing anything. Importing the same file again changes nothing.
            Rejected rows are listed as file:line: reason (for .xlsx, the line is the sheet's row number).
            """
    )

    @Argument(help: "What the file holds: orders, lines, after-sales, customers or events; or detect, to only show how it would be read.")
    var kind: ImportTarget

    @Argument(help: "The CSV or .xlsx file.")
    var file: String

    @Option(help: "Channel for rows without a channel column (tmall, jd, douyin, miniapp, pos …).")
    var channel: String?

    @Option(help: "Mapping file: 'field = header' lines for columns Regulars does not recognise.")
    var mapping: String?

    @Option(help: "Skip encoding detection: utf8 or gb18030.")
    var encoding: String?

    @Option(help: ArgumentHelp("Records per transaction.", visibility: .hidden))
    var batchSize = 20_000

    @Flag(help: "Print a line to standard error after each committed batch.")
    var progress = false

    @Flag(name: .customLong("no-segments"), help: "Do not re-score the customers the import touched (run `regulars segment recompute` later).")
    var noSegments = false

    @Option(help: "Rejected rows to list in text output (all are in --json and in the import history).")
    var showRejected = 50

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let channel, !Channel(rawValue: channel).isWellFormed {
            throw ValidationError("--channel '\(channel)' is not a channel name (tmall, jd, douyin, miniapp, pos …)")
        }
        if let encoding, Self.encoding(named: encoding) == nil {
            throw ValidationError("--encoding must be utf8 or gb18030, not '\(encoding)'")
        }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func loadMapping() throws -> ImportMapping? {
        guard let mapping else { return nil }
        guard let text = try? String(contentsOfFile: mapping, encoding: .utf8) else {
            throw CommandFailure("\(mapping): cannot read the mapping file")
        }
        do { return try ImportMapping.parse(text, source: mapping) } catch { throw CommandFailure(error.description) }
    }

    @Sendable static func reportProgress(_ committed: Int) {
        FileHandle.standardError.write(Data("committed \(committed)\n".utf8))
    }

    static func encoding(named name: String) -> TextEncoding? {
        switch name.lowercased().replacingOccurrences(of: "-", with: "") {
        case "utf8": return .utf8
        case "gb18030", "gbk", "gb2312": return .gb18030
        default: return nil
        }
    }

    func run() async throws {
        if kind == .detect {
            try await detect()
            return
        }
        guard let importKind = kind.importKind else { return }
        let options = ImportOptions(kind: importKind, channel: channel.map(Channel.init(rawValue:)), mapping: try loadMapping(),
                                    encoding: encoding.flatMap(Self.encoding(named:)), batchSize: batchSize)
        let store = try store.open()
        let reporter: (@Sendable (Int) -> Void)? = progress ? Self.reportProgress : nil
        var report: ImportReport
        let now = currentInstant()
        do {
            report = try await FileImporter.importFile(atPath: file, options: options, store: store, now: now,
                                                       progress: reporter)
        } catch let error as ImportError {
            throw CommandFailure(error.description)
        }
        if !noSegments {
            report.segments = try await SegmentRecompute.changed(store, settings: try await store.loadSettings(), now: now)
        }
        if output.json {
            try printJSON(report)
        } else {
            print(ImportSummaryText.render(report, showRejected: showRejected))
        }
    }
}

/// What `regulars import` is asked to do with a file.
enum ImportTarget: String, ExpressibleByArgument, CaseIterable {
    case orders, lines
    case afterSales = "after-sales"
    case customers, events, detect

    var importKind: ImportKind? { ImportKind(rawValue: rawValue) }
}

/// The text an operator reads after an import.
enum ImportSummaryText {
    static func render(_ report: ImportReport, showRejected: Int) -> String {
        let unit: String
        switch report.kind {
        case .orders: unit = "orders"
        case .lines: unit = "orders' lines"
        case .afterSales: unit = "after-sales cases"
        case .customers: unit = "customers"
        case .events: unit = "events"
        }
        var lines = [
            "\(report.file): \(report.dialect), \(report.encoding), header on line \(report.headerLine)",
            "  rows read     \(report.rowsRead)",
            "  read          \(report.records) \(unit)",
            "  inserted      \(report.counts.inserted)",
            "  updated       \(report.counts.updated)",
            "  duplicate     \(report.counts.duplicate)  (already imported, unchanged)",
            "  rejected      \(report.rejections.count) rows",
        ]
        if report.counts.customersCreated > 0 || report.counts.merges > 0 {
            lines.append("  customers     \(report.counts.customersCreated) new, \(report.counts.merges) merged by shared phone/e-mail/union id")
        }
        if report.counts.mergesUndone > 0 {
            lines.append("  unmerged      \(report.counts.mergesUndone) merges undone: their key proved to be shared")
        }
        if !report.sharedIdentifiers.isEmpty {
            lines.append("  shared keys   \(report.sharedIdentifiers.count) not used to merge (too many accounts): "
                + report.sharedIdentifiers.prefix(5).joined(separator: ", "))
        }
        if report.counts.unidentified > 0 {
            lines.append("  unidentified  \(report.counts.unidentified) records carried only shared keys")
        }
        if report.counts.awaitingOrder > 0 {
            lines.append("  awaiting      \(report.counts.awaitingOrder) name an order not imported yet: kept, applied when it is")
        }
        if report.counts.refundsCapped > 0 {
            lines.append("  refunds held  \(report.counts.refundsCapped) orders' after-sales refunds add up to more than was paid: held at the amount paid")
        }
        if let segments = report.segments {
            lines.append("  segments      \(segments.full ? "computed for" : "re-scored") \(segments.customers) customers, "
                + "\(segments.historyRows) moves recorded")
        }
        if !report.rejections.isEmpty {
            lines.append("Rejected rows:")
            lines.append(contentsOf: report.rejectionLines.prefix(showRejected).map { "  " + $0 })
            if report.rejections.count > showRejected {
                lines.append("  … and \(report.rejections.count - showRejected) more (--show-rejected N, or --json)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
