import Testing
@testable import Regulars

@Suite("Repurchase cycles (PRED-3)")
struct NextPurchaseCycleTests {
    typealias History = NextPurchaseHistory

    /// Customer 0: days 0, 10, 30 (intervals 10, 20); customer 1: days 0, 5, 12, 40 (5, 7, 28); customer 2 once.
    private func fiveIntervals() -> History {
        var history = History(customers: 4)
        history.addSku("A")
        history.buy(0, "A", onDays: [0, 10, 30])
        history.buy(1, "A", onDays: [0, 5, 12, 40])
        history.buy(2, "A", onDays: [7])
        return history
    }

    @Test func oddCountTakesTheMiddleInterval() {
        let history = fiveIntervals()
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: History.endOf(day: 60))
        // Intervals 5, 7, 10, 20, 28.
        #expect(cycles.sku(history.sku("A")) == RepurchaseCycle(days: 10, medianDays: 10, intervals: 5,
                                                                 repurchasers: 2, buyers: 3))
    }

    @Test func evenCountTakesTheMeanOfTheTwoMiddleIntervals() {
        var history = fiveIntervals()
        history.buy(3, "A", onDays: [100, 115])
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: History.endOf(day: 200))
        // Intervals 5, 7, 10, 15, 20, 28: (10 + 15) / 2.
        let cycle = cycles.sku(history.sku("A"))
        #expect(cycle.days == 12.5)
        #expect(cycle.intervals == 6)
        #expect(cycle.repurchasers == 3)
        #expect(cycle.buyers == 4)
    }

    @Test func purchasesOnOneDayCountOnce() {
        var history = History(customers: 1)
        history.addSku("A")
        history.buy(0, day: 0, hour: 9, [("A", 1)])
        history.buy(0, day: 0, hour: 21, [("A", 2), ("A", 1)])
        history.buy(0, day: 7, [("A", 1)])
        history.buy(0, day: 7, hour: 23, [("A", 1)])
        history.buy(0, day: 9, [("A", 1)])
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: History.endOf(day: 30),
                                      minimumIntervals: 1)
        // Days 0, 7, 9: intervals 7 and 2, median 4.5; not 0-day intervals.
        #expect(cycles.sku(history.sku("A")) == RepurchaseCycle(days: 4.5, medianDays: 4.5, intervals: 2,
                                                                 repurchasers: 1, buyers: 1))
    }

    @Test func tooFewIntervalsGiveNoCycleButStillAMedian() {
        var history = History(customers: 2)
        history.addSku("A")
        history.buy(0, "A", onDays: [0, 30, 60])
        history.buy(1, "A", onDays: [0, 20, 40])
        let columns = history.built
        let asOf = History.endOf(day: 90)
        let strict = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf)
        #expect(strict.minimumIntervals == 5)
        #expect(strict.sku(history.sku("A")) == RepurchaseCycle(days: nil, medianDays: 25, intervals: 4,
                                                                 repurchasers: 2, buyers: 2))
        let lenient = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 4)
        #expect(lenient.sku(history.sku("A")).days == 25)
    }

    @Test func purchasesAfterTheAsOfMomentAreIgnored() {
        var history = History(customers: 1)
        history.addSku("A")
        history.buy(0, "A", onDays: [0, 10])
        history.buy(0, day: 12, hour: 0, [("A", 1)])
        history.buy(0, day: 30, [("A", 1)])
        var columns = history.built
        // The day-12 purchase sits exactly at the as-of moment: it counts; the day-30 one does not.
        let asOf = History.seconds(day: 12, hour: 0)
        var cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 1)
        #expect(cycles.sku(history.sku("A")) == RepurchaseCycle(days: 6, medianDays: 6, intervals: 2,
                                                                 repurchasers: 1, buyers: 1))
        columns.purchases.localSeconds[2] += 1
        cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 1)
        #expect(cycles.sku(history.sku("A")).days == 10)
        #expect(cycles.asOfDay == History.day0 + 12)
    }

    @Test func categoriesPoolTheirSkusAndCountADayOnce() {
        var history = History(customers: 2)
        history.addSku("A", category: "milk")
        history.addSku("B", category: "milk")
        history.addSku("C")
        history.buy(0, "A", onDays: [0])
        history.buy(0, "B", onDays: [10])
        history.buy(0, day: 20, [("A", 1), ("B", 1), ("C", 1)])
        history.buy(1, "B", onDays: [3, 9])
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: History.endOf(day: 30),
                                      minimumIntervals: 3)
        // Milk: customer 0 on days 0, 10, 20 (10, 10), customer 1 on 3, 9 (6).
        #expect(cycles.category(history.category("milk")) == RepurchaseCycle(days: 10, medianDays: 10, intervals: 3,
                                                                              repurchasers: 2, buyers: 2))
        // B alone: customer 0 on 10, 20 (10), customer 1 (6): too few for a cycle.
        #expect(cycles.sku(history.sku("B")) == RepurchaseCycle(days: nil, medianDays: 8, intervals: 2,
                                                                 repurchasers: 2, buyers: 2))
        #expect(cycles.sku(history.sku("C")) == RepurchaseCycle(days: nil, medianDays: nil, intervals: 0,
                                                                 repurchasers: 0, buyers: 1))
        #expect(cycles.byCategory.count == 1)
        #expect(cycles.sku(99) == .none)
        #expect(cycles.category(-1) == .none)
    }

    @Test func largeBucketsSortLikeSmallOnes() {
        // Enough lines of one SKU to take the radix path; 3 000 customers each buying every 4 and then 6 days.
        var history = History(customers: 3_000)
        history.addSku("A")
        for c in 0 ..< 3_000 { history.buy(c, "A", onDays: [20, 0, 10, 4]) }
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: History.endOf(day: 30))
        // Intervals per customer: 4, 6, 10; median of all is 6.
        #expect(cycles.sku(history.sku("A")) == RepurchaseCycle(days: 6, medianDays: 6, intervals: 9_000,
                                                                 repurchasers: 3_000, buyers: 3_000))
    }
}
