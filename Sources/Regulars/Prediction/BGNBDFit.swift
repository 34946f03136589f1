import Dispatch
import Foundation

/// Fits BG/NBD by maximum likelihood: Newton's method (`NewtonMaximizer`) on the log-parameters with the exact
/// gradient and Hessian. Times are scaled so the oldest customer's age is 10 (`lifetimes` scales it to 1), which
/// keeps α near 1 for any unit; the reported log-likelihood is on the unscaled data. Work per pass is kept small: customers
/// without a repeat purchase are grouped by age, the gamma-function terms are computed once per distinct x, and the
/// logarithms of ages and recencies once per distinct value.
public enum BGNBDFit {
    public struct Result: Sendable {
        public var parameters: BGNBDParameters
        /// The total log-likelihood of the summary at `parameters`.
        public var logLikelihood: Double
        public var optimization: NewtonMaximizer.Outcome

        public var converged: Bool { optimization.converged }
    }

    public static func fit(_ summary: RepeatPurchaseSummary) -> Result {
        fit(frequency: summary.frequency, recency: summary.recency, age: summary.age)
    }

    public static func fit(frequency: [Double], recency: [Double], age: [Double]) -> Result {
        let data = Prepared(frequency: frequency, recency: recency, age: age)
        // Bounds of 1e-8 … 1e8 on every (scaled) parameter: wide enough for any shop, and they stop the search from
        // running off along a ridge (no drop-out: a, b → ∞; one rate for all: r, α → ∞).
        let outcome = NewtonMaximizer.maximize(start: [0, 0, 0, 0], lower: Array(repeating: log(1e-8), count: 4),
                                               upper: Array(repeating: log(1e8), count: 4), gradientTolerance: 1e-10) { point in
            data.evaluate(point.map { exp($0) })
        }
        let theta = outcome.point.map { exp($0) }
        let parameters = BGNBDParameters(r: theta[0], alpha: theta[1] / data.scale, a: theta[2], b: theta[3])
        // Scaling every time by s multiplies each repeat purchase's density by 1/s.
        let logLikelihood = outcome.value * data.customers + data.repeatPurchases * log(data.scale)
        return Result(parameters: parameters, logLikelihood: logLikelihood, optimization: outcome)
    }

    /// The total log-likelihood of a summary at given parameters, customer by customer (a slow, plain reference).
    public static func logLikelihood(_ parameters: BGNBDParameters, _ summary: RepeatPurchaseSummary) -> Double {
        (0..<summary.count).reduce(0) {
            $0 + parameters.logLikelihood(x: summary.frequency[$1], tx: summary.recency[$1], T: summary.age[$1])
        }
    }

    /// The summary laid out for fast passes.
    struct Prepared: Sendable {
        let scale: Double
        let customers: Double
        let repeatPurchases: Double
        /// Customers without a repeat purchase: distinct scaled ages and how many customers have each.
        var onceAge: [Double] = [], onceWeight: [Double] = []
        /// Distinct x > 0 and how many customers have each.
        var xValue: [Double] = [], xWeight: [Double] = []
        /// Repeat customers: x, the index of x in `xValue`, and the indexes of their age and recency in `times`.
        var x: [Double] = [], xIndex: [Int32] = [], ageIndex: [Int32] = [], recencyIndex: [Int32] = []
        var times: [Double] = []

        init(frequency: [Double], recency: [Double], age: [Double]) {
            precondition(frequency.count == recency.count && recency.count == age.count, "summary columns differ in length")
            let oldest = age.max() ?? 0
            scale = oldest > 0 ? 10 / oldest : 1
            customers = Double(max(1, frequency.count))
            repeatPurchases = frequency.reduce(0, +)
            var onceSlot: [UInt64: Int] = [:], xSlot: [Double: Int32] = [:], timeSlot: [UInt64: Int32] = [:]
            func timeIndex(_ value: Double) -> Int32 {
                if let known = timeSlot[value.bitPattern] { return known }
                let next = Int32(times.count)
                times.append(value)
                timeSlot[value.bitPattern] = next
                return next
            }
            for k in 0..<frequency.count {
                precondition(frequency[k] >= 0 && frequency[k] == frequency[k].rounded(),
                             "frequency must be a whole number of repeat purchases, not \(frequency[k])")
                let T = age[k] * scale
                if frequency[k] <= 0 {
                    if let slot = onceSlot[T.bitPattern] {
                        onceWeight[slot] += 1
                    } else {
                        onceSlot[T.bitPattern] = onceAge.count
                        onceAge.append(T)
                        onceWeight.append(1)
                    }
                    continue
                }
                let slot: Int32
                if let known = xSlot[frequency[k]] {
                    slot = known
                    xWeight[Int(known)] += 1
                } else {
                    slot = Int32(xValue.count)
                    xSlot[frequency[k]] = slot
                    xValue.append(frequency[k])
                    xWeight.append(1)
                }
                x.append(frequency[k])
                xIndex.append(slot)
                ageIndex.append(timeIndex(T))
                recencyIndex.append(timeIndex(recency[k] * scale))
            }
        }

