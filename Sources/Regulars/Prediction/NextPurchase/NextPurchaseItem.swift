/// Where the cycle used for a next-purchase date came from, most specific first.
public enum CycleSource: String, Sendable, Equatable, CaseIterable {
    /// The customer's own median interval (they bought the product on at least three days).
    case own
    /// The product's repurchase cycle across customers.
    case product
    /// The cycle of the product's category.
    case category

    /// Label for operators.
    public var label: String {
        switch self {
        case .own: "本人周期"
        case .product: "商品周期"
        case .category: "品类周期"
        }
    }
}

/// When one customer should buy one product again (PRED-3). Days are local days since 1970 (`LocalTime.day`).
public struct NextPurchaseItem: Sendable, Equatable {
    public var customer: Int32
    public var sku: Int32
    /// The last day they bought it on, at or before the as-of moment.
    public var lastDay: Int64
    /// Distinct days they bought it on.
    public var purchaseDays: Int
    /// The cycle used, in days (nil: no own, product or category cycle).
    public var cycleDays: Double?
    public var source: CycleSource?
    /// `lastDay` + the cycle rounded to whole days (halves up).
    public var expectedDay: Int64?
    /// As-of day − expected day: positive when overdue by that many days, zero when due on the as-of day, negative
    /// when due in that many days; nil without a cycle.
    public var daysOverdue: Int64?

    public init(customer: Int32, sku: Int32, lastDay: Int64, purchaseDays: Int, cycleDays: Double?,
                source: CycleSource?, asOfDay: Int64) {
        self.customer = customer
        self.sku = sku
        self.lastDay = lastDay
        self.purchaseDays = purchaseDays
        self.cycleDays = cycleDays
        self.source = source
        expectedDay = cycleDays.map { lastDay + Int64($0.rounded()) }
        daysOverdue = expectedDay.map { asOfDay - $0 }
    }

    public var isOverdue: Bool { (daysOverdue ?? 0) > 0 }
    /// Days until the expected date (0 on the day; nil when overdue or without a cycle).
    public var daysUntil: Int64? { daysOverdue.flatMap { $0 <= 0 ? -$0 : nil } }
}
