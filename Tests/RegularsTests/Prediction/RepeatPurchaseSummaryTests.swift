import Foundation
import Testing
@testable import Regulars

@Suite("Repeat-purchase summary and the holdout check")
struct RepeatPurchaseSummaryTests {
    /// Local seconds at noon of a day counted from 2026-01-01.
    static func noon(_ day: Int64) -> Int64 { (20_454 + day) * 86_400 + 43_200 }

    /// Customer 0: days 0, 0 (same day), 10, 30 at 100, 50+50, 80, 120 yuan; customer 1: day 20 only; customer 2:
    /// days 5 and 95 (after calibration); customer 3: first buys on day 95 (only in the holdout).
    static var purchases: PurchaseColumns {
        var columns = PurchaseColumns(customerCount: 4)
        for (c, day, yuan) in [(0, 0, 100), (0, 0, 50), (2, 5, 70), (0, 10, 80), (1, 20, 60), (0, 30, 120),
                               (2, 95, 90), (3, 95, 40)] as [(Int32, Int64, Int64)] {
            columns.append(customer: c, localSeconds: noon(day), net: yuan * 100)
        }
        return columns
    }

    @Test("x, tₓ and T in days, same-day purchases once, mean spend of the repeat days")
    func days() {
        let summary = RepeatPurchaseSummary(Self.purchases, calibrationEnd: Self.noon(40))
        #expect(summary.customer == [0, 1, 2])
        #expect(summary.frequency == [2, 0, 0])
        #expect(summary.recency == [30, 0, 0])
        #expect(summary.age == [40, 20, 35])
        // Repeat days 10 and 30: (80 + 120) / 2; the first day's 150 is not a repeat purchase.
        #expect(summary.averageSpend == [100, 0, 0])
        #expect(summary.historyDays == 40)
        #expect(summary.holdoutPurchases.isEmpty)
        #expect(summary.repeatRows == [0])
    }

    @Test("weeks divide the same days by 7")
    func weeks() {
        let summary = RepeatPurchaseSummary(Self.purchases, calibrationEnd: Self.noon(40), unit: .weeks)
        #expect(summary.recency[0] == 30.0 / 7)
        #expect(summary.age[0] == 40.0 / 7)
        #expect(summary.frequency[0] == 2)
    }

    @Test("a holdout counts purchase days after calibration; customers new in the holdout are left out")
    func holdout() {
        let summary = RepeatPurchaseSummary(Self.purchases, calibrationEnd: Self.noon(40), observationEnd: Self.noon(100))
        #expect(summary.customer == [0, 1, 2])
        #expect(summary.holdoutPurchases == [0, 0, 1])
        #expect(summary.holdoutLength == 60)
        #expect(summary.frequency == [2, 0, 0])
    }

    @Test("the holdout table groups by calibration frequency and adds up to the totals")
    func holdoutTable() throws {
        let simulator = RepeatPurchaseSimulator(
            purchase: BGNBDParameters(r: 0.5, alpha: 10, a: 0.8, b: 2.5),
            spend: GammaGammaParameters(p: 6, q: 4, v: 50), ages: 200...400, wholeUnits: true)
        // Customers simulated over T + 100 days; the last 100 are the holdout.
        let whole = simulator.summary(customers: 3_000, seed: 11)
        var purchases = PurchaseColumns(customerCount: whole.count)
        var random = DemoRandom(seed: 3)
        let end: Int64 = 500
        for c in 0..<whole.count {
            let first = end - Int64(whole.age[c])
            purchases.append(customer: Int32(c), localSeconds: first * 86_400, net: 5_000)
            // Spread the customer's x repeat purchases over distinct days up to their recency.
            var days = Set<Int64>()
            let x = Int(whole.frequency[c]), span = Int64(whole.recency[c])
            if x > 0, span > 0 {
                days.insert(first + span)
                while days.count < min(x, Int(span)) { days.insert(first + 1 + Int64(random.below(Int(span)))) }
            }
            for day in days { purchases.append(customer: Int32(c), localSeconds: day * 86_400, net: 5_000) }
        }
        let table = try #require(HoldoutComparison(purchases, asOf: end * 86_400, holdoutDays: 100, unit: .days))
        #expect(table.groups.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7+"])
        #expect(table.groups.reduce(0) { $0 + $1.customers } == table.customers)
        let actual = table.groups.reduce(0.0) { $0 + $1.actual * Double($1.customers) }
        #expect(abs(actual - table.actualTotal) < 1e-6)
        // Customers who bought more often in calibration are expected to buy more in the holdout, and do.
        #expect(table.groups[3].predicted > table.groups[0].predicted)
        #expect(table.groups[3].actual > table.groups[0].actual)
        #expect(table.predictedTotal > 0)
        #expect(HoldoutComparison(purchases, asOf: end * 86_400, holdoutDays: 0, unit: .days) == nil)
    }
}
