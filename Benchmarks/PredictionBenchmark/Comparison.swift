import Regulars

/// Fits both models with Regulars on the summary lifetimes fitted, prints the side-by-side tables and the result
/// lines, and checks the issue's bar: every parameter to 3 significant digits, |ΔLL| ≤ 0.01, at least 20× faster.
struct Comparison {
    static let largestLogLikelihoodGap = 0.01
    static let smallestSpeedUp = 20.0

    var table: SummaryTable
    var reference: LifetimesReference
    private var failures: [String] = []
    private var lines: [String] = []

    init(table: SummaryTable, reference: LifetimesReference) {
        self.table = table
        self.reference = reference
    }

    /// True when everything agrees and is fast enough.
    mutating func run() -> Bool {
        let summary = table.summary
        if reference.customers != summary.count {
            failures.append("lifetimes fitted \(reference.customers) customers, the summary has \(summary.count)")
        }
        let (purchase, purchaseSeconds) = fastest { BGNBDFit.fit(summary) }
        let given = reference.bgnbd
        report(model: "BG/NBD", customers: "\(Format.grouped(summary.count)) customers",
               parameters: [("r", purchase.parameters.r, given.r), ("alpha", purchase.parameters.alpha, given.alpha),
                            ("a", purchase.parameters.a, given.a), ("b", purchase.parameters.b, given.b)],
               logLikelihood: (purchase.logLikelihood, given.logLikelihood), optimization: purchase.optimization,
               seconds: (purchaseSeconds, given.seconds))

        let rows = summary.repeatRows
        let frequency = rows.map { summary.frequency[$0] }, averageSpend = rows.map { summary.averageSpend[$0] }
        if reference.gammaGamma.customers != rows.count {
            failures.append("lifetimes fitted Gamma-Gamma on \(reference.gammaGamma.customers) customers, Regulars on \(rows.count)")
        }
        let (spendFit, spendSeconds) = fastest { GammaGammaFit.fit(frequency: frequency, averageSpend: averageSpend) }
        if let spend = spendFit {
            let given = reference.gammaGamma
            report(model: "Gamma-Gamma", customers: "\(Format.grouped(rows.count)) repeat customers",
                   parameters: [("p", spend.parameters.p, given.p), ("q", spend.parameters.q, given.q),
                                ("v", spend.parameters.v, given.v)],
                   logLikelihood: (spend.logLikelihood, given.logLikelihood), optimization: spend.optimization,
                   seconds: (spendSeconds, given.seconds))
        } else {
            failures.append("Gamma-Gamma: Regulars found no customer with a repeat purchase and a positive spend")
        }

        for line in lines { print(line) }
        for failure in failures { print("FAILED: \(failure)") }
        return failures.isEmpty
    }

    private mutating func report(model: String, customers: String, parameters: [(String, Double, Double)],
                                 logLikelihood: (regulars: Double, lifetimes: Double),
                                 optimization: NewtonMaximizer.Outcome, seconds: (regulars: Double, lifetimes: Double)) {
        print("\n\(model) on \(customers) (Regulars against lifetimes \(reference.lifetimes))")
        print(Format.padded("parameter", 11) + Format.padded("Regulars", 16) + Format.padded("lifetimes", 16) + "3 significant digits")
        var allAgree = true
        for (name, ours, theirs) in parameters {
            let agrees = agreesToThreeSignificantDigits(ours, theirs)
            allAgree = allAgree && agrees
            print(Format.padded(name, 11) + Format.padded(Format.significant(ours, 9), 16)
                  + Format.padded(Format.significant(theirs, 9), 16)
                  + (agrees ? "agree (\(Format.significant(theirs, 3)))" : "DIFFER"))
            if !agrees { failures.append("\(model) \(name): Regulars \(ours), lifetimes \(theirs)") }
        }
        let gap = logLikelihood.regulars - logLikelihood.lifetimes
        print("log-likelihood: Regulars \(String(format: "%.4f", logLikelihood.regulars)), "
              + "lifetimes \(String(format: "%.4f", logLikelihood.lifetimes)), difference \(String(format: "%+.4f", gap))")
        let millisecondsPerPass = seconds.regulars * 1_000 / Double(max(1, optimization.evaluations))
        print("Regulars: \(optimization.converged ? "converged" : "DID NOT CONVERGE") after \(optimization.iterations) "
              + "Newton steps, \(optimization.evaluations) passes over the data of \(String(format: "%.2f", millisecondsPerPass)) ms "
              + "each (\(optimization.reason))")
        let speedUp = seconds.lifetimes / seconds.regulars
        print("fit time (fastest of 3): Regulars \(Format.seconds(seconds.regulars)), lifetimes \(Format.seconds(seconds.lifetimes)), "
              + "\(Format.ratio(speedUp)) faster")
        if !optimization.converged { failures.append("\(model): Regulars did not converge (\(optimization.reason))") }
        if !(abs(gap) <= Self.largestLogLikelihoodGap) {
            failures.append("\(model) log-likelihoods differ by \(gap) (more than \(Self.largestLogLikelihoodGap))")
        }
        if speedUp < Self.smallestSpeedUp {
            failures.append("\(model) fit only \(Format.ratio(speedUp)) faster (target \(Format.ratio(Self.smallestSpeedUp)))")
        }
        lines.append("prediction: \(model) fit \(customers): Regulars \(Format.seconds(seconds.regulars)), "
                     + "lifetimes \(Format.seconds(seconds.lifetimes)) (\(Format.ratio(speedUp)))")
        lines.append("prediction: \(model) parameters \(allAgree ? "agree" : "DO NOT agree") with lifetimes to 3 significant "
                     + "digits, log-likelihood difference \(String(format: "%.4f", abs(gap)))")
    }
}
