import Regulars

/// The Regulars side at shop scale: both fits on the simulated summary and the time to build such a summary from
/// purchase rows, each the fastest of 3.
struct Scale {
    var customers: Int
    var seed: UInt64

    func run() {
        let simulated = ShopSimulation.summary(customers: customers, seed: seed)
        let (purchases, calibrationEnd) = Self.purchases(from: simulated)
        let (built, buildSeconds) = fastest { RepeatPurchaseSummary(purchases, calibrationEnd: calibrationEnd) }
        guard built.count == simulated.count else {
            fail("the summary built from purchases has \(built.count) customers, \(simulated.count) were simulated")
        }
        let (purchase, purchaseSeconds) = fastest { BGNBDFit.fit(simulated) }
        let rows = simulated.repeatRows
        let frequency = rows.map { simulated.frequency[$0] }, averageSpend = rows.map { simulated.averageSpend[$0] }
        let (spend, spendSeconds) = fastest { GammaGammaFit.fit(frequency: frequency, averageSpend: averageSpend) }
        guard let spend else { fail("no repeat customers to fit Gamma-Gamma on") }

        let truth = ShopSimulation.purchase, spendTruth = ShopSimulation.spend
        print("\n\(Format.grouped(customers)) simulated customers, \(Format.grouped(purchases.count)) purchases")
        print("BG/NBD: r \(Format.significant(purchase.parameters.r, 4)) (true \(truth.r)), "
              + "alpha \(Format.significant(purchase.parameters.alpha, 4)) (\(truth.alpha)), "
              + "a \(Format.significant(purchase.parameters.a, 4)) (\(truth.a)), b \(Format.significant(purchase.parameters.b, 4)) (\(truth.b)); "
              + "\(purchase.converged ? "converged" : "DID NOT CONVERGE") in \(purchase.optimization.iterations) Newton steps, \(purchase.optimization.evaluations) passes (\(purchase.optimization.reason))")
        print("Gamma-Gamma: p \(Format.significant(spend.parameters.p, 4)) (true \(spendTruth.p)), "
              + "q \(Format.significant(spend.parameters.q, 4)) (\(spendTruth.q)), v \(Format.significant(spend.parameters.v, 4)) (\(spendTruth.v)); "
              + "\(spend.converged ? "converged" : "DID NOT CONVERGE") in \(spend.optimization.iterations) Newton steps, \(spend.optimization.evaluations) passes (\(spend.optimization.reason))")
        print("prediction: summary of \(Format.grouped(customers)) customers from \(Format.grouped(purchases.count)) purchases: "
              + "Regulars \(Format.seconds(buildSeconds))")
        print("prediction: BG/NBD fit \(Format.grouped(customers)) customers: Regulars \(Format.seconds(purchaseSeconds))")
        print("prediction: Gamma-Gamma fit \(Format.grouped(rows.count)) repeat customers: Regulars \(Format.seconds(spendSeconds))")
    }

    /// Purchase rows for timing the summary build: the first purchase T days before the end, the last repeat purchase
    /// tₓ days after it and the others on the days just before (a very frequent buyer's purchases can share a day and
    /// then count once), each repeat purchase spending the customer's mean.
    static func purchases(from summary: RepeatPurchaseSummary) -> (PurchaseColumns, calibrationEnd: Int64) {
        let endDay: Int64 = 20_000
        let noon: Int64 = 12 * 3_600
        var purchases = PurchaseColumns(customerCount: summary.count)
        purchases.reserveCapacity(summary.count + Int(summary.frequency.reduce(0, +)))
        for k in 0..<summary.count {
            let first = endDay - Int64(summary.age[k])
            let customer = Int32(k), x = Int64(summary.frequency[k]), recency = Int64(summary.recency[k])
            let net = Int64((summary.averageSpend[k] * 100).rounded())
            purchases.append(customer: customer, localSeconds: first * 86_400 + noon, net: net > 0 ? net : 9_900)
            for j in stride(from: x, through: 1, by: -1) {
                let day = first + max(1, recency - (x - j))
                purchases.append(customer: customer, localSeconds: day * 86_400 + noon, net: net)
            }
        }
        return (purchases, endDay * 86_400 + 86_399)
    }
}
