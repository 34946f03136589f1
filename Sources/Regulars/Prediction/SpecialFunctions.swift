import Foundation

/// The special functions the repeat-buying models need: log-gamma (the C library's), digamma and trigamma (for the
/// likelihood's gradient and Hessian) and Gauss's hypergeometric function ₂F₁ (BG/NBD's conditional expectation).
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0.
    @inline(__always)
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// ψ(x) = d/dx ln Γ(x) for x > 0: shifted up to x ≥ 10 by ψ(x) = ψ(x + 1) − 1/x, then the asymptotic series.
    public static func digamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let inverse = 1 / x, square = inverse * inverse
        let series = square * (1.0 / 12 - square * (1.0 / 120 - square * (1.0 / 252 - square * (1.0 / 240 - square / 132))))
        return shift + log(x) - 0.5 * inverse - series
    }

    /// ψ′(x) for x > 0: shifted up by ψ′(x) = ψ′(x + 1) + 1/x², then the asymptotic series.
    public static func trigamma(_ x: Double) -> Double {
        var x = x, shift = 0.0
        while x < 10 {
            shift += 1 / (x * x)
            x += 1
        }
        let inverse = 1 / x, square = inverse * inverse
        let series = inverse + square / 2
            + inverse * square * (1.0 / 6 - square * (1.0 / 30 - square * (1.0 / 42 - square * (1.0 / 30 - square * 5 / 66))))
        return shift + series
    }

    /// ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c > 0, by its power series. When the series converges slowly and
    /// c − a − b > 0 is not small, Euler's transformation (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) is used instead,
    /// whose terms fall faster. Returns nil when neither converges within the term limit, or z is outside [0, 1).
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        guard z >= 0, z < 1 else { return nil }
        if z == 0 { return 1 }
        if let direct = series(a, b, c, z) { return direct }
        guard let euler = series(c - a, c - b, c, z) else { return nil }
        return euler * pow(1 - z, c - a - b)
    }

    private static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        var term = 1.0, sum = 1.0
        for n in 0..<200_000 {
            let k = Double(n)
            let ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            term *= ratio
            sum += term
            if !sum.isFinite { return nil }
            // The ratio of successive terms tends to z, monotonically once k is past the parameters' signs; the
            // tail after this term is then at most term · ρ / (1 − ρ) with ρ the larger of this ratio and z.
            let bound = max(abs(ratio), z)
            if bound < 1, k + 1 > -min(a, b, c), abs(term) * bound / (1 - bound) <= 1e-16 * abs(sum) { return sum }
        }
        return nil
    }
}
