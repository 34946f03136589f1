import Dispatch
import Foundation

/// Every customer's segments as of one moment, as columns over dense customer indexes (SEG-1 … SEG-4). Built by
/// `SegmentTable(purchases:asOf:settings:)` in a few linear passes; `segment(_:)` gives one customer's row.
public struct SegmentTable: Sendable {
    public let aggregates: CustomerAggregates
    public let baseline: RFMBaseline
    public let settings: SegmentationSettings
    /// Scores 1–5, 0 outside the window.
    public var rScore: [UInt8]
    public var fScore: [UInt8]
    public var mScore: [UInt8]
    public var rfmClass: [RFMClass?]
    public var pyramid: [PyramidLevel?]
    public var lifecycle: [LifecycleStage?]
    public var sleepWarning: [Bool]

    public var count: Int { aggregates.count }
    public var asOfDay: Int64 { aggregates.asOfDay }

    /// Scores everyone as of `asOf` (local seconds) and fits a new baseline.
    public init(purchases: PurchaseColumns, asOfLocalSeconds asOf: Int64, settings: SegmentationSettings) {
        let aggregates = CustomerAggregates(purchases, asOfLocalSeconds: asOf, windowDays: settings.rfmWindowDays)
        self.init(aggregates: aggregates, baseline: RFMBaseline(fitting: aggregates, basis: settings.classBasis),
                  settings: settings)
    }

    /// Scores the customers of `aggregates` against a given baseline (an incremental re-score).
    public init(aggregates: CustomerAggregates, baseline: RFMBaseline, settings: SegmentationSettings) {
        self.aggregates = aggregates
        self.baseline = baseline
        self.settings = settings
        let n = aggregates.count
        var r = [UInt8](repeating: 0, count: n), f = r, m = r
        var classes = [RFMClass?](repeating: nil, count: n)
        var levels = [PyramidLevel?](repeating: nil, count: n)
        var stages = [LifecycleStage?](repeating: nil, count: n)
        var warnings = [Bool](repeating: false, count: n)
        // Customers are independent: ranges of them on every core, each writing only its own range.
        let cores = n < 200_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        r.withUnsafeMutableBufferPointer { r in
        f.withUnsafeMutableBufferPointer { f in
        m.withUnsafeMutableBufferPointer { m in
        classes.withUnsafeMutableBufferPointer { classes in
        levels.withUnsafeMutableBufferPointer { levels in
        stages.withUnsafeMutableBufferPointer { stages in
        warnings.withUnsafeMutableBufferPointer { warnings in
            nonisolated(unsafe) let output = (r, f, m, classes, levels, stages, warnings)
            DispatchQueue.concurrentPerform(iterations: cores) { core in
                let (r, f, m, classes, levels, stages, warnings) = output
                for c in (n * core / cores) ..< (n * (core + 1) / cores) where aggregates.orders[c] > 0 {
                    let recency = Int(aggregates.asOfDay - aggregates.lastDay[c])
                    let tenure = Int(aggregates.asOfDay - aggregates.firstDay[c])
                    var monetaryScore: Int?
                    if aggregates.frequency[c] > 0 {
                        let scores = baseline.scores(recencyDays: recency, frequency: aggregates.frequency[c],
                                                     monetary: aggregates.monetary[c])
                        r[c] = UInt8(scores.r)
                        f[c] = UInt8(scores.f)
                        m[c] = UInt8(scores.m)
                        monetaryScore = scores.m
                        classes[c] = baseline.rfmClass(recencyDays: recency, frequency: aggregates.frequency[c],
                                                       monetary: aggregates.monetary[c])
                    }
                    levels[c] = SegmentRules.pyramid(recencyDays: recency, tenureDays: tenure,
                                                     orders: Int(aggregates.orders[c]), mScore: monetaryScore,
                                                     settings: settings)
                    stages[c] = SegmentRules.lifecycle(recencyDays: recency, tenureDays: tenure, settings: settings)
                    warnings[c] = SegmentRules.sleepWarning(recencyDays: recency, settings: settings)
                }
            }
        }}}}}}}
        rScore = r
        fScore = f
        mScore = m
        rfmClass = classes
        pyramid = levels
        lifecycle = stages
        sleepWarning = warnings
    }

    public func segment(_ c: Int) -> CustomerSegment {
        let bought = aggregates.orders[c] > 0
        return CustomerSegment(
            recencyDays: aggregates.recencyDays(c), frequency: Int(aggregates.frequency[c]),
            monetary: Money(fen: aggregates.monetary[c]),
            rScore: rScore[c] == 0 ? nil : Int(rScore[c]), fScore: fScore[c] == 0 ? nil : Int(fScore[c]),
            mScore: mScore[c] == 0 ? nil : Int(mScore[c]),
            rfmClass: rfmClass[c], pyramid: pyramid[c], lifecycle: lifecycle[c], sleepWarning: sleepWarning[c],
            orders: Int(aggregates.orders[c]), spend: Money(fen: aggregates.spend[c]),
            firstPurchaseDay: bought ? CivilDate(daysSinceEpoch: aggregates.firstDay[c]) : nil,
            lastPurchaseDay: bought ? CivilDate(daysSinceEpoch: aggregates.lastDay[c]) : nil)
    }
}
