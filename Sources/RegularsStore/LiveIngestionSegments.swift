import Foundation
import GRDB
import Regulars

/// Keeps stored segments current inside a live-ingestion transaction: the customers the write marked (the
/// `segment_dirty` triggers mark every customer whose purchases changed, merges included) are re-scored against the
/// baseline of the last full recompute and their marks cleared, as `SegmentRecompute.changed` does, but for those
/// customers only and in the same transaction.
///
/// Rule tags are not re-evaluated here: a rule can compare a customer with the whole shop, so evaluating one loads
/// every customer, which a request cannot afford. They follow at the next full recompute (or `changed` run).
///
/// Before the first full recompute there is no baseline (no quantile boundaries to score against) and no stored
/// segment for anyone, so there is nothing to keep current and nothing is marked: the ingested orders are in the
/// store and counted by the 360° view at once, and the first full recompute scores everyone. A request never runs
/// one itself, as it reads the whole shop.
struct LiveSegmentRescore {
    let db: Database
    let settings: ShopSettings
    let now: Instant

    /// Re-scores the marked customers; returns how many there were.
    @discardableResult
    func rescoreMarked() throws -> Int {
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM segment_state WHERE key = 'baseline'") else { return 0 }
        // Marks are few: every writer that makes them (imports, this) re-scores and clears them.
        let marks = try Int64.fetchAll(db, sql: "SELECT customer_id FROM segment_dirty ORDER BY customer_id")
        guard !marks.isEmpty else { return 0 }
        let baseline = try JSONDecoder().decode(RFMBaseline.self, from: Data(json.utf8))
        let calendar = settings.calendar
        let aggregates = CustomerAggregates(try SQLiteStore.purchases(of: marks, calendar: calendar, in: db),
                                            asOfLocalSeconds: calendar.localSeconds(now),
                                            windowDays: settings.segmentation.rfmWindowDays)
        let table = SegmentTable(aggregates: aggregates, baseline: baseline, settings: settings.segmentation)
        var writer = try SegmentRowWriter(db: db, at: now)
        var clear = try BulkStatement(db, "DELETE FROM segment_dirty WHERE customer_id = ?")
        for (index, id) in marks.enumerated() {
            let new = SegmentRow(table, index)
            let old = try storedRow(id)
            if new != old { try writer.write(id, from: old, to: new) }
            clear.bind(id)
            try clear.run()
        }
        return marks.count
    }

    private func storedRow(_ id: Int64) throws -> SegmentRow? {
        var select = try BulkStatement(db, """
            SELECT first_purchase_day, last_purchase_day, orders, spend, frequency, monetary, r_score, f_score, m_score,
                   rfm_class, pyramid, lifecycle, sleep_warning FROM customer_segments WHERE customer_id = ?
            """)
        select.bind(id)
        defer { select.reset() }
        guard try select.step() else { return nil }
        return SegmentRow(
            firstDay: select.int(0)!, lastDay: select.int(1)!, orders: select.int(2)!, spend: select.int(3)!,
            frequency: select.int(4)!, monetary: select.int(5)!, r: select.int(6) ?? 0, f: select.int(7) ?? 0,
            m: select.int(8) ?? 0, rfmClass: SegmentRow.code(select.bytes(9), SegmentRow.classes),
            pyramid: SegmentRow.code(select.bytes(10), SegmentRow.levels),
            lifecycle: SegmentRow.code(select.bytes(11), SegmentRow.stages), sleepWarning: select.int(12) == 1)
    }
}
