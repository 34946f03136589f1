import Foundation

/// The repeat-buying models' input, one row per customer who bought by the end of calibration: `frequency` x (repeat
/// purchases: days with a purchase after the first), `recency` tₓ (first purchase to last), `age` T (first purchase to
/// the end of calibration), in the model's time unit, and the mean spend of the repeat purchases (yuan; 0 without one).
/// Purchases on one local day are one purchase, as in Fader and Hardie's data and `lifetimes` with days. With a
/// holdout, `holdoutPurchases` counts each customer's purchase days after calibration, up to the end of observation.
public struct RepeatPurchaseSummary: Sendable {
    public var unit: PredictionSettings.TimeUnit
    /// The dense customer index of each row (`0 ..< count` when built from plain arrays).
    public var customer: [Int32]
    public var frequency: [Double]
    public var recency: [Double]
    public var age: [Double]
    public var averageSpend: [Double]
    /// Purchase days in the holdout per row; empty without a holdout.
    public var holdoutPurchases: [Double] = []
    /// The holdout's length in the model's unit (0 without one).
    public var holdoutLength: Double = 0
    /// Days from the first purchase anyone made to the end of calibration.
    public var historyDays: Int = 0

    public var count: Int { frequency.count }

    /// A summary from columns already computed (a file, a simulation); rows are customers `0 ..< count`.
    public init(frequency: [Double], recency: [Double], age: [Double], averageSpend: [Double],
                unit: PredictionSettings.TimeUnit = .days) {
        precondition(frequency.count == recency.count && recency.count == age.count && age.count == averageSpend.count,
                     "summary columns differ in length")
        self.unit = unit
        customer = (0..<Int32(frequency.count)).map { $0 }
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.averageSpend = averageSpend
        historyDays = Int(((age.max() ?? 0) * unit.days).rounded())
    }

    /// Summarises purchases up to `calibrationEnd` (local seconds; its whole day counts). With `observationEnd`,
    /// purchase days after the calibration day up to that moment's day are counted as the holdout.
    public init(_ purchases: PurchaseColumns, calibrationEnd: Int64, observationEnd: Int64? = nil,
                unit: PredictionSettings.TimeUnit = .days) {
        self.unit = unit
        let n = purchases.customerCount
        let calibrationDay = LocalTime.day(calibrationEnd)
        let lastDay = observationEnd.map { max(calibrationDay, LocalTime.day($0)) } ?? calibrationDay
        // Purchases bucketed by customer (a counting sort), each bucket then sorted by day.
        var start = [Int32](repeating: 0, count: n + 1)
        var earliest = Int64.max
        for k in 0..<purchases.count {
            let c = Int(purchases.customer[k])
            guard c >= 0, c < n else { continue }
            let day = LocalTime.day(purchases.localSeconds[k])
            guard day <= lastDay else { continue }
            start[c + 1] += 1
            if day <= calibrationDay { earliest = min(earliest, day) }
        }
        for c in 0..<n { start[c + 1] += start[c] }
        var days = [Int64](repeating: 0, count: Int(start[n])), nets = [Int64](repeating: 0, count: Int(start[n]))
        var fill = start
        for k in 0..<purchases.count {
            let c = Int(purchases.customer[k])
            guard c >= 0, c < n else { continue }
            let day = LocalTime.day(purchases.localSeconds[k])
            guard day <= lastDay else { continue }
            let slot = Int(fill[c])
            days[slot] = day
            nets[slot] = purchases.net[k]
            fill[c] += 1
        }
        var customer: [Int32] = [], frequency: [Double] = [], recency: [Double] = [], age: [Double] = []
        var spend: [Double] = [], holdout: [Double] = []
        let unitDays = unit.days
        var pairs: [(day: Int64, net: Int64)] = []
        for c in 0..<n where start[c + 1] > start[c] {
            pairs.removeAll(keepingCapacity: true)
            for slot in Int(start[c])..<Int(start[c + 1]) { pairs.append((days[slot], nets[slot])) }
            if pairs.count > 1 { pairs.sort { $0.day < $1.day } }
            let first = pairs[0].day
            guard first <= calibrationDay else { continue }
            var repeatDays = 0, repeatSpend: Int64 = 0, last = first, holdoutDays = 0
            var index = 0
            while index < pairs.count, pairs[index].day == first { index += 1 }
            while index < pairs.count {
                let day = pairs[index].day
                var total: Int64 = 0
                while index < pairs.count, pairs[index].day == day {
                    total += pairs[index].net
                    index += 1
                }
                if day <= calibrationDay {
                    repeatDays += 1
                    repeatSpend += total
                    last = day
                } else {
                    holdoutDays += 1
                }
            }
            customer.append(Int32(c))
            frequency.append(Double(repeatDays))
            recency.append(Double(last - first) / unitDays)
            age.append(Double(calibrationDay - first) / unitDays)
            spend.append(repeatDays > 0 ? Double(repeatSpend) / 100 / Double(repeatDays) : 0)
            if observationEnd != nil { holdout.append(Double(holdoutDays)) }
        }
        self.customer = customer
        self.frequency = frequency
        self.recency = recency
        self.age = age
        averageSpend = spend
        holdoutPurchases = holdout
        holdoutLength = observationEnd == nil ? 0 : Double(lastDay - calibrationDay) / unitDays
        historyDays = earliest == .max ? 0 : Int(calibrationDay - earliest)
    }

    /// Rows whose customers came back at least once (what Gamma-Gamma is fitted on), with a positive mean spend.
    public var repeatRows: [Int] { (0..<count).filter { frequency[$0] > 0 && averageSpend[$0] > 0 } }
}
