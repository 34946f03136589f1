/// Reads a customers file: one profile per row. Rows must carry at least one identifying key.
public struct CustomerFileReader {
    public struct Result: Sendable {
        public var customers: [CustomerRecord]
        public var customerLines: [Int]
        public var rowsRead: Int
        public var rejections: [RowRejection]
    }

    let plan: ImportPlan
    let fields: RowFields

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.fields = RowFields(plan: plan, calendar: calendar)
    }

    public func read(_ bytes: [UInt8]) -> Result {
        let rows = RecordRows.read(bytes, plan: plan, parse: customer)
        return Result(customers: rows.records, customerLines: rows.lines, rowsRead: rows.rowsRead, rejections: rows.rejections)
    }

    private func customer(_ row: borrowing CSVRow) throws(RowProblem) -> CustomerRecord {
        let keys = try fields.keys(row)
        guard !keys.isEmpty else { throw RowProblem("no customer_id, phone, email or union_id to know the customer by") }
        var gender: Gender?
        if let text = row.text(plan.column(.gender)) {
            guard let parsed = Gender(parsing: text) else { throw RowProblem("gender: '\(text)' is not 女/男/female/male") }
            gender = parsed
        }
        var birthday: CivilDate?
        if let text = row.text(plan.column(.birthday)) {
            guard let parsed = CivilDateParser.parse(text) else { throw RowProblem("birthday: '\(text)' is not a date (expected 1990-05-17)") }
            birthday = parsed
        }
        var points: Int64?
        if let text = row.text(plan.column(.points)) {
            guard let parsed = QuantityParser.parse(text), parsed >= 0 else {
                throw RowProblem("points: '\(text)' is not a whole number of points")
            }
            points = Int64(parsed)
        }
        let region = fields.region(row)
        return CustomerRecord(keys: keys, name: row.text(plan.column(.name)), gender: gender, birthday: birthday,
                              province: region.province, city: region.city,
                              registeredAt: try fields.instant(row, .registeredAt),
                              nickname: row.text(plan.column(.nickname)),
                              tags: row.text(plan.column(.tags)).map(CustomerRecord.splitTags) ?? [],
                              points: points, memberSince: try fields.instant(row, .memberSince))
    }
}

/// Reads a behaviour-events file: one event per row.
public struct EventFileReader {
    public struct Result: Sendable {
        public var events: [EventRecord]
        public var eventLines: [Int]
        public var rowsRead: Int
        public var rejections: [RowRejection]
    }

    let plan: ImportPlan
    let fields: RowFields

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.fields = RowFields(plan: plan, calendar: calendar)
    }

    public func read(_ bytes: [UInt8]) -> Result {
        let rows = RecordRows.read(bytes, plan: plan, parse: event)
        return Result(events: rows.records, eventLines: rows.lines, rowsRead: rows.rowsRead, rejections: rows.rejections)
    }

    private func event(_ row: borrowing CSVRow) throws(RowProblem) -> EventRecord {
        let keys = try fields.keys(row)
        guard !keys.isEmpty else { throw RowProblem("no customer_id, phone, email or union_id to know the customer by") }
        guard let typeText = row.text(plan.column(.eventType)) else { throw RowProblem("event_type is empty") }
        guard let type = EventType(parsing: typeText) else {
            let known = EventType.allCases.map(\.rawValue).joined(separator: ", ")
            throw RowProblem("event_type: unknown event '\(typeText)' (known: \(known))")
        }
        guard let at = try fields.instant(row, .occurredAt) else { throw RowProblem("occurred_at is empty") }
        var duration: Int32?
        if let text = row.text(plan.column(.durationSeconds)) {
            guard let seconds = QuantityParser.parse(text), seconds >= 0 else {
                throw RowProblem("duration_seconds: '\(text)' is not a whole number of seconds")
            }
            duration = seconds
        }
        return EventRecord(keys: keys, type: type, sku: row.text(plan.column(.sku)), at: at,
                           text: row.text(plan.column(.text)), durationSeconds: duration)
    }
}

/// Files with one record per row: each data row becomes a record or a rejection with its line.
enum RecordRows {
    static func read<Record>(_ bytes: [UInt8], plan: ImportPlan,
                             parse: (borrowing CSVRow) throws(RowProblem) -> Record)
        -> (records: [Record], lines: [Int], rowsRead: Int, rejections: [RowRejection]) {
        var records: [Record] = []
        var lines: [Int] = []
        var rejections: [RowRejection] = []
        var rowsRead = 0
        CSVScanner.forEachRow(in: bytes, delimiter: plan.delimiter) { row in
            if row.line <= plan.headerLine { return true }
            rowsRead += 1
            do throws(RowProblem) {
                records.append(try parse(row))
                lines.append(row.line)
            } catch {
                rejections.append(RowRejection(line: row.line, reason: error.reason))
            }
            return true
        }
        return (records, lines, rowsRead, rejections)
    }
}
