import Foundation
import Regulars

/// How to read a file: what it holds, and what the operator said about it.
public struct ImportOptions: Sendable {
    public var kind: ImportKind
    /// The channel for rows without a channel column (`--channel`).
    public var channel: Channel?
    public var mapping: ImportMapping?
    /// Skip encoding detection.
    public var encoding: TextEncoding?
    /// Records per transaction. An interrupted import keeps every finished batch.
    public var batchSize: Int

    public init(kind: ImportKind, channel: Channel? = nil, mapping: ImportMapping? = nil, encoding: TextEncoding? = nil,
                batchSize: Int = 20_000) {
        self.kind = kind
        self.channel = channel
        self.mapping = mapping
        self.encoding = encoding
        self.batchSize = max(1, batchSize)
    }
}

/// What an import did: the summary an operator reads, with every rejected row as `file:line: reason`.
public struct ImportReport: Sendable, Codable, Equatable {
    public var file: String
    public var kind: ImportKind
    public var dialect: String
    public var encoding: String
    public var headerLine: Int
    public var rowsRead: Int
    /// Orders, customers or events read from the accepted rows.
    public var records: Int
    public var counts: BatchCounts
    public var rejections: [RowRejection]
    public var sharedIdentifiers: [String]
    /// What re-scoring the customers the import touched changed (when the command did it).
    public var segments: SegmentRunReport?

    /// `orders.csv:17: amount: 'abc' is not an amount of money`
    public var rejectionLines: [String] { rejections.map { "\(file):\($0.line): \($0.reason)" } }
}

/// Reads a file from disk and imports it through the store, batch by batch. `progress` hears the number of records
/// committed so far after each batch.
public enum FileImporter {
    public static func importFile(atPath path: String, options: ImportOptions, store: some ImportStore & SettingsStore,
                                  now: Instant, progress: (@Sendable (Int) -> Void)? = nil) async throws -> ImportReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError.unreadable(file: path, reason: "cannot read the file (missing or not permitted)")
        }
        return try await importBytes([UInt8](data), file: path, options: options, store: store, now: now, progress: progress)
    }

    public static func importBytes(_ raw: [UInt8], file: String, options: ImportOptions,
                                   store: some ImportStore & SettingsStore, now: Instant,
                                   progress: (@Sendable (Int) -> Void)? = nil) async throws -> ImportReport {
        let settings = try await store.loadSettings()
        let (bytes, encoding) = try ImportSource.decode(raw, file: file, forced: options.encoding)
        let plan = try ImportPlan.make(bytes: bytes, file: file, kind: options.kind, mapping: options.mapping,
                                       channel: options.channel)
        let calendar = settings.calendar
        let session = try await store.beginImport(settings: settings, at: now)
        var counts = BatchCounts()
        var report = ImportReport(file: file, kind: plan.kind, dialect: plan.dialectName, encoding: encoding,
                                  headerLine: plan.headerLine, rowsRead: 0, records: 0, counts: counts, rejections: [],
                                  sharedIdentifiers: [])

        /// What a whole-file reader (one record per row or per order) read.
        func tally(_ records: Int, rowsRead: Int, rejections: [RowRejection]) {
            report.rowsRead = rowsRead
            report.records = records
            report.rejections = rejections
        }

        var committed = 0
        func inBatches<Record>(_ records: [Record], _ write: (ArraySlice<Record>) async throws -> BatchCounts) async throws {
            var start = 0
            while start < records.count {
                let end = min(records.count, start + options.batchSize)
                counts += try await write(records[start..<end])
                committed += end - start
                start = end
                progress?(committed)
            }
        }

        do {
            switch plan.kind {
            case .orders:
                // Pieces of the file are read on another thread while earlier pieces are written; an order is written
                // once the last piece holding one of its rows has been read.
                let reader = OrderFileReader(plan: plan, calendar: calendar)
                let pieces = reader.pieces(of: bytes)
                let spans = reader.pieceSpans(of: bytes, pieces: pieces)
                var assembler = OrderFileReader.Assembler(reader: reader, spans: spans)
                var next: Task<OrderFileReader.PartialOrders, Never>? = Task.detached {
                    reader.readPiece(bytes, pieces: pieces, index: 0, spans: spans)
                }
                var shared: Set<String> = []
                for index in pieces.indices {
                    let partial = await next!.value
                    next = index + 1 < pieces.count
                        ? Task.detached { reader.readPiece(bytes, pieces: pieces, index: index + 1, spans: spans) } : nil
                    let step = assembler.add(partial, piece: index)
                    report.rowsRead += step.rowsRead
                    report.records += step.orders.count
                    report.rejections += step.rejections
                    let flagged = try await session.guardSharedIdentifiers(
                        SharedIdentifierGuard.accountsPerLinkingKey(step.orders.lazy.map(\.buyer)))
                    shared.formUnion(flagged.map(\.maskedValue))
                    try await inBatches(step.orders) { try await session.writeOrders($0) }
                }
                report.rejections.sort { $0.line < $1.line }
                report.sharedIdentifiers = shared.sorted()
            case .lines:
                let result = LinesFileReader(plan: plan, calendar: calendar).read(bytes)
                tally(result.orders.count, rowsRead: result.rowsRead, rejections: result.rejections)
                try await inBatches(result.orders) { try await session.writeLines($0) }
            case .afterSales:
                let result = AfterSalesFileReader(plan: plan, calendar: calendar).read(bytes)
                tally(result.cases.count, rowsRead: result.rowsRead, rejections: result.rejections)
                try await inBatches(result.cases) { try await session.writeAfterSales($0) }
            case .customers:
                let result = CustomerFileReader(plan: plan, calendar: calendar).read(bytes)
                tally(result.customers.count, rowsRead: result.rowsRead, rejections: result.rejections)
                let shared = try await session.guardSharedIdentifiers(SharedIdentifierGuard.accountsPerLinkingKey(result.customers.lazy.map(\.keys)))
                report.sharedIdentifiers = shared.map(\.maskedValue)
                try await inBatches(result.customers) { try await session.writeCustomers($0) }
            case .events:
                let result = EventFileReader(plan: plan, calendar: calendar).read(bytes)
                tally(result.events.count, rowsRead: result.rowsRead, rejections: result.rejections)
                try await inBatches(result.events) { try await session.writeEvents($0) }
            }
        } catch {
            try? await session.finish()
            throw error
        }
        try await session.finish()
        report.counts = counts
        try await store.recordImportRun(ImportRun(file: file, kind: plan.kind, dialect: plan.dialectName,
                                                  encoding: encoding, finishedAt: now, rowsRead: report.rowsRead,
                                                  counts: counts, rejections: report.rejections))
        return report
    }
}
