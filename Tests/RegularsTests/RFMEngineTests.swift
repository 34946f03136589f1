import Testing
@testable import Regulars

/// Local seconds of a local date and time (the engine's time unit).
private func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12) -> Int64 {
    CivilDate(year: year, month: month, day: day).daysSinceEpoch * 86_400 + Int64(hour * 3600)
}

/// Purchases from (customer, local seconds, net fen) triples.
private func purchases(_ customers: Int, _ rows: [(Int, Int64, Int64)]) -> PurchaseColumns {
    var columns = PurchaseColumns(customerCount: customers)
    for (customer, at, net) in rows { columns.append(customer: Int32(customer), localSeconds: at, net: net) }
    return columns
}

@Suite("RFM engine")
struct RFMEngineTests {
    let asOf = local(2026, 11, 20, 23)

    @Test("recency in local days, frequency and monetary inside the window, later purchases ignored")
    func aggregates() {
        let table = SegmentTable(purchases: purchases(3, [
            (0, local(2026, 11, 20, 0), 100),   // the as-of day itself: recency 0
            (0, local(2025, 11, 21), 50),       // 364 days before: inside a 365-day window
            (0, local(2025, 11, 20), 70),       // 365 days before: outside, but lifetime
            (1, local(2026, 11, 21), 999),      // after the as-of moment: not seen at all
            (2, local(2026, 11, 1), 30),
        ]), asOfLocalSeconds: asOf, settings: SegmentationSettings())
        let first = table.segment(0)
        #expect(first.recencyDays == 0)
        #expect(first.frequency == 2)
        #expect(first.monetary == Money(fen: 150))
        #expect(first.orders == 3)
        #expect(first.spend == Money(fen: 220))
        #expect(first.firstPurchaseDay == CivilDate(year: 2025, month: 11, day: 20))
        #expect(table.segment(1).orders == 0)
        #expect(table.segment(1).pyramid == nil)
        #expect(table.segment(2).recencyDays == 19)
        #expect(table.baseline.population == 2)
    }

    @Test("quintile scores: 1 + ⌊5·(strictly worse)/N⌋, equal values share a score")
    func scoresWithTies() {
        // Ten customers; monetary 10,20,…,100 except customers 4 and 5 tie at 50.
        var rows: [(Int, Int64, Int64)] = []
        let monetary: [Int64] = [10, 20, 30, 40, 50, 50, 70, 80, 90, 100]
        for (c, m) in monetary.enumerated() { rows.append((c, local(2026, 11, 20 - c), m)) }
        let table = SegmentTable(purchases: purchases(10, rows), asOfLocalSeconds: asOf, settings: SegmentationSettings())
        let m = (0..<10).map { table.segment($0).mScore! }
        // worse counts 0,1,2,3,4,4,6,7,8,9 → 1,1,2,2,3,3,4,4,5,5
        #expect(m == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        // recency 0…9 days: the most recent scores 5.
        let r = (0..<10).map { table.segment($0).rScore! }
        #expect(r == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        // All frequencies equal: nobody is worse than anybody, all score 1.
        #expect((0..<10).allSatisfy { table.segment($0).fScore == 1 })
    }

    @Test("classes: high against the mean is strictly above it (R: strictly more recent); median is a setting")
    func classes() {
        // Recency 0, 10, 20 days; frequency 3, 1, 1; monetary 900, 100, 500 (mean 500: 500 is not high).
        let rows: [(Int, Int64, Int64)] = [
            (0, local(2026, 11, 20), 300), (0, local(2026, 11, 10), 300), (0, local(2026, 11, 1), 300),
            (1, local(2026, 11, 10), 100),
            (2, local(2026, 10, 31), 500),
        ]
        var settings = SegmentationSettings()
        let table = SegmentTable(purchases: purchases(3, rows), asOfLocalSeconds: asOf, settings: settings)
        // mean recency (0+10+20)/3 = 10: customer 1 at exactly 10 is not more recent → R low.
        #expect(table.segment(0).rfmClass == .importantValue)
        #expect(table.segment(1).rfmClass == .generalRetain)
        #expect(table.segment(2).rfmClass == .generalRetain)
        settings.classBasis = .median
        let byMedian = SegmentTable(purchases: purchases(3, rows), asOfLocalSeconds: asOf, settings: settings)
        // medians: recency 10, frequency 1, monetary 500 — the same classes here, F of customer 0 still high.
        #expect(byMedian.segment(0).rfmClass == .importantValue)
        #expect(byMedian.baseline.monetaryBasis == .init(numerator: 500, denominator: 1))
    }

