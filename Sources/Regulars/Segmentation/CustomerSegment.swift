/// Where one customer stands as of a moment: RFM values and scores, class, pyramid level, lifecycle stage.
public struct CustomerSegment: Sendable, Equatable, Codable {
    /// Days since the last purchase (nil: never bought).
    public var recencyDays: Int?
    public var frequency: Int
    public var monetary: Money
    /// Scores 1–5; nil outside the RFM window.
    public var rScore: Int?
    public var fScore: Int?
    public var mScore: Int?
    public var rfmClass: RFMClass?
    public var pyramid: PyramidLevel?
    public var lifecycle: LifecycleStage?
    /// 沉睡预警: quiet for longer than an active customer, not yet long.
    public var sleepWarning: Bool
    /// Lifetime purchases and their net.
    public var orders: Int
    public var spend: Money
    public var firstPurchaseDay: CivilDate?
    public var lastPurchaseDay: CivilDate?

    public init(recencyDays: Int?, frequency: Int, monetary: Money, rScore: Int?, fScore: Int?, mScore: Int?,
                rfmClass: RFMClass?, pyramid: PyramidLevel?, lifecycle: LifecycleStage?, sleepWarning: Bool, orders: Int,
                spend: Money, firstPurchaseDay: CivilDate?, lastPurchaseDay: CivilDate?) {
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
        self.rScore = rScore
        self.fScore = fScore
        self.mScore = mScore
        self.rfmClass = rfmClass
        self.pyramid = pyramid
        self.lifecycle = lifecycle
        self.sleepWarning = sleepWarning
        self.orders = orders
        self.spend = spend
        self.firstPurchaseDay = firstPurchaseDay
        self.lastPurchaseDay = lastPurchaseDay
    }

    public var rfmCode: String? {
        guard let r = rScore, let f = fScore, let m = mScore else { return nil }
        return "\(r)\(f)\(m)"
    }
}

/// The pyramid and lifecycle rules, each threshold a setting (see `SegmentationSettings`).
public enum SegmentRules {
    /// First match, top to bottom: 流失 (no order for more than `lostAfterDays`), 瞌睡 (more than
    /// `potentialRecencyDays`), 王者 (within `championRecencyDays`, at least `championMinOrders` orders, M score at
    /// least `championMinMonetaryScore`), 新客 (first order within `newCustomerDays`), 潜力 (at least
    /// `potentialMinOrders` orders), and 新客 for the rest — a single order, inside `potentialRecencyDays`, so that the
    /// five levels cover every buyer.
    public static func pyramid(recencyDays r: Int, tenureDays: Int, orders: Int, mScore: Int?,
                               settings s: SegmentationSettings) -> PyramidLevel {
        if r > s.lostAfterDays { return .lost }
        if r > s.potentialRecencyDays { return .dozing }
        if r <= s.championRecencyDays, orders >= s.championMinOrders, (mScore ?? 0) >= s.championMinMonetaryScore {
            return .champion
        }
        if tenureDays <= s.newCustomerDays { return .new }
        return orders >= s.potentialMinOrders ? .potential : .new
    }

    /// New within `lifecycleNewDays` of the first order; then active (loyal when a customer for at least
    /// `lifecycleLoyalTenureDays`) while the last order is within `lifecycleActiveDays`; silent up to
    /// `lifecycleChurnedDays`; churned after.
    public static func lifecycle(recencyDays r: Int, tenureDays: Int, settings s: SegmentationSettings) -> LifecycleStage {
        if tenureDays <= s.lifecycleNewDays { return .new }
        if r <= s.lifecycleActiveDays { return tenureDays >= s.lifecycleLoyalTenureDays ? .loyal : .active }
        return r <= s.lifecycleChurnedDays ? .silent : .churned
    }

    public static func sleepWarning(recencyDays r: Int, settings s: SegmentationSettings) -> Bool {
        r > s.lifecycleActiveDays && r <= s.sleepWarningDays
    }
}
