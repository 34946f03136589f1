/// How well a fit predicts what really happened (the calibration / holdout check): the models are fitted on
/// purchases up to `holdoutDays` before the end, then each customer's expected purchases over the holdout are set
/// against the purchases they really made, grouped by how often they had bought in calibration (0, 1, … 6, 7+).
public struct HoldoutComparison: Sendable {
    public struct Group: Sendable, Equatable {
        /// "0" … "6", "7+".
        public var label: String
        public var customers: Int
        /// Mean repeat purchases in the holdout, actual and predicted.
        public var actual: Double
        public var predicted: Double
    }

    public var calibrationFit: BGNBDFit.Result
    public var holdoutDays: Int
    public var groups: [Group]
    public var customers: Int
    public var actualTotal: Double
    public var predictedTotal: Double

    /// Predicted over actual purchases in the holdout, less 1 (0 is perfect; nil when nobody bought).
    public var totalError: Double? { actualTotal > 0 ? predictedTotal / actualTotal - 1 : nil }

    /// Nil when nobody had bought before the holdout began.
    public init?(_ purchases: PurchaseColumns, asOf: Int64, holdoutDays: Int, unit: PredictionSettings.TimeUnit) {
        guard holdoutDays > 0 else { return nil }
        let calibrationEnd = asOf - Int64(holdoutDays) * 86_400
        let summary = RepeatPurchaseSummary(purchases, calibrationEnd: calibrationEnd, observationEnd: asOf, unit: unit)
        self.init(summary, holdoutDays: holdoutDays)
    }

    /// From a summary made with an observation end (its `holdoutPurchases` filled).
    public init?(_ summary: RepeatPurchaseSummary, holdoutDays: Int) {
        guard summary.count > 0, summary.holdoutPurchases.count == summary.count else { return nil }
        let fit = BGNBDFit.fit(summary)
        let parameters = fit.parameters
        var customers = [Int](repeating: 0, count: 8), actual = [Double](repeating: 0, count: 8), predicted = actual
        var cache = PerHistoryCache<Double>()
        for k in 0..<summary.count {
            let x = summary.frequency[k], group = min(7, Int(x))
            let alive = parameters.probabilityAlive(x: x, tx: summary.recency[k], T: summary.age[k])
            let ifAlive = cache.value(x: x, age: summary.age[k]) {
                parameters.expectedPurchasesIfAlive(within: summary.holdoutLength, x: x, T: summary.age[k])
            }
            customers[group] += 1
            actual[group] += summary.holdoutPurchases[k]
            predicted[group] += alive * ifAlive
        }
        calibrationFit = fit
        self.holdoutDays = holdoutDays
        groups = (0..<8).map { (g: Int) -> Group in
            let people = Double(max(1, customers[g]))
            return Group(label: g == 7 ? "7+" : String(g), customers: customers[g],
                         actual: actual[g] / people, predicted: predicted[g] / people)
        }
        self.customers = summary.count
        actualTotal = actual.reduce(0, +)
        predictedTotal = predicted.reduce(0, +)
    }
}
