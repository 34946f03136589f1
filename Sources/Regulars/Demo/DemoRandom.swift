/// SplitMix64: a small seeded generator whose output is the same on every platform (integer arithmetic only).
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose (`salt`) and one subject (`stream`, e.g. a person's index).
    init(seed: UInt64, stream: UInt64, salt: UInt64) {
        state = DemoRandom.mix(seed ^ DemoRandom.mix(stream &* 0x9E37_79B9_7F4A_7C15 ^ salt))
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (multiply-high; the tiny bias does not matter here). `bound` must be positive.
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// Uniform in `lower...upper`.
    mutating func between(_ lower: Int, _ upper: Int) -> Int { lower + below(upper - lower + 1) }

    /// True with probability `permille`/1000.
    mutating func chance(_ permille: Int) -> Bool { below(1000) < permille }

    /// Uniform in `(0, 1]`, from 53 random bits.
    mutating func unitInterval() -> Double { (Double(next() >> 11) + 1) * 0x1p-53 }
}

/// Integer weights with a cumulative table, for picking an index proportionally to its weight.
struct DemoWeights: Sendable {
    private let cumulative: [Int]
    /// For small totals, the index of every point: picking is one lookup.
    private let direct: [UInt8]

    init(_ weights: [Int]) {
        var sum = 0
        cumulative = weights.map { sum += $0; return sum }
        var direct: [UInt8] = []
        if sum <= 8192, weights.count <= 256 {
            for (index, weight) in weights.enumerated() {
                direct.append(contentsOf: repeatElement(UInt8(index), count: weight))
            }
        }
        self.direct = direct
    }

    var total: Int { cumulative.last ?? 0 }

    func pick(_ random: inout DemoRandom) -> Int {
        let point = random.below(total)
        return direct.isEmpty ? index(of: point) : Int(direct[point])
    }

    /// The index whose cumulative range holds `point` (`0 <= point < total`).
    func index(of point: Int) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > point { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Where the range of `index` starts.
    func start(of index: Int) -> Int { index == 0 ? 0 : cumulative[index - 1] }
}

/// Bijections of a person's index onto a range of numbers, so generated ids and phones never collide.
enum DemoScramble {
    /// `(index × 2654435761 + offset) mod modulus`: one-to-one for indexes below `modulus` when the modulus has no
    /// prime factor other than 2, 3 and 5 (the multiplier is coprime to all three).
    static func permute(_ index: Int, offset: UInt64, modulus: UInt64) -> UInt64 {
        let product = UInt64(index).multipliedFullWidth(by: 2_654_435_761)
        let scrambled = modulus.dividingFullWidth((product.high % modulus, product.low)).remainder
        let (sum, overflow) = scrambled.addingReportingOverflow(offset % modulus)
        return overflow || sum >= modulus ? sum &- modulus : sum
    }
}