    @Test("pyramid levels and lifecycle stages at their edges")
    func pyramidAndLifecycle() {
        let s = SegmentationSettings()
        #expect(SegmentRules.pyramid(recencyDays: 181, tenureDays: 400, orders: 9, mScore: 5, settings: s) == .lost)
        #expect(SegmentRules.pyramid(recencyDays: 180, tenureDays: 400, orders: 9, mScore: 5, settings: s) == .dozing)
        #expect(SegmentRules.pyramid(recencyDays: 91, tenureDays: 400, orders: 9, mScore: 5, settings: s) == .dozing)
        #expect(SegmentRules.pyramid(recencyDays: 30, tenureDays: 400, orders: 6, mScore: 4, settings: s) == .champion)
        #expect(SegmentRules.pyramid(recencyDays: 30, tenureDays: 400, orders: 5, mScore: 5, settings: s) == .potential)
        #expect(SegmentRules.pyramid(recencyDays: 30, tenureDays: 400, orders: 6, mScore: 3, settings: s) == .potential)
        #expect(SegmentRules.pyramid(recencyDays: 31, tenureDays: 400, orders: 9, mScore: 5, settings: s) == .potential)
        #expect(SegmentRules.pyramid(recencyDays: 5, tenureDays: 30, orders: 2, mScore: 2, settings: s) == .new)
        #expect(SegmentRules.pyramid(recencyDays: 60, tenureDays: 60, orders: 1, mScore: 2, settings: s) == .new)
        #expect(SegmentRules.lifecycle(recencyDays: 3, tenureDays: 7, settings: s) == .new)
        #expect(SegmentRules.lifecycle(recencyDays: 30, tenureDays: 8, settings: s) == .active)
        #expect(SegmentRules.lifecycle(recencyDays: 30, tenureDays: 180, settings: s) == .loyal)
        #expect(SegmentRules.lifecycle(recencyDays: 31, tenureDays: 180, settings: s) == .silent)
        #expect(SegmentRules.lifecycle(recencyDays: 90, tenureDays: 180, settings: s) == .silent)
        #expect(SegmentRules.lifecycle(recencyDays: 91, tenureDays: 180, settings: s) == .churned)
        #expect(!SegmentRules.sleepWarning(recencyDays: 30, settings: s))
        #expect(SegmentRules.sleepWarning(recencyDays: 31, settings: s))
        #expect(SegmentRules.sleepWarning(recencyDays: 60, settings: s))
        #expect(!SegmentRules.sleepWarning(recencyDays: 61, settings: s))
    }

    @Test("a stored baseline re-scores one customer exactly as the full computation did")
    func incrementalMatchesFull() {
        var random = AudienceRandom(seed: 7)
        let history = randomHistory(customers: 300, &random)
        let full = SegmentTable(purchases: history, asOfLocalSeconds: asOf, settings: SegmentationSettings())
        for customer in stride(from: 0, to: 300, by: 17) {
            var own = PurchaseColumns(customerCount: 1)
            for k in 0..<history.count where history.customer[k] == Int32(customer) {
                own.append(customer: 0, localSeconds: history.localSeconds[k], net: history.net[k])
            }
            let aggregates = CustomerAggregates(own, asOfLocalSeconds: asOf, windowDays: 365)
            let one = SegmentTable(aggregates: aggregates, baseline: full.baseline, settings: SegmentationSettings())
            #expect(one.segment(0) == full.segment(customer))
        }
    }

    @Test("the columnar engine agrees with a slow obvious implementation on random histories", arguments: [1, 2, 3, 4, 5])
    func propertyAgainstReference(seed: UInt64) {
        var random = AudienceRandom(seed: seed)
        var settings = SegmentationSettings()
        if seed % 2 == 0 { settings.classBasis = .median }
        settings.rfmWindowDays = [365, 180, 30][Int(seed % 3)]
        let history = randomHistory(customers: random.below(400) + 1, &random)
        let table = SegmentTable(purchases: history, asOfLocalSeconds: asOf, settings: settings)
        let expected = SlowRFM.segments(history, asOf: asOf, settings: settings)
        for c in 0..<history.customerCount {
            #expect(table.segment(c) == expected[c], "customer \(c)")
        }
    }

    @Test("the radix sort sorts, negatives included")
    func radixSort() {
        var random = AudienceRandom(seed: 11)
        let values = (0..<20_000).map { _ in Int64(random.below(2_000_000)) - 1_000_000 } + [Int64.min, Int64.max, 0]
        #expect(IntegerSort.ascending(values) == values.sorted())
    }
}

