/// How long customers take to buy a product again (PRED-3): the median number of days between consecutive purchases
/// of it by the same customer, over every customer who bought it more than once.
public struct RepurchaseCycle: Sendable, Equatable {
    /// The cycle in days: the median interval, once there are at least the minimum number of intervals; nil before.
    /// The median of an even count is the mean of the two middle intervals, kept as a `Double` (e.g. 30.5).
    public var days: Double?
    /// The median interval however few there are (nil: nobody bought it twice), for reports.
    public var medianDays: Double?
    /// Intervals between purchase days of the same customer (purchases on one local day count once).
    public var intervals: Int
    /// Customers who bought it on at least two days.
    public var repurchasers: Int
    /// Customers who bought it at all.
    public var buyers: Int

    public init(days: Double?, medianDays: Double?, intervals: Int, repurchasers: Int, buyers: Int) {
        self.days = days
        self.medianDays = medianDays
        self.intervals = intervals
        self.repurchasers = repurchasers
        self.buyers = buyers
    }

    public static let none = RepurchaseCycle(days: nil, medianDays: nil, intervals: 0, repurchasers: 0, buyers: 0)
}

/// The repurchase cycle of every SKU and every category as of a moment, from the lines of the purchases made at or
/// before it (`ShopColumns`): columns over SKU indexes (`skuNames`) and category indexes (`categoryNames`).
public struct RepurchaseCycles: Sendable {
    public let asOfLocalSeconds: Int64
    public let asOfDay: Int64
    /// Intervals a product needs before it has a cycle (`PredictionSettings.minimumCycleIntervals`).
    public let minimumIntervals: Int
    public let bySku: [RepurchaseCycle]
    public let byCategory: [RepurchaseCycle]

    public init(columns: ShopColumns, asOfLocalSeconds asOf: Int64,
                minimumIntervals: Int = PredictionSettings().minimumCycleIntervals) {
        asOfLocalSeconds = asOf
        asOfDay = LocalTime.day(asOf)
        self.minimumIntervals = max(1, minimumIntervals)
        let skuDays = ProductPurchaseDays(columns: columns, asOfLocalSeconds: asOf, productCount: columns.skuNames.count)
        bySku = Self.cycles(skuDays, minimumIntervals: self.minimumIntervals)
        let categoryDays = ProductPurchaseDays(columns: columns, asOfLocalSeconds: asOf,
                                               productCount: columns.categoryNames.count,
                                               categoryOfSku: columns.skuCategory)
        byCategory = Self.cycles(categoryDays, minimumIntervals: self.minimumIntervals)
    }

    /// The cycle of SKU `sku` (`.none` when the index names no SKU).
    public func sku(_ sku: Int32) -> RepurchaseCycle {
        sku >= 0 && Int(sku) < bySku.count ? bySku[Int(sku)] : .none
    }

    /// The cycle of category `category` (`.none` when the index names no category).
    public func category(_ category: Int32) -> RepurchaseCycle {
        category >= 0 && Int(category) < byCategory.count ? byCategory[Int(category)] : .none
    }

    private static func cycles(_ days: ProductPurchaseDays, minimumIntervals: Int) -> [RepurchaseCycle] {
        var scratch: [Int64] = []
        var intervals: [Int64] = []
        var result = [RepurchaseCycle](repeating: .none, count: days.productCount)
        for g in 0 ..< days.productCount {
            intervals.removeAll(keepingCapacity: true)
            var buyers = 0, repurchasers = 0
            days.forEachBuyer(of: g, scratch: &scratch) { _, _, _, own in
                buyers += 1
                if !own.isEmpty {
                    repurchasers += 1
                    intervals.append(contentsOf: own)
                }
            }
            guard buyers > 0 else { continue }
            var median: Double?
            if !intervals.isEmpty {
                intervals.sort()
                median = medianOfSorted(intervals[...])
            }
            result[g] = RepurchaseCycle(days: intervals.count >= minimumIntervals ? median : nil, medianDays: median,
                                        intervals: intervals.count, repurchasers: repurchasers, buyers: buyers)
        }
        return result
    }
}
