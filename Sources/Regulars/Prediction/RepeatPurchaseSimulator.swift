import Foundation

/// Customers drawn from known BG/NBD and Gamma-Gamma parameters, for parameter-recovery tests and the benchmark:
/// λ ~ gamma(r, α), p ~ beta(a, b), purchases a Poisson process at rate λ after the first at time 0, the customer
/// leaving after each repeat purchase with probability p; ν ~ gamma(q, v), each purchase's value ~ gamma(p, ν).
/// Seeded: the same arguments give the same customers on every platform.
public struct RepeatPurchaseSimulator: Sendable {
    public var purchase: BGNBDParameters
    public var spend: GammaGammaParameters
    /// Ages T are drawn uniformly from this range (in the model's unit).
    public var ages: ClosedRange<Double>
    /// Round ages and recencies down to whole units, as daily data would be.
    public var wholeUnits: Bool

    public init(purchase: BGNBDParameters, spend: GammaGammaParameters, ages: ClosedRange<Double>, wholeUnits: Bool = false) {
        self.purchase = purchase
        self.spend = spend
        self.ages = ages
        self.wholeUnits = wholeUnits
    }

    /// `customers` summaries drawn with `seed`.
    public func summary(customers: Int, seed: UInt64) -> RepeatPurchaseSummary {
        var frequency = [Double](repeating: 0, count: customers), recency = frequency, age = frequency, spent = frequency
        for k in 0..<customers {
            var random = DemoRandom(seed: seed, stream: UInt64(k), salt: 0x5EED)
            var T = ages.lowerBound + (ages.upperBound - ages.lowerBound) * random.unitInterval()
            if wholeUnits { T = T.rounded(.down) }
            let rate = Self.gamma(shape: purchase.r, &random) / purchase.alpha
            let dropout = Self.beta(purchase.a, purchase.b, &random)
            var time = 0.0, x = 0, last = 0.0
            while rate > 0 {
                time += -log(random.unitInterval()) / rate
                if time > T { break }
                x += 1
                last = time
                if random.unitInterval() <= dropout { break }
            }
            frequency[k] = Double(x)
            recency[k] = wholeUnits ? last.rounded(.down) : last
            age[k] = T
            if x > 0 {
                let scale = Self.gamma(shape: spend.q, &random) / spend.v
                var total = 0.0
                for _ in 0..<x { total += Self.gamma(shape: spend.p, &random) / scale }
                spent[k] = total / Double(x)
            }
        }
        return RepeatPurchaseSummary(frequency: frequency, recency: recency, age: age, averageSpend: spent)
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang's method (shape < 1 boosted by U^(1/shape)).
    static func gamma(shape: Double, _ random: inout DemoRandom) -> Double {
        if shape < 1 { return gamma(shape: shape + 1, &random) * pow(random.unitInterval(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal(&random)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = random.unitInterval()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    static func beta(_ a: Double, _ b: Double, _ random: inout DemoRandom) -> Double {
        let x = gamma(shape: a, &random), y = gamma(shape: b, &random)
        return x / (x + y)
    }

    /// A standard normal by Box–Muller.
    static func normal(_ random: inout DemoRandom) -> Double {
        (-2 * log(random.unitInterval())).squareRoot() * cos(2 * Double.pi * random.unitInterval())
    }
}
