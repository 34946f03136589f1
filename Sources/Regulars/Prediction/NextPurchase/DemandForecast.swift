/// Expected units of one product bought by a set of customers over a horizon (PRED-4), so a shop can stock before a
/// campaign: Σ over the customers of E[purchases over the horizon] × units of the product per purchase, both as of
/// one moment. A purchase is a purchase day, as in the repeat-buying models (several orders on one day are one).
public struct DemandForecast: Sendable, Equatable {
    /// A SKU or a category, by index into `ShopColumns.skuNames` / `categoryNames`.
    public enum Product: Sendable, Equatable, Hashable {
        case sku(Int32)
        case category(Int32)
    }

    /// One customer's share of the forecast.
    public struct Contribution: Sendable, Equatable {
        public var customer: Int32
        public var expectedUnits: Double
        /// The input: expected purchases over the horizon.
        public var expectedPurchases: Double
        /// Units of the product they bought per purchase day, as of the moment.
        public var unitsPerPurchase: Double

        public init(customer: Int32, expectedUnits: Double, expectedPurchases: Double, unitsPerPurchase: Double) {
            self.customer = customer
            self.expectedUnits = expectedUnits
            self.expectedPurchases = expectedPurchases
            self.unitsPerPurchase = unitsPerPurchase
        }
    }

    public let product: Product
    /// Expected units over the horizon, from the whole set.
    public let expectedUnits: Double
    /// Distinct customers in the set.
    public let customers: Int
    /// Customers in the set who bought the product at or before the moment.
    public let buyers: Int
    /// Units of the product those buyers bought at or before the moment.
    public let unitsBought: Int64
    /// The largest contributions, largest first (ties by customer index); customers expected to buy none left out.
    public let top: [Contribution]

    /// - Parameters:
    ///   - customers: the set (e.g. an audience), as customer indexes; repeats count once.
    ///   - expectedPurchases: every customer's expected purchases over the horizon (from the BG/NBD model), over all
    ///     customer indexes; a negative or non-finite value counts as 0.
    ///   - top: how many contributions to keep for a report.
    public init(columns: ShopColumns, product: Product, customers set: [Int32], expectedPurchases: [Double],
                asOfLocalSeconds asOf: Int64, top: Int = 10) {
        let purchases = columns.purchases
        let n = purchases.customerCount
        precondition(expectedPurchases.count == n,
                     "expected purchases cover \(expectedPurchases.count) customers, the columns \(n)")
        self.product = product
        var member = [Bool](repeating: false, count: n)
        var distinct = 0
        for c in set {
            precondition(c >= 0 && Int(c) < n, "customer index \(c) is outside 0 ..< \(n)")
            if !member[Int(c)] {
                member[Int(c)] = true
                distinct += 1
            }
        }
        customers = distinct

        let units = Self.units(of: product, columns: columns, member: member, asOf: asOf)
        var bought = [Bool](repeating: false, count: n)
        var unitsBought: Int64 = 0, buyers = 0
        for c in 0 ..< n where units[c] > 0 {
            bought[c] = true
            unitsBought += units[c]
            buyers += 1
        }
        self.buyers = buyers
        self.unitsBought = unitsBought

        let purchaseDays = Self.purchaseDays(purchases, of: bought, asOf: asOf)
        var contributions: [Contribution] = []
        var total = 0.0
        for c in 0 ..< n where bought[c] && purchaseDays[c] > 0 {
            let rate = expectedPurchases[c]
            let expected = rate.isFinite && rate > 0 ? rate : 0
            let share = Double(units[c]) / Double(purchaseDays[c])
            let contribution = Contribution(customer: Int32(c), expectedUnits: expected * share,
                                            expectedPurchases: expected, unitsPerPurchase: share)
            total += contribution.expectedUnits
            if contribution.expectedUnits > 0 { contributions.append(contribution) }
        }
        expectedUnits = total
        contributions.sort { a, b in
            a.expectedUnits != b.expectedUnits ? a.expectedUnits > b.expectedUnits : a.customer < b.customer
        }
        self.top = Array(contributions.prefix(max(0, top)))
    }

    /// Units of `product` each member bought at or before `asOf` (a line without a quantity is one unit).
    private static func units(of product: Product, columns: ShopColumns, member: [Bool], asOf: Int64) -> [Int64] {
        let purchases = columns.purchases
        var units = [Int64](repeating: 0, count: purchases.customerCount)
        let skuCount = columns.skuNames.count
        // Which SKUs count: the one named, or every SKU of the category.
        var wanted = [Bool](repeating: false, count: skuCount)
        switch product {
        case .sku(let sku):
            if sku >= 0, Int(sku) < skuCount { wanted[Int(sku)] = true }
        case .category(let category):
            guard category >= 0, Int(category) < columns.categoryNames.count else { return units }
            for sku in 0 ..< min(skuCount, columns.skuCategory.count) where columns.skuCategory[sku] == category {
                wanted[sku] = true
            }
        }
        let quantities = columns.lineQuantity
        for l in 0 ..< min(columns.lineOrder.count, columns.lineSku.count) {
            let sku = Int(columns.lineSku[l]), p = Int(columns.lineOrder[l])
            guard sku >= 0, sku < skuCount, wanted[sku], p >= 0, p < purchases.count, purchases.localSeconds[p] <= asOf
            else { continue }
            let c = Int(purchases.customer[p])
            guard c >= 0, c < member.count, member[c] else { continue }
            let quantity = l < quantities.count && quantities[l] > 0 ? Int64(quantities[l]) : 1
            units[c] += quantity
        }
        return units
    }

    /// Distinct local days each customer in `of` made a purchase on, at or before `asOf`.
    private static func purchaseDays(_ purchases: PurchaseColumns, of wanted: [Bool], asOf: Int64) -> [Int32] {
        let asOfDay = LocalTime.day(asOf)
        var keys: [Int64] = []
        for p in 0 ..< purchases.count where purchases.localSeconds[p] <= asOf {
            let c = Int(purchases.customer[p])
            guard c >= 0, c < wanted.count, wanted[c] else { continue }
            let back = min(asOfDay - LocalTime.day(purchases.localSeconds[p]), Int64(UInt32.max))
            keys.append(Int64(c) << 32 | back)
        }
        var days = [Int32](repeating: 0, count: wanted.count)
        var previous: Int64 = -1
        for key in IntegerSort.ascending(keys) where key != previous {
            days[Int(key >> 32)] += 1
            previous = key
        }
        return days
    }
}
