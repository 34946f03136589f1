import Foundation
import GRDB
import Regulars

extension SQLiteStore: SegmentStore {
    public func loadBaseline() async throws -> (baseline: RFMBaseline, at: Instant)? {
        try await pool.read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT value FROM segment_state WHERE key = 'baseline'"),
                  let at = try String.fetchOne(db, sql: "SELECT value FROM segment_state WHERE key = 'computed_at'")
                    .flatMap({ Int64($0) })
            else { return nil }
            return (try JSONDecoder().decode(RFMBaseline.self, from: Data(json.utf8)), Instant(secondsSinceEpoch: at))
        }
    }

    public func changedCustomers() async throws -> [Int64] {
        try await pool.read { db in try Int64.fetchAll(db, sql: "SELECT customer_id FROM segment_dirty ORDER BY customer_id") }
    }

    public func saveSegments(_ table: SegmentTable, customerIDs: [Int64], full: Bool, clearing marks: [Int64],
                             at now: Instant) async throws -> SegmentRunReport {
        try await pool.write { db in
            var writer = try SegmentRowWriter(db: db, at: now)
            var report = SegmentRunReport(full: full)
            report.customers = customerIDs.count
            let stored = try StoredSegments(db: db, only: full ? nil : customerIDs)
            var covered = full ? [Bool](repeating: false, count: stored.capacity) : []
            for (index, id) in customerIDs.enumerated() {
                let new = SegmentRow(table, index)
                let old = stored.row(id)
                if full, Int(id) < covered.count { covered[Int(id)] = true }
                guard new != old else { continue }
                try writer.write(id, from: old, to: new)
            }
            if full {
                for id in stored.ids where Int(id) >= covered.count || !covered[Int(id)] {
                    try writer.write(id, from: stored.row(id), to: nil)
                }
                let json = String(decoding: try JSONEncoder().encode(table.baseline), as: UTF8.self)
                let previous = try String.fetchOne(db, sql: "SELECT value FROM segment_state WHERE key = 'baseline'")
                if previous != json {
                    try db.execute(sql: """
                        INSERT INTO segment_state(key, value) VALUES ('baseline', ?), ('computed_at', ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value
                        """, arguments: [json, String(now.secondsSinceEpoch)])
                }
            }
            var clear = try BulkStatement(db, "DELETE FROM segment_dirty WHERE customer_id = ?")
            for id in marks {
                clear.bind(id)
                try clear.run()
            }
            report.rowsChanged = writer.rowsChanged
            report.historyRows = writer.historyRows
            return report
        }
    }

    public func applyRuleTag(_ tag: String, members: [Int64], at now: Instant) async throws -> (added: Int, removed: Int) {
        try await pool.write { db in
            let holders = Set(try Int64.fetchAll(db, sql: "SELECT customer_id FROM customer_tags WHERE tag = ? AND source = 'rule'",
                                                 arguments: [tag]))
            let wanted = Set(members)
            var history = try BulkStatement(db, """
                INSERT INTO segment_history(customer_id, dimension, from_value, to_value, at) VALUES (?, 'tag', ?, ?, ?)
                """)
            var added = 0, removed = 0
            for id in members.sorted() where !holders.contains(id) {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO customer_tags(customer_id, tag, source, added_at) VALUES (?, ?, 'rule', ?)
                    """, arguments: [id, tag, now.secondsSinceEpoch])
                guard db.changesCount > 0 else { continue }
                added += 1
                history.bind(id); history.bind(nil as String?); history.bind(tag); history.bind(now)
                try history.run()
            }
            for id in holders.sorted() where !wanted.contains(id) {
                try db.execute(sql: "DELETE FROM customer_tags WHERE customer_id = ? AND tag = ? AND source = 'rule'",
                               arguments: [id, tag])
                removed += 1
                history.bind(id); history.bind(tag); history.bind(nil as String?); history.bind(now)
                try history.run()
            }
            return (added, removed)
        }
    }
}

/// One customer's stored segment row, with the enums as small codes (0: none).
struct SegmentRow: Equatable {
    var firstDay: Int64
    var lastDay: Int64
    var orders: Int64
    var spend: Int64
    var frequency: Int64
    var monetary: Int64
    var r: Int64, f: Int64, m: Int64
    var rfmClass: UInt8
    var pyramid: UInt8
    var lifecycle: UInt8
    var sleepWarning: Bool

    static let classes = RFMClass.allCases.map(\.rawValue)
    static let levels = PyramidLevel.allCases.map(\.rawValue)
    static let stages = LifecycleStage.allCases.map(\.rawValue)

    /// The row for customer `c` of `table`; nil for a customer without purchases (no row).
    init?(_ table: SegmentTable, _ c: Int) {
        let totals = table.aggregates
        guard totals.orders[c] > 0 else { return nil }
        firstDay = totals.firstDay[c]
        lastDay = totals.lastDay[c]
        orders = Int64(totals.orders[c])
        spend = totals.spend[c]
        frequency = Int64(totals.frequency[c])
        monetary = totals.monetary[c]
        r = Int64(table.rScore[c])
        f = Int64(table.fScore[c])
        m = Int64(table.mScore[c])
        rfmClass = table.rfmClass[c].map { UInt8(RFMClass.allCases.firstIndex(of: $0)! + 1) } ?? 0
        pyramid = table.pyramid[c].map { UInt8(PyramidLevel.allCases.firstIndex(of: $0)! + 1) } ?? 0
        lifecycle = table.lifecycle[c].map { UInt8(LifecycleStage.allCases.firstIndex(of: $0)! + 1) } ?? 0
        sleepWarning = table.sleepWarning[c]
    }

    init(firstDay: Int64, lastDay: Int64, orders: Int64, spend: Int64, frequency: Int64, monetary: Int64,
         r: Int64, f: Int64, m: Int64, rfmClass: UInt8, pyramid: UInt8, lifecycle: UInt8, sleepWarning: Bool) {
        (self.firstDay, self.lastDay, self.orders, self.spend) = (firstDay, lastDay, orders, spend)
        (self.frequency, self.monetary, self.r, self.f, self.m) = (frequency, monetary, r, f, m)
        (self.rfmClass, self.pyramid, self.lifecycle, self.sleepWarning) = (rfmClass, pyramid, lifecycle, sleepWarning)
    }

    static func name(_ code: UInt8, _ names: [String]) -> String? { code == 0 ? nil : names[Int(code) - 1] }

    static func code(_ bytes: UnsafeBufferPointer<UInt8>?, _ names: [String]) -> UInt8 {
        guard let bytes else { return 0 }
        for (index, name) in names.enumerated() where name.utf8.elementsEqual(bytes) { return UInt8(index + 1) }
        return 0
    }
}

/// The stored rows a write compares against, in an array indexed by customer id (ids are dense integers).
struct StoredSegments {
    private var rows: [SegmentRow?] = []
    private(set) var ids: [Int64] = []
    var capacity: Int { rows.count }

    init(db: Database, only: [Int64]?) throws {
        let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM customers") ?? 0
        rows = Array(repeating: nil, count: Int(maxID) + 1)
        let columns = """
            SELECT customer_id, first_purchase_day, last_purchase_day, orders, spend, frequency, monetary,
                   r_score, f_score, m_score, rfm_class, pyramid, lifecycle, sleep_warning FROM customer_segments
            """
        var select = try BulkStatement(db, only == nil ? columns : columns + " WHERE customer_id = ?")
        func read() {
            let id = select.int(0)!
            ids.append(id)
            rows[Int(id)] = SegmentRow(
                firstDay: select.int(1)!, lastDay: select.int(2)!, orders: select.int(3)!, spend: select.int(4)!,
                frequency: select.int(5)!, monetary: select.int(6)!, r: select.int(7) ?? 0, f: select.int(8) ?? 0,
                m: select.int(9) ?? 0, rfmClass: SegmentRow.code(select.bytes(10), SegmentRow.classes),
                pyramid: SegmentRow.code(select.bytes(11), SegmentRow.levels),
                lifecycle: SegmentRow.code(select.bytes(12), SegmentRow.stages), sleepWarning: select.int(13) == 1)
        }
        if let only {
            for id in only {
                select.bind(id)
                if try select.step() { read() }
                select.reset()
            }
        } else {
            while try select.step() { read() }
            select.reset()
        }
    }

    func row(_ id: Int64) -> SegmentRow? { Int(id) < rows.count ? rows[Int(id)] : nil }
}

/// Writes changed rows and one history row per moved dimension.
struct SegmentRowWriter {
    private var upsert: BulkStatement
    private var delete: BulkStatement
    private var history: BulkStatement
    private let at: Instant
    private(set) var rowsChanged = 0
    private(set) var historyRows = 0

    init(db: Database, at: Instant) throws {
        upsert = try BulkStatement(db, """
            INSERT INTO customer_segments(customer_id, first_purchase_day, last_purchase_day, orders, spend, frequency,
                monetary, r_score, f_score, m_score, rfm_class, pyramid, lifecycle, sleep_warning)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(customer_id) DO UPDATE SET first_purchase_day = excluded.first_purchase_day,
                last_purchase_day = excluded.last_purchase_day, orders = excluded.orders, spend = excluded.spend,
                frequency = excluded.frequency, monetary = excluded.monetary, r_score = excluded.r_score,
                f_score = excluded.f_score, m_score = excluded.m_score, rfm_class = excluded.rfm_class,
                pyramid = excluded.pyramid, lifecycle = excluded.lifecycle, sleep_warning = excluded.sleep_warning
            """)
        delete = try BulkStatement(db, "DELETE FROM customer_segments WHERE customer_id = ?")
        history = try BulkStatement(db, """
            INSERT INTO segment_history(customer_id, dimension, from_value, to_value, at) VALUES (?, ?, ?, ?, ?)
            """)
        self.at = at
    }

    mutating func write(_ id: Int64, from old: SegmentRow?, to new: SegmentRow?) throws {
        rowsChanged += 1
        if let new {
            upsert.bind(id)
            for value in [new.firstDay, new.lastDay, new.orders, new.spend, new.frequency, new.monetary] { upsert.bind(value) }
            for score in [new.r, new.f, new.m] { upsert.bind(score == 0 ? nil : score) }
            upsert.bind(SegmentRow.name(new.rfmClass, SegmentRow.classes))
            upsert.bind(SegmentRow.name(new.pyramid, SegmentRow.levels))
            upsert.bind(SegmentRow.name(new.lifecycle, SegmentRow.stages))
            upsert.bind(Int64(new.sleepWarning ? 1 : 0))
            try upsert.run()
        } else {
            delete.bind(id)
            try delete.run()
        }
        try move(id, .rfmClass, old?.rfmClass ?? 0, new?.rfmClass ?? 0, SegmentRow.classes)
        try move(id, .pyramid, old?.pyramid ?? 0, new?.pyramid ?? 0, SegmentRow.levels)
        try move(id, .lifecycle, old?.lifecycle ?? 0, new?.lifecycle ?? 0, SegmentRow.stages)
    }

    private mutating func move(_ id: Int64, _ dimension: SegmentDimension, _ from: UInt8, _ to: UInt8, _ names: [String]) throws {
        guard from != to else { return }
        history.bind(id)
        history.bind(dimension.rawValue)
        history.bind(SegmentRow.name(from, names))
        history.bind(SegmentRow.name(to, names))
        history.bind(at)
        try history.run()
        historyRows += 1
    }
}
