/// How one file will be read: its dialect, header row, and which column holds which field.
public struct ImportPlan: Sendable {
    public var kind: ImportKind
    public var dialectName: String
    public var dialectLabel: String
    public var delimiter: UInt8
    /// 1-based line of the header row; data starts after it.
    public var headerLine: Int
    public var headers: [String]
    /// Column index per field; fields without a column are absent.
    public var columns: [ImportField: Int] {
        didSet { fieldColumns = Self.flatten(columns) }
    }
    /// The same as plain integers (the row readers' hot path).
    public private(set) var fieldColumns = FieldColumns()
    public var channel: Channel?
    public var statuses: [String: OrderStatus]
    public var afterSalesOutcomes: [String: AfterSalesOutcome]
    public var provinceFromAddress: Bool

    /// Column index of `field`, or -1.
    @inline(__always) public func column(_ field: ImportField) -> Int { fieldColumns[field] }

    private static func flatten(_ columns: [ImportField: Int]) -> FieldColumns {
        var flat = FieldColumns()
        for (field, index) in columns { flat[field] = index }
        return flat
    }

    init(kind: ImportKind, dialectName: String, dialectLabel: String, delimiter: UInt8, headerLine: Int, headers: [String],
         columns: [ImportField: Int], channel: Channel?, statuses: [String: OrderStatus],
         afterSalesOutcomes: [String: AfterSalesOutcome], provinceFromAddress: Bool) {
        self.kind = kind
        self.dialectName = dialectName
        self.dialectLabel = dialectLabel
        self.delimiter = delimiter
        self.headerLine = headerLine
        self.headers = headers
        self.columns = columns
        self.fieldColumns = Self.flatten(columns)
        self.channel = channel
        self.statuses = statuses
        self.afterSalesOutcomes = afterSalesOutcomes
        self.provinceFromAddress = provinceFromAddress
    }

    /// Finds the header row among the first 20 rows and the dialect that explains it best.
    /// `kind` narrows the search; `mapping` adds or overrides columns; `channel` is the `--channel` default.
    public static func make(bytes: [UInt8], file: String, kind: ImportKind?, mapping: ImportMapping?,
                            channel: Channel?) throws(ImportError) -> ImportPlan {
        let delimiter = CSVScanner.detectDelimiter(bytes)
        var candidates: [(line: Int, cells: [String])] = []
        CSVScanner.forEachRow(in: bytes, delimiter: delimiter) { row in
            candidates.append((row.line, (0..<row.count).map { CellText.header(row.rawString($0) ?? "") }))
            return candidates.count < 20
        }
        if candidates.isEmpty { throw .empty(file: file) }

        let wantedKind = mapping?.kind ?? kind
        var dialects = Dialects.all.filter { wantedKind == nil || $0.kind == wantedKind }
        if let forced = mapping?.dialect.flatMap(Dialects.named) {
            dialects = [forced]
        } else if let mapping, !mapping.columns.isEmpty {
            // A mapping without `dialect =` starts from Regulars' own headers, never from a platform's guess.
            dialects = dialects.filter { $0.channel == nil }
        }
        if dialects.isEmpty, let wantedKind {
            dialects = [ImportDialect(name: "mapping", label: "mapping file", kind: wantedKind, channel: nil,
                                      columns: [:], signature: [])]
        }

        var best: (score: Int, dialect: ImportDialect, line: Int, cells: [String])?
        for dialect in dialects {
            for candidate in candidates {
                let lookup = Set(candidate.cells.map { $0.lowercased() })
                let signatureFound = dialect.signature.allSatisfy { lookup.contains($0.lowercased()) }
                let mapped = mapping?.columns.values.filter { lookup.contains($0.lowercased()) }.count ?? 0
                guard signatureFound || mapped > 0 else { continue }
                let score = dialect.columns.values.filter { aliases in
                    aliases.contains { lookup.contains($0.lowercased()) }
                }.count + mapped * 2 + (signatureFound ? 1 : 0)
                if score > (best?.score ?? 0) { best = (score, dialect, candidate.line, candidate.cells) }
            }
        }
        guard let best else { throw .noHeader(file: file, kind: wantedKind) }

        let index = Dictionary(best.cells.enumerated().map { ($0.element.lowercased(), $0.offset) }) { first, _ in first }
        var columns: [ImportField: Int] = [:]
        for field in ImportField.fields(for: best.dialect.kind) {
            if let header = mapping?.columns[field] {
                guard let position = index[header.lowercased()] else {
                    throw .mapping(source: "mapping", line: 0, reason: "\(field.rawValue) = \(header): no such column in \(file)")
                }
                columns[field] = position
            } else if let aliases = best.dialect.columns[field],
                      let position = aliases.lazy.compactMap({ index[$0.lowercased()] }).first {
                columns[field] = position
            }
        }
        var statuses = best.dialect.statuses.merging(Dialects.canonicalStatuses) { own, _ in own }
        statuses.merge(mapping?.statuses ?? [:]) { _, override in override }

        let plan = ImportPlan(
            kind: best.dialect.kind, dialectName: mapping?.columns.isEmpty == false ? best.dialect.name + "+mapping" : best.dialect.name,
            dialectLabel: best.dialect.label, delimiter: delimiter, headerLine: best.line, headers: best.cells,
            columns: columns, channel: channel ?? mapping?.channel ?? best.dialect.channel, statuses: statuses,
            afterSalesOutcomes: AfterSalesWords.outcomes.merging(mapping?.afterSalesOutcomes ?? [:]) { _, override in override },
            provinceFromAddress: best.dialect.provinceFromAddress)
        let missing = plan.requiredFields.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw .missingColumns(file: file, line: best.line, fields: missing, dialect: best.dialect.name)
        }
        let identityColumns: [ImportField] = [.customerID, .phone, .email, .unionID]
        if plan.kind == .customers || plan.kind == .events, !identityColumns.contains(where: { columns[$0] != nil }) {
            throw .missingColumns(file: file, line: best.line, fields: [.customerID], dialect: best.dialect.name)
        }
        if plan.channel == nil, columns[.channel] == nil { throw .noChannel(file: file) }
        return plan
    }

    /// Fields a file of this kind cannot do without.
    public var requiredFields: [ImportField] {
        switch kind {
        case .orders, .lines: return [.orderID]
        case .afterSales: return [.orderID, .afterSalesStatus]
        case .customers: return []
        case .events: return [.eventType, .occurredAt]
        }
    }
}
