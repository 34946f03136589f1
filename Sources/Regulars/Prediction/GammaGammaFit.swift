import Dispatch
import Foundation

/// Fits Gamma-Gamma by maximum likelihood on the customers with at least one repeat purchase: Newton's method on the
/// log-parameters with the exact gradient and Hessian. Spend is scaled by its mean while fitting (ν then starts near
/// 1); the gamma-function terms are computed once per distinct x, so a pass costs one logarithm per customer.
public enum GammaGammaFit {
    public struct Result: Sendable {
        public var parameters: GammaGammaParameters
        /// The total log-likelihood of the customers fitted on.
        public var logLikelihood: Double
        public var customers: Int
        public var optimization: NewtonMaximizer.Outcome

        public var converged: Bool { optimization.converged }
    }

    /// Fits on the summary's rows with x > 0 and a positive mean spend; nil when there are none.
    public static func fit(_ summary: RepeatPurchaseSummary) -> Result? {
        let rows = summary.repeatRows
        return fit(frequency: rows.map { summary.frequency[$0] }, averageSpend: rows.map { summary.averageSpend[$0] })
    }

    /// Fits on rows that all have x > 0 and m > 0; nil when there are none.
    public static func fit(frequency: [Double], averageSpend: [Double]) -> Result? {
        precondition(frequency.count == averageSpend.count, "summary columns differ in length")
        guard !frequency.isEmpty, zip(frequency, averageSpend).allSatisfy({ $0 > 0 && $1 > 0 }) else { return nil }
        let data = Prepared(frequency: frequency, averageSpend: averageSpend)
        // Bounds of 1e-6 … 1e6 on every (scaled) parameter keep a degenerate sample (everyone spending the same) from
        // running off to infinity, where differences of ln Γ lose their digits.
        let outcome = NewtonMaximizer.maximize(start: [0, 0, 0], lower: Array(repeating: log(1e-6), count: 3),
                                               upper: Array(repeating: log(1e6), count: 3), gradientTolerance: 1e-10) { point in
            data.evaluate(point.map { exp($0) })
        }
        let theta = outcome.point.map { exp($0) }
        let parameters = GammaGammaParameters(p: theta[0], q: theta[1], v: theta[2] * data.scale)
        // Dividing every spend by c multiplies each customer's density by c.
        let logLikelihood = (outcome.value - log(data.scale)) * Double(frequency.count)
        return Result(parameters: parameters, logLikelihood: logLikelihood, customers: frequency.count, optimization: outcome)
    }

    /// The total log-likelihood at given parameters, customer by customer (a slow, plain reference).
    public static func logLikelihood(_ parameters: GammaGammaParameters, frequency: [Double], averageSpend: [Double]) -> Double {
        zip(frequency, averageSpend).reduce(0) { $0 + parameters.logLikelihood(x: $1.0, m: $1.1) }
    }

    struct Prepared: Sendable {
        let scale: Double
        let count: Double
        /// Distinct x and how many customers have each.
        var xValue: [Double] = [], xWeight: [Double] = []
        /// Per customer: x, x·m (total repeat spend, scaled).
        var x: [Double] = [], total: [Double] = []
        /// Σ x·(ln m + ln x) and Σ ln m: the parts that do not depend on the parameters.
        var xLogTotal = 0.0, sumLogM = 0.0

        init(frequency: [Double], averageSpend: [Double]) {
            count = Double(frequency.count)
            scale = averageSpend.reduce(0, +) / count
            var slot: [Double: Int] = [:]
            x = frequency
            total.reserveCapacity(frequency.count)
            for k in 0..<frequency.count {
                let xk = frequency[k], m = averageSpend[k] / scale
                total.append(xk * m)
                xLogTotal += xk * log(xk * m)
                sumLogM += log(m)
                if let known = slot[xk] {
                    xWeight[known] += 1
                } else {
                    slot[xk] = xValue.count
                    xValue.append(xk)
                    xWeight.append(1)
                }
            }
        }

        /// Mean log-likelihood per customer and its derivatives in the log-parameters, at θ = (p, q, v) on scaled spend.
        func evaluate(_ theta: [Double]) -> NewtonMaximizer.Evaluation {
            let (p, q, v) = (theta[0], theta[1], theta[2])
            // ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px − 1) ln m + px ln x − (px + q) ln(xm + v).
            var value = -count * SpecialFunctions.logGamma(q) + count * q * log(v) + p * xLogTotal - sumLogM
            let psiQ = SpecialFunctions.digamma(q), triQ = SpecialFunctions.trigamma(q)
            var gp = xLogTotal, gq = count * (log(v) - psiQ), gv = count * q / v
            var hpp = 0.0, hpq = 0.0, hqq = -count * triQ, hqv = count / v, hvv = -count * q / (v * v), hpv = 0.0
            for k in 0..<xValue.count {
                let xk = xValue[k], w = xWeight[k]
                let psiSum = SpecialFunctions.digamma(p * xk + q), triSum = SpecialFunctions.trigamma(p * xk + q)
                value += w * (SpecialFunctions.logGamma(p * xk + q) - SpecialFunctions.logGamma(p * xk))
                gp += w * xk * (psiSum - SpecialFunctions.digamma(p * xk))
                gq += w * psiSum
                hpp += w * xk * xk * (triSum - SpecialFunctions.trigamma(p * xk))
                hpq += w * xk * triSum
                hqq += w * triSum
            }
            // The per-customer sums: Σ ln(xm+v), Σ x ln(xm+v), Σ 1/(xm+v), Σ x/(xm+v), Σ 1/(xm+v)², Σ x/(xm+v)².
            let n = x.count
            let parts = n >= 40_000 ? min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) : 1
            let partial = UnsafeMutablePointer<(Double, Double, Double, Double, Double, Double)>.allocate(capacity: parts)
            partial.initialize(repeating: (0, 0, 0, 0, 0, 0), count: parts)
            defer { partial.deallocate() }
            nonisolated(unsafe) let shared = partial
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var s = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
                for k in (n * part / parts)..<(n * (part + 1) / parts) {
                    let xk = x[k], denominator = total[k] + v
                    let l = log(denominator), inverse = 1 / denominator
                    s.0 += l
                    s.1 += xk * l
                    s.2 += inverse
                    s.3 += xk * inverse
                    s.4 += inverse * inverse
                    s.5 += xk * inverse * inverse
                }
                shared[part] = s
            }
            var sumL = 0.0, sumXL = 0.0, sumR = 0.0, sumXR = 0.0, sumRR = 0.0, sumXRR = 0.0
            for part in 0..<parts {
                let s = partial[part]
                sumL += s.0; sumXL += s.1; sumR += s.2; sumXR += s.3; sumRR += s.4; sumXRR += s.5
            }
            value -= p * sumXL + q * sumL
            gp -= sumXL
            gq -= sumL
            gv -= p * sumXR + q * sumR
            hpv -= sumXR
            hqv -= sumR
            hvv += p * sumXRR + q * sumRR
            let g = [gp, gq, gv]
            let h = [hpp, hpq, hpv, hpq, hqq, hqv, hpv, hqv, hvv]
            var gradient = [Double](repeating: 0, count: 3), hessian = [Double](repeating: 0, count: 9)
            for i in 0..<3 {
                gradient[i] = theta[i] * g[i] / count
                for j in 0..<3 {
                    hessian[i * 3 + j] = (theta[i] * theta[j] * h[i * 3 + j] + (i == j ? theta[i] * g[i] : 0)) / count
                }
            }
            return NewtonMaximizer.Evaluation(value: value / count, gradient: gradient, hessian: hessian)
        }
    }
}
