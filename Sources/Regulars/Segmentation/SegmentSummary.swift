/// Counts per pyramid level, RFM class and lifecycle stage: what `segment show`, `analyze rfm` and the demo print.
public struct SegmentSummary: Sendable, Equatable, Codable {
    public struct ClassLine: Sendable, Equatable, Codable {
        public var rfmClass: RFMClass
        public var customers: Int
        /// Net spend inside the RFM window.
        public var revenue: Money

        public init(rfmClass: RFMClass, customers: Int, revenue: Money) {
            self.rfmClass = rfmClass
            self.customers = customers
            self.revenue = revenue
        }
    }

    public var asOf: CivilDate
    public var windowDays: Int
    /// Customers with a purchase as of the day, and those with one inside the window (the RFM population).
    public var buyers: Int
    public var scored: Int
    public var revenue: Money
    public var pyramid: [PyramidLevel: Int]
    public var classes: [ClassLine]
    public var lifecycle: [LifecycleStage: Int]
    public var sleepWarnings: Int
    public var baseline: RFMBaseline

    public init(asOf: CivilDate, windowDays: Int, buyers: Int, scored: Int, pyramid: [PyramidLevel: Int],
                classes: [ClassLine], lifecycle: [LifecycleStage: Int], sleepWarnings: Int, baseline: RFMBaseline) {
        self.asOf = asOf
        self.windowDays = windowDays
        self.buyers = buyers
        self.scored = scored
        self.revenue = Money(fen: classes.reduce(0) { $0 + $1.revenue.fen })
        self.pyramid = pyramid
        self.classes = classes
        self.lifecycle = lifecycle
        self.sleepWarnings = sleepWarnings
        self.baseline = baseline
    }

    public init(_ table: SegmentTable) {
        asOf = CivilDate(daysSinceEpoch: table.asOfDay)
        windowDays = table.settings.rfmWindowDays
        baseline = table.baseline
        var pyramid = [Int](repeating: 0, count: PyramidLevel.allCases.count)
        var stages = [Int](repeating: 0, count: LifecycleStage.allCases.count)
        var classCounts = [Int](repeating: 0, count: RFMClass.allCases.count)
        var classRevenue = [Int64](repeating: 0, count: RFMClass.allCases.count)
        var buyers = 0, scored = 0, warnings = 0
        for c in 0 ..< table.count where table.aggregates.orders[c] > 0 {
            buyers += 1
            if let level = table.pyramid[c] { pyramid[PyramidLevel.allCases.firstIndex(of: level)!] += 1 }
            if let stage = table.lifecycle[c] { stages[LifecycleStage.allCases.firstIndex(of: stage)!] += 1 }
            if table.sleepWarning[c] { warnings += 1 }
            if let rfmClass = table.rfmClass[c] {
                scored += 1
                let k = RFMClass.allCases.firstIndex(of: rfmClass)!
                classCounts[k] += 1
                classRevenue[k] += table.aggregates.monetary[c]
            }
        }
        self.buyers = buyers
        self.scored = scored
        sleepWarnings = warnings
        revenue = Money(fen: classRevenue.reduce(0, +))
        self.pyramid = Dictionary(uniqueKeysWithValues: zip(PyramidLevel.allCases, pyramid))
        lifecycle = Dictionary(uniqueKeysWithValues: zip(LifecycleStage.allCases, stages))
        classes = RFMClass.allCases.enumerated().map { k, rfmClass in
            ClassLine(rfmClass: rfmClass, customers: classCounts[k], revenue: Money(fen: classRevenue[k]))
        }
    }
}
