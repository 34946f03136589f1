/// What `regulars import detect` shows before anything is written: how a file will be read, and its first rows as
/// Regulars understands them.
public struct ImportPreview: Sendable {
    public var plan: ImportPlan
    /// How the file was read: its text encoding, or the workbook sheet it came from.
    public var encoding: String
    /// Header cells no field is read from.
    public var unmappedHeaders: [String]
    public var orders: [(line: Int, order: OrderRecord)]
    public var customers: [(line: Int, customer: CustomerRecord)]
    public var events: [(line: Int, event: EventRecord)]
    public var lines: [(line: Int, order: OrderLinesRecord)]
    public var afterSales: [(line: Int, afterSales: AfterSalesRecord)]
    public var rejections: [RowRejection]

    /// Reads the header and the first `rows` data rows of `bytes` (UTF-8 CSV text, as decoded from the file).
    public static func make(bytes: [UInt8], encoding: String, file: String, kind: ImportKind?, mapping: ImportMapping?,
                            channel: Channel?, calendar: ShopCalendar, rows: Int = 5) throws(ImportError) -> ImportPreview {
        let plan = try ImportPlan.make(bytes: bytes, file: file, kind: kind, mapping: mapping, channel: channel)
        let mapped = Set(plan.columns.values)
        var preview = ImportPreview(
            plan: plan, encoding: encoding,
            unmappedHeaders: plan.headers.enumerated().filter { !mapped.contains($0.offset) && !$0.element.isEmpty }.map(\.element),
            orders: [], customers: [], events: [], lines: [], afterSales: [], rejections: [])
        // Enough rows for `rows` records even when orders span several line rows.
        let head = Array(bytes[..<CSVScanner.offset(afterLine: plan.headerLine + rows * 4, in: bytes)])
        switch plan.kind {
        case .orders:
            let result = OrderFileReader(plan: plan, calendar: calendar).read(head)
            preview.orders = Array(zip(result.orderLines, result.orders).sorted { $0.0 < $1.0 }.prefix(rows)).map { ($0.0, $0.1) }
            preview.rejections = Array(result.rejections.prefix(rows))
        case .lines:
            let result = LinesFileReader(plan: plan, calendar: calendar).read(head)
            preview.lines = Array(zip(result.orderLines, result.orders).sorted { $0.0 < $1.0 }.prefix(rows)).map { ($0.0, $0.1) }
            preview.rejections = Array(result.rejections.prefix(rows))
        case .afterSales:
            let result = AfterSalesFileReader(plan: plan, calendar: calendar).read(head)
            preview.afterSales = Array(zip(result.caseLines, result.cases).prefix(rows)).map { ($0.0, $0.1) }
            preview.rejections = Array(result.rejections.prefix(rows))
        case .customers:
            let result = CustomerFileReader(plan: plan, calendar: calendar).read(head)
            preview.customers = Array(zip(result.customerLines, result.customers).prefix(rows)).map { ($0.0, $0.1) }
            preview.rejections = Array(result.rejections.prefix(rows))
        case .events:
            let result = EventFileReader(plan: plan, calendar: calendar).read(head)
            preview.events = Array(zip(result.eventLines, result.events).prefix(rows)).map { ($0.0, $0.1) }
            preview.rejections = Array(result.rejections.prefix(rows))
        }
        return preview
    }
}
