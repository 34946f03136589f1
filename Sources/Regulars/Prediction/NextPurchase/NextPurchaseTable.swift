/// Next purchase per customer and product (PRED-3), for one customer or for everyone.
public enum NextPurchase {
    /// Intervals a customer needs of a product before their own median is used instead of the product's cycle.
    public static let minimumOwnIntervals = 2

    /// The products `customer` bought at or before the cycles' as-of moment, soonest expected first (products
    /// without any cycle last, then by SKU index). The as-of moment is the one `cycles` were computed at.
    public static func items(for customer: Int32, columns: ShopColumns, cycles: RepurchaseCycles) -> [NextPurchaseItem] {
        guard customer >= 0, Int(customer) < columns.purchases.customerCount else { return [] }
        let days = ProductPurchaseDays(columns: columns, asOfLocalSeconds: cycles.asOfLocalSeconds,
                                       productCount: columns.skuNames.count, customer: customer)
        let rows = NextPurchaseRows(days: days, columns: columns, cycles: cycles)
        return (0 ..< rows.count).sorted(by: rows.precedes).map { rows.item($0, asOfDay: cycles.asOfDay) }
    }
}

/// Every customer's next purchases as columns, rows grouped by customer and ordered as `NextPurchase.items` orders
/// them: one sort of all lines by product, customer and day, then one counting sort by customer.
public struct NextPurchaseTable: Sendable {
    public let asOfDay: Int64
    /// The rows of customer `c` are `offsets[c] ..< offsets[c + 1]`.
    private let offsets: [Int]
    private let rows: NextPurchaseRows

    public init(columns: ShopColumns, cycles: RepurchaseCycles) {
        asOfDay = cycles.asOfDay
        let days = ProductPurchaseDays(columns: columns, asOfLocalSeconds: cycles.asOfLocalSeconds,
                                       productCount: columns.skuNames.count)
        let unordered = NextPurchaseRows(days: days, columns: columns, cycles: cycles)
        let n = columns.purchases.customerCount
        var offsets = [Int](repeating: 0, count: n + 1)
        for c in unordered.customer { offsets[Int(c) + 1] += 1 }
        for c in 0 ..< n { offsets[c + 1] += offsets[c] }
        var order = [Int](repeating: 0, count: unordered.count)
        var next = offsets
        for row in 0 ..< unordered.count {
            let c = Int(unordered.customer[row])
            order[next[c]] = row
            next[c] += 1
        }
        order.withUnsafeMutableBufferPointer { order in
            for c in 0 ..< n where offsets[c + 1] - offsets[c] > 1 {
                var rows = UnsafeMutableBufferPointer(rebasing: order[offsets[c] ..< offsets[c + 1]])
                rows.sort(by: unordered.precedes)
            }
        }
        self.offsets = offsets
        rows = unordered.permuted(order)
    }

    /// Rows in all, one per (customer, product bought).
    public var count: Int { rows.count }
    public var customerCount: Int { offsets.count - 1 }

    /// Where the rows of `customer` lie (empty for an index that names no customer).
    public func rows(of customer: Int32) -> Range<Int> {
        customer >= 0 && Int(customer) < customerCount ? offsets[Int(customer)] ..< offsets[Int(customer) + 1] : 0 ..< 0
    }

    public func item(_ row: Int) -> NextPurchaseItem { rows.item(row, asOfDay: asOfDay) }

    public func items(of customer: Int32) -> [NextPurchaseItem] { rows(of: customer).map(item) }
}

/// Next-purchase rows as columns, before and after they are put in customer order.
struct NextPurchaseRows: Sendable {
    var customer: [Int32] = []
    var sku: [Int32] = []
    var lastDay: [Int64] = []
    var purchaseDays: [Int32] = []
    /// NaN when there is no cycle.
    var cycleDays: [Double] = []
    /// 0: none, else 1 + the position in `CycleSource.allCases`.
    var source: [UInt8] = []

    var count: Int { customer.count }

    init() {}

    /// One row per (SKU, customer) in `days`, with the most specific cycle there is.
    init(days: ProductPurchaseDays, columns: ShopColumns, cycles: RepurchaseCycles) {
        var scratch: [Int64] = []
        var own: [Int64] = []
        var customers: [Int32] = [], skus: [Int32] = [], lastDays: [Int64] = [], counts: [Int32] = []
        var cycleDays: [Double] = [], sources: [UInt8] = []
        for g in 0 ..< days.productCount {
            let sku = Int32(g)
            let product = cycles.sku(sku).days
            let category = g < columns.skuCategory.count ? cycles.category(columns.skuCategory[g]).days : nil
            days.forEachBuyer(of: g, scratch: &scratch) { c, count, last, intervals in
                var cycle: Double?, from: CycleSource?
                if intervals.count >= NextPurchase.minimumOwnIntervals {
                    own.removeAll(keepingCapacity: true)
                    own.append(contentsOf: intervals)
                    own.sort()
                    (cycle, from) = (medianOfSorted(own[...]), .own)
                } else if let product {
                    (cycle, from) = (product, .product)
                } else if let category {
                    (cycle, from) = (category, .category)
                }
                customers.append(c)
                skus.append(sku)
                lastDays.append(last)
                counts.append(Int32(clamping: count))
                cycleDays.append(cycle ?? .nan)
                sources.append(from.map { UInt8(CycleSource.allCases.firstIndex(of: $0)! + 1) } ?? 0)
            }
        }
        customer = customers
        sku = skus
        lastDay = lastDays
        purchaseDays = counts
        self.cycleDays = cycleDays
        source = sources
    }

    func item(_ row: Int, asOfDay: Int64) -> NextPurchaseItem {
        let cycle = cycleDays[row].isNaN ? nil : cycleDays[row]
        return NextPurchaseItem(customer: customer[row], sku: sku[row], lastDay: lastDay[row],
                                purchaseDays: Int(purchaseDays[row]), cycleDays: cycle,
                                source: source[row] == 0 ? nil : CycleSource.allCases[Int(source[row]) - 1],
                                asOfDay: asOfDay)
    }

    /// The expected day of a row (`Int64.max` without a cycle), as `NextPurchaseItem` computes it.
    private func expectedDay(_ row: Int) -> Int64 {
        cycleDays[row].isNaN ? .max : lastDay[row] + Int64(cycleDays[row].rounded())
    }

    /// Whether row `a` comes before row `b` of the same customer: soonest expected first, then by SKU index.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let (ea, eb) = (expectedDay(a), expectedDay(b))
        return ea != eb ? ea < eb : sku[a] < sku[b]
    }

    func permuted(_ order: [Int]) -> NextPurchaseRows {
        var result = NextPurchaseRows()
        result.customer = order.map { customer[$0] }
        result.sku = order.map { sku[$0] }
        result.lastDay = order.map { lastDay[$0] }
        result.purchaseDays = order.map { purchaseDays[$0] }
        result.cycleDays = order.map { cycleDays[$0] }
        result.source = order.map { source[$0] }
        return result
    }
}
