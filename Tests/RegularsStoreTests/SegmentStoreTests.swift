import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Segments in the store")
struct SegmentStoreTests {
    static let header = "order_id,channel,customer_id,phone,status,paid_at,amount,refund_amount,sku,category"
    let settings = ShopSettings()
    var calendar: ShopCalendar { settings.calendar }

    /// The end of a local day in Shanghai.
    func endOf(_ year: Int, _ month: Int, _ day: Int) -> Instant {
        calendar.instant(CivilDate(year: year, month: month, day: day), ClockTime(hour: 23, minute: 59, second: 59))
    }

    func id(_ account: String, _ store: SQLiteStore) async throws -> Int64 {
        try #require(try await store.customerProfile(.account(account), recentLimit: 0)).id
    }

    @Test("refunded orders are not purchases; a partial refund counts what was kept")
    func refundsAndNet() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                \(Self.header)
                1,tmall,amy,,paid,2026-11-01 10:00:00,100.00,,S1,口红
                2,tmall,amy,,refunded,2026-11-05 10:00:00,200.00,200.00,S1,口红
                3,tmall,amy,,paid,2026-10-01 10:00:00,80.00,30.00,S2,粉底
                4,tmall,amy,,cancelled,2026-11-10 10:00:00,500.00,,S2,粉底
                """, kind: .orders, into: store)
            _ = try await SegmentRecompute.full(store, settings: settings, now: endOf(2026, 11, 20))
            let segment = try #require(try await store.storedSegment(customer: try await id("amy", store), calendar: calendar))
            #expect(segment.frequency == 2)
            #expect(segment.monetary == Money(fen: 15_000))
            #expect(segment.recencyDays == 19)
            #expect(segment.firstPurchaseDay == CivilDate(year: 2026, month: 10, day: 1))
        }
    }

    @Test("days are the shop's days: 00:30 in Shanghai is 16:30 UTC the day before")
    func timeZoneDayBoundary() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                \(Self.header)
                1,tmall,early,,paid,2026-11-19T16:30:00Z,10,,S1,
                2,tmall,late,,paid,2026-11-19T15:59:59Z,10,,S1,
                """, kind: .orders, into: store)
            _ = try await SegmentRecompute.full(store, settings: settings, now: endOf(2026, 11, 20))
            #expect(try await store.storedSegment(customer: try await id("early", store), calendar: calendar)?.recencyDays == 0)
            #expect(try await store.storedSegment(customer: try await id("late", store), calendar: calendar)?.recencyDays == 1)
        }
    }

    @Test("history is written only on change: recomputing at the same moment writes nothing")
    func historyOnlyOnChange() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                \(Self.header)
                1,tmall,amy,,paid,2026-11-18 10:00:00,100,,S1,
                2,jd,bob,,paid,2026-06-01 10:00:00,300,,S2,
                """, kind: .orders, into: store)
            let first = try await SegmentRecompute.full(store, settings: settings, now: endOf(2026, 11, 20))
            #expect(first.rowsChanged == 2)
            #expect(first.historyRows == 6)  // class, pyramid and lifecycle for each, from nothing
            let again = try await SegmentRecompute.full(store, settings: settings, now: endOf(2026, 11, 20))
            #expect(again.rowsChanged == 0)
            #expect(again.historyRows == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM segment_history") == 6)
            // A day later nobody moves between segments: no history, and amy's row (kept as days, not a recency) stays.
            let nextDay = try await SegmentRecompute.full(store, settings: settings, now: endOf(2026, 11, 21))
            #expect(nextDay.historyRows == 0)
            #expect(nextDay.rowsChanged == 0)
        }
    }

    @Test("the flow matrix between two dates and who moved from one level to another")
    func flowAndMoves() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                \(Self.header)
                1,tmall,amy,,paid,2026-05-20 10:00:00,100,,S1,
                2,tmall,amy,,paid,2026-06-20 10:00:00,100,,S1,
                3,jd,bob,,paid,2026-06-10 10:00:00,300,,S2,
                4,jd,cat,,paid,2026-01-10 10:00:00,300,,S2,
                """, kind: .orders, into: store)
            let july = endOf(2026, 7, 1)
            _ = try await SegmentRecompute.full(store, settings: settings, now: july)
            let november = endOf(2026, 11, 20)
            _ = try await SegmentRecompute.full(store, settings: settings, now: november)
            let cells = try await store.segmentFlow(.pyramid, from: july, to: november)
            // amy (two orders, first 42 days before July): 潜力 → 瞌睡; bob: 新客 → 瞌睡; cat: 瞌睡 → 流失.
            #expect(cells.contains(SegmentFlowCell(from: "potential", to: "dozing", customers: 1)))
            #expect(cells.contains(SegmentFlowCell(from: "new", to: "dozing", customers: 1)))
            #expect(cells.contains(SegmentFlowCell(from: "dozing", to: "lost", customers: 1)))
            #expect(cells.reduce(0) { $0 + $1.customers } == 3)
            // Before anything was computed everyone was in no level.
            let fromNothing = try await store.segmentFlow(.pyramid, from: endOf(2026, 1, 1), to: july)
            #expect(fromNothing.allSatisfy { $0.from == nil })
            let moves = try await store.segmentMoves(.pyramid, from: "potential", to: "dozing", since: endOf(2026, 11, 1),
                                                     until: november + 1)
            #expect(moves.map(\.customerID) == [try await id("amy", store)])
        }
    }

    @Test("an import marks the customers it touched; an update re-scores only them against the stored boundaries")
    func incrementalUpdate() async throws {
        try await withTestStore { store, _ in
            var rows = [Self.header]
            for n in 1...20 { rows.append("\(n),tmall,c\(n),,paid,2026-0\(n % 9 + 1)-15 10:00:00,\(n * 10),,S1,") }
            _ = try await importCSV(rows.joined(separator: "\n"), kind: .orders, into: store)
            #expect(try await store.changedCustomers().isEmpty)  // no marks before segments exist
            let now = endOf(2026, 11, 20)
            _ = try await SegmentRecompute.full(store, settings: settings, now: now)
            let baseline = try #require(try await store.loadBaseline()).baseline

            _ = try await importCSV("\(Self.header)\n100,tmall,c3,,paid,2026-11-19 10:00:00,999,,S1,\n",
                                    kind: .orders, into: store, now: now)
            let c3 = try await id("c3", store)
            #expect(try await store.changedCustomers() == [c3])
            let report = try await SegmentRecompute.changed(store, settings: settings, now: now)
            #expect(report.customers == 1)
            #expect(report.rowsChanged == 1)
            #expect(try await store.changedCustomers().isEmpty)
            #expect(try #require(try await store.loadBaseline()).baseline == baseline)
            let segment = try #require(try await store.storedSegment(customer: c3, calendar: calendar))
            #expect(segment.recencyDays == 1)
            #expect(segment.frequency == 2)
            #expect(segment.rScore == 5)
        }
    }

    @Test("a merge marks both customers; the absorbed one leaves its segments with a recorded move")
    func mergeMovesSegments() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                \(Self.header)
                1,tmall,amy,13812345678,paid,2026-11-01 10:00:00,100,,S1,
                2,jd,amy_jd,,paid,2026-11-02 10:00:00,100,,S1,
                """, kind: .orders, into: store)
            let now = endOf(2026, 11, 20)
            _ = try await SegmentRecompute.full(store, settings: settings, now: now)
            let absorbed = try await id("amy_jd", store)
            _ = try await importCSV("\(Self.header)\n3,jd,amy_jd,13812345678,paid,2026-11-03 10:00:00,50,,S1,\n",
                                    kind: .orders, into: store, now: now)
            let survivor = try await id("amy", store)
            #expect(survivor != absorbed)
            #expect(Set(try await store.changedCustomers()).isSuperset(of: [survivor, absorbed]))
            _ = try await SegmentRecompute.changed(store, settings: settings, now: now)
            #expect(try await store.storedSegment(customer: survivor, calendar: calendar)?.orders == 3)
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_segments WHERE customer_id = \(absorbed)") == 0)
            #expect(try store.scalar("""
                SELECT COUNT(*) FROM segment_history WHERE customer_id = \(absorbed) AND to_value IS NULL AND dimension = 'pyramid'
                """) == 1)
        }
    }

    @Test("manual tags are kept with their history; audiences keep their definition")
    func tagsAndAudiences() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("\(Self.header)\n1,tmall,amy,,paid,2026-11-01 10:00:00,100,,S1,\n", kind: .orders, into: store)
            let amy = try await id("amy", store)
            #expect(try await store.addTag("敏感肌", to: amy, at: fixedNow))
            #expect(try await !store.addTag("敏感肌", to: amy, at: fixedNow))
            #expect(try await store.removeTag("敏感肌", from: amy, at: fixedNow + 60))
            #expect(try await !store.removeTag("敏感肌", from: amy, at: fixedNow + 60))
            let history = try await store.segmentHistory(customer: amy)
            #expect(history.map { [$0.from ?? "-", $0.to ?? "-"] } == [["-", "敏感肌"], ["敏感肌", "-"]])

            let saved = try await store.saveAudience(name: "潜力口红", definition: "pyramid = 潜力", at: fixedNow)
            _ = try await store.saveAudience(name: "潜力口红", definition: "pyramid = potential", at: fixedNow + 5)
            let loaded = try #require(try await store.audience(named: "潜力口红"))
            #expect(loaded.definition == "pyramid = potential")
            #expect(loaded.createdAt == saved.createdAt)
            #expect(loaded.updatedAt == fixedNow + 5)
            #expect(try await store.deleteAudience(named: "潜力口红"))
            #expect(try await store.audiences().isEmpty)
        }
    }
}
