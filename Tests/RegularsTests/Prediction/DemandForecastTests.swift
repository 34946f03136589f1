import Testing
@testable import Regulars

@Suite("Demand forecast (PRED-4)")
struct DemandForecastTests {
    typealias History = NextPurchaseHistory
    typealias Contribution = DemandForecast.Contribution

    /// As of day 30, with A and B in category milk, C alone:
    /// customer 0: day 0 A × 2, day 10 B, day 20 A → 3 A on 3 purchase days;
    /// customer 1: day 0 A and (another order) B, day 5 B × 2 → 1 A on 2 purchase days;
    /// customer 2: day 1 B only; customer 3: day 3 A × 4 on one day;
    /// customer 4 (not in the set) bought A; customer 0 buys A again on day 40, after the moment.
    private func history() -> History {
        var history = History(customers: 5)
        history.addSku("A", category: "milk")
        history.addSku("B", category: "milk")
        history.addSku("C")
        history.buy(0, day: 0, [("A", 2)])
        history.buy(0, day: 10, [("B", 1)])
        history.buy(0, day: 20, [("A", 1)])
        history.buy(1, day: 0, hour: 9, [("A", 1)])
        history.buy(1, day: 0, hour: 20, [("B", 1)])
        history.buy(1, day: 5, [("B", 2)])
        history.buy(2, day: 1, [("B", 1)])
        history.buy(3, day: 3, [("A", 4)])
        history.buy(4, day: 3, [("A", 7)])
        history.buy(0, day: 40, [("A", 9)])
        return history
    }

    private let asOf = History.endOf(day: 30)
    private let expectedPurchases = [2.0, 3.0, 5.0, 0.5, 10.0]

    @Test func sumsExpectedPurchasesTimesUnitsPerPurchase() {
        let history = history()
        let forecast = DemandForecast(columns: history.built, product: .sku(history.sku("A")), customers: [0, 1, 2, 3],
                                      expectedPurchases: expectedPurchases, asOfLocalSeconds: asOf)
        // 2 × 3/3 + 3 × 1/2 + 5 × 0 + 0.5 × 4/1 = 2 + 1.5 + 0 + 2.
        #expect(forecast.expectedUnits == 5.5)
        #expect(forecast.customers == 4)
        #expect(forecast.buyers == 3)
        #expect(forecast.unitsBought == 8)
        #expect(forecast.top == [
            Contribution(customer: 0, expectedUnits: 2, expectedPurchases: 2, unitsPerPurchase: 1),
            Contribution(customer: 3, expectedUnits: 2, expectedPurchases: 0.5, unitsPerPurchase: 4),
            Contribution(customer: 1, expectedUnits: 1.5, expectedPurchases: 3, unitsPerPurchase: 0.5),
        ])
        let short = DemandForecast(columns: history.built, product: .sku(history.sku("A")), customers: [3, 1, 0, 2],
                                   expectedPurchases: expectedPurchases, asOfLocalSeconds: asOf, top: 2)
        #expect(short.top.map(\.customer) == [0, 3])
        #expect(short.expectedUnits == 5.5)
    }

    @Test func aCategoryCountsEveryUnitOfItsSkus() {
        let history = history()
        let forecast = DemandForecast(columns: history.built, product: .category(history.category("milk")),
                                      customers: [0, 1, 2, 3], expectedPurchases: expectedPurchases,
                                      asOfLocalSeconds: asOf)
        // 2 × 4/3 + 3 × 4/2 + 5 × 1/1 + 0.5 × 4/1.
        #expect(abs(forecast.expectedUnits - (8.0 / 3 + 6 + 5 + 2)) < 1e-12)
        #expect(forecast.buyers == 4)
        #expect(forecast.unitsBought == 4 + 4 + 1 + 4)
        #expect(forecast.top.first?.customer == 1)
    }

    @Test func aSkuNobodyBoughtForecastsNothing() {
        let history = history()
        let forecast = DemandForecast(columns: history.built, product: .sku(history.sku("C")), customers: [0, 1, 2, 3, 4],
                                      expectedPurchases: expectedPurchases, asOfLocalSeconds: asOf)
        #expect(forecast.expectedUnits == 0)
        #expect(forecast.buyers == 0)
        #expect(forecast.unitsBought == 0)
        #expect(forecast.top.isEmpty)
        #expect(forecast.customers == 5)
        let unknown = DemandForecast(columns: history.built, product: .sku(42), customers: [0],
                                     expectedPurchases: expectedPurchases, asOfLocalSeconds: asOf)
        #expect(unknown.expectedUnits == 0)
    }

    @Test func missingQuantitiesAreOneUnitAndRepeatsCountOnce() {
        var columns = history().built
        let a = history().sku("A")
        // Without a quantity column, customer 0 bought A on 2 lines in 3 purchase days, customer 3 on 1 line in 1.
        columns.lineQuantity = []
        let forecast = DemandForecast(columns: columns, product: .sku(a), customers: [0, 3, 0, 3],
                                      expectedPurchases: expectedPurchases, asOfLocalSeconds: asOf)
        #expect(forecast.customers == 2)
        #expect(abs(forecast.expectedUnits - (2 * 2.0 / 3 + 0.5)) < 1e-12)
        #expect(forecast.unitsBought == 3)
    }

    @Test func laterPurchasesAndUnusableRatesAreLeftOut() {
        let history = history()
        var rates = expectedPurchases
        rates[0] = .nan
        rates[3] = -1
        // As of day 2, customer 0 had one purchase (A × 2) and customer 3 none.
        let forecast = DemandForecast(columns: history.built, product: .sku(history.sku("A")), customers: [0, 1, 3],
                                      expectedPurchases: rates, asOfLocalSeconds: History.endOf(day: 2))
        // Customer 1: A × 1 over 1 purchase day (day 0, two orders) × 3; customer 0's rate counts as 0.
        #expect(forecast.expectedUnits == 3)
        #expect(forecast.buyers == 2)
        #expect(forecast.unitsBought == 3)
        #expect(forecast.top == [Contribution(customer: 1, expectedUnits: 3, expectedPurchases: 3, unitsPerPurchase: 1)])
    }
}