/// Random purchase histories: most customers buy once, some often; days over two years, a few after the as-of.
func randomHistory(customers: Int, _ random: inout AudienceRandom) -> PurchaseColumns {
    var columns = PurchaseColumns(customerCount: customers)
    let asOfDay = CivilDate(year: 2026, month: 11, day: 20).daysSinceEpoch
    for c in 0..<customers {
        let count = random.below(10) < 6 ? random.below(2) + 1 : random.below(12) + 1
        for _ in 0..<count {
            let day = asOfDay - Int64(random.below(730)) + (random.below(50) == 0 ? 3 : 0)
            let net = Int64(random.below(8)) * 2_500  // few distinct amounts: many ties
            columns.append(customer: Int32(c), localSeconds: day * 86_400 + Int64(random.below(86_400)), net: net)
        }
    }
    return columns
}

/// RFM the long way: per-customer lists, scores by counting worse customers one by one, classes by fractions.
enum SlowRFM {
    static func segments(_ history: PurchaseColumns, asOf: Int64, settings: SegmentationSettings) -> [CustomerSegment?] {
        let asOfDay = Int64((Double(asOf) / 86_400).rounded(.down))
        var days: [[Int64]] = Array(repeating: [], count: history.customerCount)
        var nets: [[Int64]] = Array(repeating: [], count: history.customerCount)
        for k in 0..<history.count where history.localSeconds[k] <= asOf {
            let c = Int(history.customer[k])
            days[c].append(Int64((Double(history.localSeconds[k]) / 86_400).rounded(.down)))
            nets[c].append(history.net[k])
        }
        struct Values { var recency: Int64; var frequency: Int64; var monetary: Int64 }
        var scored: [Int: Values] = [:]
        for c in 0..<history.customerCount {
            let inWindow = days[c].indices.filter { days[c][$0] > asOfDay - Int64(settings.rfmWindowDays) }
            guard !inWindow.isEmpty else { continue }
            scored[c] = Values(recency: asOfDay - days[c].max()!, frequency: Int64(inWindow.count),
                               monetary: inWindow.reduce(0) { $0 + nets[c][$1] })
        }
        let all = Array(scored.values)
        let n = all.count
        func score(_ worse: Int) -> Int { 1 + 5 * worse / n }
        func basis(_ values: [Int64]) -> (Int64, Int64) {
            if settings.classBasis == .mean { return (values.reduce(0, +), Int64(values.count)) }
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? (sorted[sorted.count / 2], 1) : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2], 2)
        }
        let (rNum, rDen) = basis(all.map(\.recency))
        let (fNum, fDen) = basis(all.map(\.frequency))
        let (mNum, mDen) = basis(all.map(\.monetary))

        return (0..<history.customerCount).map { c -> CustomerSegment? in
            guard !days[c].isEmpty else {
                return CustomerSegment(recencyDays: nil, frequency: 0, monetary: .zero, rScore: nil, fScore: nil, mScore: nil,
                                       rfmClass: nil, pyramid: nil, lifecycle: nil, sleepWarning: false, orders: 0,
                                       spend: .zero, firstPurchaseDay: nil, lastPurchaseDay: nil)
            }
            let recency = Int(asOfDay - days[c].max()!)
            let tenure = Int(asOfDay - days[c].min()!)
            var segment = CustomerSegment(
                recencyDays: recency, frequency: 0, monetary: .zero, rScore: nil, fScore: nil, mScore: nil, rfmClass: nil,
                pyramid: nil, lifecycle: nil, sleepWarning: false, orders: days[c].count,
                spend: Money(fen: nets[c].reduce(0, +)), firstPurchaseDay: CivilDate(daysSinceEpoch: days[c].min()!),
                lastPurchaseDay: CivilDate(daysSinceEpoch: days[c].max()!))
            if let v = scored[c] {
                segment.frequency = Int(v.frequency)
                segment.monetary = Money(fen: v.monetary)
                segment.rScore = score(all.filter { $0.recency > v.recency }.count)
                segment.fScore = score(all.filter { $0.frequency < v.frequency }.count)
                segment.mScore = score(all.filter { $0.monetary < v.monetary }.count)
                segment.rfmClass = RFMClass(recentHigh: v.recency * rDen < rNum, frequentHigh: v.frequency * fDen > fNum,
                                            monetaryHigh: v.monetary * mDen > mNum)
            }
            segment.pyramid = SegmentRules.pyramid(recencyDays: recency, tenureDays: tenure, orders: days[c].count,
                                                   mScore: segment.mScore, settings: settings)
            segment.lifecycle = SegmentRules.lifecycle(recencyDays: recency, tenureDays: tenure, settings: settings)
            segment.sleepWarning = SegmentRules.sleepWarning(recencyDays: recency, settings: settings)
            return segment
        }
    }
}