        /// Mean log-likelihood per customer, its gradient and Hessian with respect to the log-parameters, at
        /// θ = (r, α, a, b) on the scaled times.
        func evaluate(_ theta: [Double]) -> NewtonMaximizer.Evaluation {
            let (r, alpha, a, b) = (theta[0], theta[1], theta[2], theta[3])
            var sums = Sums()
            let logAlpha = log(alpha), inverseAlpha = 1 / alpha
            // Customers without a repeat purchase: r·ln(α / (α + T)) = −r·ln(1 + T/α), written so that it stays exact
            // when α is far larger than T (customers who all buy at the same rate drive r and α up together).
            for k in 0..<onceAge.count {
                let w = onceWeight[k], T = onceAge[k], inverse = 1 / (alpha + T), logRatio = -log1p(T * inverseAlpha)
                let shrink = T * inverseAlpha * inverse  // 1/α − 1/(α + T)
                sums.value += w * r * logRatio
                sums.r += w * logRatio
                sums.alpha += w * r * shrink
                sums.rAlpha += w * shrink
                sums.alphaAlpha -= w * r * shrink * (inverseAlpha + inverse)
            }
            // The gamma-function ratios Γ(r + x)/Γ(r), Γ(b + x)/Γ(b), Γ(a + b)/Γ(a + b + x) for whole x are products
            // of x factors: their logarithms and derivatives are running sums, exact however large r, a or b grow
            // (ln Γ of a huge argument differenced would lose every digit).
            let top = Int(xValue.max() ?? 0)
            var ratioR = RisingSums(count: top), ratioB = RisingSums(count: top), ratioAB = RisingSums(count: top)
            ratioR.fill(from: r)
            ratioB.fill(from: b)
            ratioAB.fill(from: a + b)
            var xLog = [Double](repeating: 0, count: xValue.count), xInverse = xLog
            for k in 0..<xValue.count {
                let x = xValue[k], w = xWeight[k], n = Int(x)
                sums.value += w * (ratioR.log[n] + ratioB.log[n] - ratioAB.log[n])
                sums.r += w * ratioR.inverse[n]
                sums.a -= w * ratioAB.inverse[n]
                sums.b += w * (ratioB.inverse[n] - ratioAB.inverse[n])
                sums.rr -= w * ratioR.inverseSquare[n]
                sums.aa += w * ratioAB.inverseSquare[n]
                sums.ab += w * ratioAB.inverseSquare[n]
                sums.bb += w * (ratioAB.inverseSquare[n] - ratioB.inverseSquare[n])
                xLog[k] = log(b + x - 1)
                xInverse[k] = 1 / (b + x - 1)
            }
            let logBx = xLog, inverseBx = xInverse
            // Repeat customers: −r·ln(1 + T/α) − x·ln(α + T) + softplus(D).
            let relative = times.map { log1p($0 * inverseAlpha) }, inverseTime = times.map { 1 / (alpha + $0) }
            let count = x.count
            let parts = count >= 40_000 ? min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) : 1
            let partial = UnsafeMutablePointer<Sums>.allocate(capacity: parts)
            partial.initialize(repeating: Sums(), count: parts)
            defer { partial.deallocate() }
            nonisolated(unsafe) let shared = partial
            let logA = log(a), inverseA = 1 / a
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var s = Sums()
                for k in (count * part / parts)..<(count * (part + 1) / parts) {
                    let xk = x[k], rx = r + xk
                    let j = Int(xIndex[k])
                    let ageSlot = Int(ageIndex[k]), recencySlot = Int(recencyIndex[k])
                    let grown = relative[ageSlot], it = inverseTime[ageSlot], ix = inverseTime[recencySlot]
                    let dLog = grown - relative[recencySlot], q = it - ix
                    let d = logA - logBx[j] + rx * dLog
                    let e = exp(-abs(d))
                    let softplus = max(d, 0) + log1p(e)
                    let sigma = d >= 0 ? 1 / (1 + e) : e / (1 + e)
                    let s2 = sigma * (1 - sigma)
                    let dAlpha = rx * q, dB = -inverseBx[j]
                    let age = times[ageSlot], shrink = age * inverseAlpha * it  // 1/α − 1/(α + T)
                    s.value += -r * grown - xk * (logAlpha + grown) + softplus
                    s.r += -grown + sigma * dLog
                    s.alpha += r * shrink - xk * it + sigma * dAlpha
                    s.a += sigma * inverseA
                    s.b += sigma * dB
                    s.rr += s2 * dLog * dLog
                    s.rAlpha += shrink + sigma * q + s2 * dLog * dAlpha
                    s.rA += s2 * dLog * inverseA
                    s.rB += s2 * dLog * dB
                    s.alphaAlpha += -r * shrink * (inverseAlpha + it) + xk * it * it + sigma * rx * (ix * ix - it * it)
                        + s2 * dAlpha * dAlpha
                    s.alphaA += s2 * dAlpha * inverseA
                    s.alphaB += s2 * dAlpha * dB
                    s.aa += (s2 - sigma) * inverseA * inverseA
                    s.ab += s2 * inverseA * dB
                    s.bb += (s2 + sigma) * dB * dB
                }
                shared[part] = s
            }
            for part in 0..<parts { sums.add(partial[part]) }
            return sums.evaluation(theta: theta, customers: customers)
        }
    }

    /// For n = 0 … count: Σ ln(z + i), Σ 1/(z + i) and Σ 1/(z + i)² over i < n — ln Γ(z + n)/Γ(z), ψ(z + n) − ψ(z)
    /// and ψ′(z) − ψ′(z + n).
    struct RisingSums {
        var log: [Double], inverse: [Double], inverseSquare: [Double]

        init(count: Int) {
            log = [Double](repeating: 0, count: count + 1)
            inverse = log
            inverseSquare = log
        }

        mutating func fill(from z: Double) {
            for i in 0..<(log.count - 1) {
                let term = z + Double(i), reciprocal = 1 / term
                log[i + 1] = log[i] + Foundation.log(term)
                inverse[i + 1] = inverse[i] + reciprocal
                inverseSquare[i + 1] = inverseSquare[i] + reciprocal * reciprocal
            }
        }
    }

    /// The log-likelihood and its derivatives in (r, α, a, b), summed.
    struct Sums {
        var value = 0.0
        var r = 0.0, alpha = 0.0, a = 0.0, b = 0.0
        var rr = 0.0, rAlpha = 0.0, rA = 0.0, rB = 0.0
        var alphaAlpha = 0.0, alphaA = 0.0, alphaB = 0.0
        var aa = 0.0, ab = 0.0, bb = 0.0

        mutating func add(_ other: Sums) {
            value += other.value
            r += other.r; alpha += other.alpha; a += other.a; b += other.b
            rr += other.rr; rAlpha += other.rAlpha; rA += other.rA; rB += other.rB
            alphaAlpha += other.alphaAlpha; alphaA += other.alphaA; alphaB += other.alphaB
            aa += other.aa; ab += other.ab; bb += other.bb
        }

        /// Per customer, with respect to the log-parameters: ∂/∂φᵢ = θᵢ gᵢ, ∂²/∂φᵢ∂φⱼ = θᵢθⱼHᵢⱼ + [i = j] θᵢ gᵢ.
        func evaluation(theta: [Double], customers: Double) -> NewtonMaximizer.Evaluation {
            let g = [r, alpha, a, b]
            let h = [rr, rAlpha, rA, rB,
                     rAlpha, alphaAlpha, alphaA, alphaB,
                     rA, alphaA, aa, ab,
                     rB, alphaB, ab, bb]
            var gradient = [Double](repeating: 0, count: 4), hessian = [Double](repeating: 0, count: 16)
            for i in 0..<4 {
                gradient[i] = theta[i] * g[i] / customers
                for j in 0..<4 {
                    hessian[i * 4 + j] = (theta[i] * theta[j] * h[i * 4 + j] + (i == j ? theta[i] * g[i] : 0)) / customers
                }
            }
            return NewtonMaximizer.Evaluation(value: value / customers, gradient: gradient, hessian: hessian)
        }
    }
}
