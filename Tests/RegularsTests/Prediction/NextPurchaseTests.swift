import Testing
@testable import Regulars

@Suite("Next purchase per customer and product (PRED-3)")
struct NextPurchaseTests {
    typealias History = NextPurchaseHistory

    /// Cycles (3 intervals needed): A 20 days, B 40, category tea (B, E, F) 30, E, F, D and H none of their own.
    /// Customer 0, as of day 100, bought A on 50, 60, 75 (own 10, 15), B on 70, 80 (one interval), E on 95, D on 90,
    /// H on 70, 80, 90 (own 10, 10), and A again on day 101, after the as-of moment.
    private func history() -> History {
        var history = History(customers: 8)
        for name in ["A", "D", "H"] { history.addSku(name) }
        for name in ["B", "E", "F"] { history.addSku(name, category: "tea") }
        for c in 1 ... 3 {
            history.buy(c, "A", onDays: [0, 20])
            history.buy(c, "B", onDays: [0, 40])
        }
        for c in 4 ... 6 {
            history.buy(c, "F", onDays: [0])
            history.buy(c, "E", onDays: [30])
        }
        history.buy(0, "A", onDays: [50, 60, 75, 101])
        history.buy(0, "B", onDays: [70, 80])
        history.buy(0, "E", onDays: [95])
        history.buy(0, "D", onDays: [90])
        history.buy(0, "H", onDays: [70, 80, 90])
        return history
    }

    private let asOf = History.endOf(day: 100)
    private let asOfDay = History.day0 + 100

    @Test func cyclesOfTheFixture() {
        let history = history()
        let cycles = RepurchaseCycles(columns: history.built, asOfLocalSeconds: asOf, minimumIntervals: 3)
        // A: 20, 20, 20, 10, 15. B: 40, 40, 40, 10. Tea: 30 × 3, 40 × 3, 10, 15 → (30 + 30) / 2.
        #expect(cycles.sku(history.sku("A")).days == 20)
        #expect(cycles.sku(history.sku("B")).days == 40)
        #expect(cycles.sku(history.sku("E")).days == nil)
        #expect(cycles.category(history.category("tea")).days == 30)
    }

    @Test func fallsBackFromOwnToProductToCategoryAndOrdersBySoonest() {
        let history = history()
        let columns = history.built
        let cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 3)
        let items = NextPurchase.items(for: 0, columns: columns, cycles: cycles)
        let day0 = History.day0
        let expected = [
            // Own median 12.5 rounds up: 75 + 13 = 88, 12 days overdue.
            NextPurchaseItem(customer: 0, sku: history.sku("A"), lastDay: day0 + 75, purchaseDays: 3, cycleDays: 12.5,
                             source: .own, asOfDay: asOfDay),
            // Own 10 from 90: due on the as-of day.
            NextPurchaseItem(customer: 0, sku: history.sku("H"), lastDay: day0 + 90, purchaseDays: 3, cycleDays: 10,
                             source: .own, asOfDay: asOfDay),
            // One own interval is not enough: B's 40, though tea has a cycle too.
            NextPurchaseItem(customer: 0, sku: history.sku("B"), lastDay: day0 + 80, purchaseDays: 2, cycleDays: 40,
                             source: .product, asOfDay: asOfDay),
            NextPurchaseItem(customer: 0, sku: history.sku("E"), lastDay: day0 + 95, purchaseDays: 1, cycleDays: 30,
                             source: .category, asOfDay: asOfDay),
            NextPurchaseItem(customer: 0, sku: history.sku("D"), lastDay: day0 + 90, purchaseDays: 1, cycleDays: nil,
                             source: nil, asOfDay: asOfDay),
        ]
        #expect(items == expected)
        #expect(items.map(\.expectedDay) == [day0 + 88, day0 + 100, day0 + 120, day0 + 125, nil])
        #expect(items.map(\.daysOverdue) == [12, 0, -20, -25, nil])
        #expect(items.map(\.isOverdue) == [true, false, false, false, false])
        #expect(items.map(\.daysUntil) == [nil, 0, 20, 25, nil])
    }

    @Test func aCustomerWithoutPurchasesOrOutOfRangeHasNoItems() {
        let history = history()
        let columns = history.built
        let cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 3)
        #expect(NextPurchase.items(for: 7, columns: columns, cycles: cycles).isEmpty)
        #expect(NextPurchase.items(for: 8, columns: columns, cycles: cycles).isEmpty)
        #expect(NextPurchase.items(for: -1, columns: columns, cycles: cycles).isEmpty)
    }

    @Test func theTableMatchesOneCustomerAtATime() {
        let history = history()
        let columns = history.built
        let cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: asOf, minimumIntervals: 3)
        let table = NextPurchaseTable(columns: columns, cycles: cycles)
        // Customer 0: 5 products; 1–3: A and B; 4–6: E and F; 7: none.
        #expect(table.count == 5 + 3 * 2 + 3 * 2)
        #expect(table.customerCount == 8)
        for c in Int32(0) ..< 8 {
            #expect(table.items(of: c) == NextPurchase.items(for: c, columns: columns, cycles: cycles))
        }
        #expect(table.rows(of: 8).isEmpty)
        // Customer 1 bought A on 0, 20 and B on 0, 40: product cycles 20 and 40.
        #expect(table.items(of: 1).map(\.expectedDay) == [History.day0 + 40, History.day0 + 80])
        #expect(table.items(of: 1).map(\.source) == [.product, .product])
        // Customer 4 bought F on 0 and E on 30: both fall back to tea's 30.
        #expect(table.items(of: 4).map(\.sku) == [history.sku("F"), history.sku("E")])
        #expect(table.items(of: 4).map(\.source) == [.category, .category])
    }
}
