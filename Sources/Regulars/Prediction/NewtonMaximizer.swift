/// Maximises a smooth function of a few parameters (the models' log-likelihoods, over log-parameters) by Newton's
/// method with exact second derivatives: each step solves (−H + μI) δ = g, with μ raised (Levenberg) until the matrix
/// is positive definite, then halves the step until the value rises enough (Armijo). Near the optimum the steps are
/// plain Newton steps, which converge quadratically: a handful of passes over the data instead of BFGS's dozens.
/// Optional bounds keep a search on a ridge that rises toward infinity (no drop-out at all, everyone buying at one
/// rate) from running off: a coordinate at its bound whose gradient points outward is held there.
public enum NewtonMaximizer {
    /// The function's value, gradient and row-major Hessian at a point. A non-finite value marks a point outside
    /// the function's domain; the line search steps back from it.
    public struct Evaluation: Sendable {
        public var value: Double
        public var gradient: [Double]
        public var hessian: [Double]

        public init(value: Double, gradient: [Double], hessian: [Double]) {
            self.value = value
            self.gradient = gradient
            self.hessian = hessian
        }
    }

    /// Where the search ended and why.
    public struct Outcome: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var iterations: Int
        public var evaluations: Int
        /// The largest gradient component at `point`.
        public var gradientNorm: Double
        public var converged: Bool
        public var reason: String
    }

    /// Maximises `evaluate` from `start`; converged when every gradient component is below `gradientTolerance`.
    public static func maximize(start: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
                                gradientTolerance: Double = 1e-9, maxIterations: Int = 200,
                                evaluate: ([Double]) -> Evaluation) -> Outcome {
        let n = start.count
        let lower = lower ?? Array(repeating: -.infinity, count: n), upper = upper ?? Array(repeating: .infinity, count: n)
        func clamp(_ point: [Double]) -> [Double] { (0..<n).map { min(upper[$0], max(lower[$0], point[$0])) } }
        var point = clamp(start)
        var current = evaluate(point)
        var evaluations = 1
        var damping = 0.0
        /// The gradient with the components held at a bound zeroed.
        func freeGradient() -> [Double] {
            (0..<n).map { i in
                let held = (point[i] <= lower[i] && current.gradient[i] < 0) || (point[i] >= upper[i] && current.gradient[i] > 0)
                return held ? 0 : current.gradient[i]
            }
        }
        func outcome(_ iterations: Int, _ converged: Bool, _ reason: String) -> Outcome {
            Outcome(point: point, value: current.value, iterations: iterations, evaluations: evaluations,
                    gradientNorm: freeGradient().map(abs).max() ?? 0, converged: converged, reason: reason)
        }
        guard current.value.isFinite else { return outcome(0, false, "the starting point is outside the model's domain") }
        for iteration in 1...maxIterations {
            let gradient = freeGradient()
            let gradientNorm = gradient.map(abs).max() ?? 0
            if gradientNorm < gradientTolerance { return outcome(iteration - 1, true, "gradient below tolerance") }
            guard gradientNorm.isFinite else { return outcome(iteration - 1, false, "the gradient is not finite") }
            // Newton on the free coordinates only; held ones do not move.
            let free = (0..<n).filter { gradient[$0] != 0 || (point[$0] > lower[$0] && point[$0] < upper[$0]) }
            let m = free.count
            var matrix = [Double](repeating: 0, count: m * m)
            for (row, i) in free.enumerated() {
                for (column, j) in free.enumerated() { matrix[row * m + column] = -current.hessian[i * n + j] }
                if damping > 0 { matrix[row * m + row] += damping }
            }
            guard let reduced = solvePositiveDefinite(matrix, free.map { gradient[$0] }, m) else {
                damping = max(damping * 10, 1e-6 * max(1, diagonalScale(current.hessian, n)))
                if damping > 1e12 { return outcome(iteration, false, "no ascent direction") }
                continue
            }
            var step = [Double](repeating: 0, count: n)
            for (row, i) in free.enumerated() { step[i] = reduced[row] }
            let slope = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            // A full Newton step is predicted to raise the value by slope / 2: once that is below rounding, the
            // gradient cannot fall further and halving steps would only burn passes over the data.
            if damping == 0, slope / 2 <= 1e-14 * max(1, abs(current.value)) {
                return outcome(iteration - 1, true, "predicted rise below rounding")
            }
            var length = 1.0, accepted: Evaluation?, trialPoint = point
            for _ in 0..<40 {
                trialPoint = clamp(zip(point, step).map { $0 + length * $1 })
                let trial = evaluate(trialPoint)
                evaluations += 1
                if trial.value.isFinite, trial.value >= current.value + 1e-4 * length * slope {
                    accepted = trial
                    break
                }
                length /= 2
            }
            guard let next = accepted else {
                // The quadratic model cannot find a rise: the value is as high as rounding allows, or the model is
                // poor here and a shorter, more gradient-like step is needed.
                if gradientNorm < gradientTolerance * 1e3 { return outcome(iteration, true, "no further rise within rounding") }
                damping = max(damping * 10, 1e-3)
                if damping > 1e12 { return outcome(iteration, false, "the line search found no rise") }
                continue
            }
            let rise = next.value - current.value
            point = trialPoint
            current = next
            damping = length == 1 ? damping / 10 : damping
            if damping < 1e-12 { damping = 0 }
            if rise <= 1e-15 * abs(current.value), (step.map(abs).max() ?? 0) * length < 1e-12 {
                return outcome(iteration, true, "steps no longer change the value")
            }
        }
        return outcome(maxIterations, false, "iteration limit reached")
    }

    private static func diagonalScale(_ hessian: [Double], _ n: Int) -> Double {
        (0..<n).map { abs(hessian[$0 * n + $0]) }.max() ?? 1
    }

    /// Solves A x = b for a symmetric positive definite A by Cholesky; nil when A is not positive definite.
    static func solvePositiveDefinite(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
