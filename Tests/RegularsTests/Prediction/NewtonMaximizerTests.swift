import Testing
@testable import Regulars

@Suite("Newton's method with bounds")
struct NewtonMaximizerTests {
    /// f(x, y) = −(x − 5)² − 2(y + 1)² − xy/2: concave, its maximum found by hand from ∇f = 0.
    static func evaluate(_ p: [Double]) -> NewtonMaximizer.Evaluation {
        let (x, y) = (p[0], p[1])
        return NewtonMaximizer.Evaluation(
            value: -(x - 5) * (x - 5) - 2 * (y + 1) * (y + 1) - x * y / 2,
            gradient: [-2 * (x - 5) - y / 2, -4 * (y + 1) - x / 2],
            hessian: [-2, -0.5, -0.5, -4])
    }

    @Test("a concave quadratic is solved in one step")
    func quadratic() {
        // −2(x − 5) − y/2 = 0 and −4(y + 1) − x/2 = 0 give x = 168/31, y = −52/31.
        let outcome = NewtonMaximizer.maximize(start: [0, 0], evaluate: Self.evaluate)
        #expect(outcome.converged)
        #expect(abs(outcome.point[0] - 168.0 / 31) < 1e-12)
        #expect(abs(outcome.point[1] - -52.0 / 31) < 1e-12)
        #expect(outcome.iterations <= 2)
    }

    @Test("a bound holds a coordinate whose gradient points outward; the other is optimised given it")
    func bounded() {
        let outcome = NewtonMaximizer.maximize(start: [0, 0], lower: [-10, -10], upper: [3, 10], evaluate: Self.evaluate)
        #expect(outcome.converged)
        #expect(outcome.point[0] == 3)
        // With x held at 3: −4(y + 1) − 3/2 = 0, y = −11/8.
        #expect(abs(outcome.point[1] - -11.0 / 8) < 1e-12)
        #expect(outcome.gradientNorm < 1e-9, "only the free coordinate's gradient counts")
    }

    @Test("a start outside the function's domain is reported, not searched from")
    func outsideDomain() {
        let outcome = NewtonMaximizer.maximize(start: [1]) { _ in
            NewtonMaximizer.Evaluation(value: .nan, gradient: [0], hessian: [0])
        }
        #expect(!outcome.converged)
        #expect(outcome.reason.contains("outside"))
    }
}
