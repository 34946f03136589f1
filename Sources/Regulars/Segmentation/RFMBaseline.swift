/// What a customer's R, F and M are scored and classed against: quintile boundaries and the class basis, fitted on
/// every customer with a purchase in the window. Kept by the store, so that customers whose orders change between
/// full recomputes are re-scored against the same boundaries (SEG-1, incremental).
///
/// **Scores.** Each dimension is turned into a "goodness" (R: minus the recency in days, so recent is good; F: the
/// frequency; M: the monetary value). With N scored customers, a customer's score is `1 + ⌊5 · W / N⌋`, where W is
/// the number of scored customers with a strictly worse value. Equal values always share a score, the result does not
/// depend on the order of the input, and it equals SQL's `1 + floor(5 * (RANK() OVER (ORDER BY goodness) - 1) / N)`.
/// Stored as four thresholds per dimension: the score is 1 plus the number of thresholds the value exceeds.
///
/// **Classes.** R is high when the recency is below the basis (more recent than usual), F and M when above it;
/// equal to the basis is low. The basis is the mean or the median (`rfm_class_basis`), kept as an exact fraction.
public struct RFMBaseline: Sendable, Equatable, Codable {
    public struct Fraction: Sendable, Equatable, Codable {
        public var numerator: Int64
        public var denominator: Int64

        /// Whether the fraction lies below `value` (compared exactly, in 128 bits).
        func isBelow(_ value: Int64) -> Bool { Self.compare(value, self) > 0 }
        /// Whether the fraction lies above `value`.
        func isAbove(_ value: Int64) -> Bool { Self.compare(value, self) < 0 }

        private static func compare(_ value: Int64, _ fraction: Fraction) -> Int {
            let left = value.multipliedFullWidth(by: fraction.denominator)
            let right = (high: fraction.numerator < 0 ? Int64(-1) : 0, low: UInt64(bitPattern: fraction.numerator))
            if left.high != right.high { return left.high < right.high ? -1 : 1 }
            return left.low == right.low ? 0 : (left.low < right.low ? -1 : 1)
        }

        public var value: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }
    }

    /// The number of customers the baseline was fitted on (with a purchase in the window).
    public var population: Int
    public var recencyThresholds: [Int64]
    public var frequencyThresholds: [Int64]
    public var monetaryThresholds: [Int64]
    public var recencyBasis: Fraction
    public var frequencyBasis: Fraction
    public var monetaryBasis: Fraction
    public var basis: SegmentationSettings.ClassBasis

    public static func score(_ goodness: Int64, thresholds: [Int64]) -> Int {
        var score = 1
        for threshold in thresholds where goodness > threshold { score += 1 }
        return score
    }

    public func scores(recencyDays: Int, frequency: Int32, monetary: Int64) -> (r: Int, f: Int, m: Int) {
        (Self.score(-Int64(recencyDays), thresholds: recencyThresholds),
         Self.score(Int64(frequency), thresholds: frequencyThresholds),
         Self.score(monetary, thresholds: monetaryThresholds))
    }

    public func rfmClass(recencyDays: Int, frequency: Int32, monetary: Int64) -> RFMClass {
        RFMClass(recentHigh: recencyBasis.isAbove(Int64(recencyDays)),
                 frequentHigh: frequencyBasis.isBelow(Int64(frequency)),
                 monetaryHigh: monetaryBasis.isBelow(monetary))
    }

    /// Fits the baseline on the customers of `aggregates` with a purchase in the window.
    public init(fitting aggregates: CustomerAggregates, basis: SegmentationSettings.ClassBasis) {
        var recency: [Int64] = [], frequency: [Int64] = [], monetary: [Int64] = []
        recency.reserveCapacity(aggregates.count)
        frequency.reserveCapacity(aggregates.count)
        monetary.reserveCapacity(aggregates.count)
        for c in 0 ..< aggregates.count where aggregates.frequency[c] > 0 {
            recency.append(aggregates.asOfDay - aggregates.lastDay[c])
            frequency.append(Int64(aggregates.frequency[c]))
            monetary.append(aggregates.monetary[c])
        }
        self.init(recency: recency, frequency: frequency, monetary: monetary, basis: basis)
    }

    /// Fits the baseline on the scored customers' recency days, frequencies and monetary values.
    public init(recency: [Int64], frequency: [Int64], monetary: [Int64], basis: SegmentationSettings.ClassBasis) {
        let n = recency.count
        population = n
        self.basis = basis
        let sortedRecency = IntegerSort.ascending(recency)
        let sortedFrequency = IntegerSort.ascending(frequency)
        let sortedMonetary = IntegerSort.ascending(monetary)
        // Goodness of recency is its negation: ascending goodness is descending recency.
        recencyThresholds = Self.thresholds(count: n) { -sortedRecency[n - 1 - $0] }
        frequencyThresholds = Self.thresholds(count: n) { sortedFrequency[$0] }
        monetaryThresholds = Self.thresholds(count: n) { sortedMonetary[$0] }
        recencyBasis = Self.basis(sortedRecency, basis)
        frequencyBasis = Self.basis(sortedFrequency, basis)
        monetaryBasis = Self.basis(sortedMonetary, basis)
    }

    /// Score ≥ s exactly when at least ⌈(s−1)·N/5⌉ values are strictly worse, i.e. when the value exceeds the
    /// ⌈(s−1)·N/5⌉-th smallest goodness.
    private static func thresholds(count n: Int, goodnessAt: (Int) -> Int64) -> [Int64] {
        guard n > 0 else { return [] }
        return (2 ... 5).map { s in
            let rank = ((s - 1) * n + 4) / 5
            return goodnessAt(rank - 1)
        }
    }

    private static func basis(_ sorted: [Int64], _ basis: SegmentationSettings.ClassBasis) -> Fraction {
        guard !sorted.isEmpty else { return Fraction(numerator: 0, denominator: 1) }
        switch basis {
        case .mean:
            return Fraction(numerator: sorted.reduce(0, &+), denominator: Int64(sorted.count))
        case .median:
            let middle = sorted.count / 2
            return sorted.count % 2 == 1
                ? Fraction(numerator: sorted[middle], denominator: 1)
                : Fraction(numerator: sorted[middle - 1] + sorted[middle], denominator: 2)
        }
    }
}
