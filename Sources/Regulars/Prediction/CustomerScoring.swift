import Foundation

/// Every customer's predictions from a fitted model and their history as of now (PRED-1, PRED-2): P(alive), expected
/// purchases and spend over the CLV horizon, CLV and churn risk, as columns over dense customer indexes.
public enum CustomerScoring {
    /// Scores the summary's rows (a summary made as of now: T is each customer's age today) into `customerCount`
    /// columns; customers without a row stay unscored.
    public static func score(_ summary: RepeatPurchaseSummary, model: PredictionModel, customerCount: Int,
                             settings: PredictionSettings) -> CustomerPredictionColumns {
        var columns = CustomerPredictionColumns(count: customerCount)
        let purchase = model.purchase
        let value = CustomerLifetimeValue(horizonDays: settings.clvHorizonDays, monthlyDiscount: settings.clvMonthlyDiscount,
                                          unitDays: summary.unit.days)
        let fallbackSpend = Self.fallbackSpend(summary, model: model)
        var cache = PerHistoryCache<[Double]>()
        var spends = [Double](repeating: 0, count: summary.count)
        for k in 0..<summary.count {
            let x = summary.frequency[k], T = summary.age[k]
            let alive = purchase.probabilityAlive(x: x, tx: summary.recency[k], T: T)
            // A ₂F₁ that did not converge (z within a hair of 1) counts as no purchases rather than poisoning sums, and
            // rounding never makes an expectation negative.
            let curve = cache.value(x: x, age: T) {
                value.cumulativePurchasesIfAlive(purchase, x: x, T: T).map { $0.isFinite ? max(0, $0) : 0 }
            }
            let spend: Double
            if let gammaGamma = model.spend {
                spend = x > 0 && summary.averageSpend[k] > 0
                    ? gammaGamma.expectedSpend(x: x, m: summary.averageSpend[k]) : fallbackSpend
            } else {
                spend = x > 0 && summary.averageSpend[k] > 0 ? summary.averageSpend[k] : fallbackSpend
            }
            spends[k] = spend
            let c = Int(summary.customer[k])
            columns.scored[c] = true
            columns.pAlive[c] = alive
            columns.expectedPurchases[c] = alive * (curve.last ?? 0)
            columns.expectedSpend[c] = Self.fen(spend)
            columns.clv[c] = Self.fen(value.discountedValue(curve, probabilityAlive: alive, spend: spend))
        }
        let meanSpend = spends.isEmpty ? 0 : spends.reduce(0, +) / Double(spends.count)
        for k in 0..<summary.count {
            let c = Int(summary.customer[k])
            let score = ChurnRisk.score(probabilityAlive: columns.pAlive[c], expectedSpend: spends[k],
                                        meanExpectedSpend: meanSpend)
            columns.churnScore[c] = score
            columns.churnLevel[c] = ChurnLevel.of(score: score, settings: settings)
        }
        return columns
    }

    /// Spend per purchase for a customer without a repeat purchase: the population's mean under Gamma-Gamma, else
    /// the mean of the repeat buyers' averages, else nothing.
    static func fallbackSpend(_ summary: RepeatPurchaseSummary, model: PredictionModel) -> Double {
        if let mean = model.spend?.populationMeanSpend, mean.isFinite, mean > 0 { return mean }
        let rows = summary.repeatRows
        return rows.isEmpty ? 0 : rows.reduce(0) { $0 + summary.averageSpend[$1] } / Double(rows.count)
    }

    static func fen(_ yuan: Double) -> Int64 {
        guard yuan.isFinite else { return 0 }
        return Int64((yuan * 100).rounded())
    }
}

extension CustomerScoring {
    /// Every customer's expected purchases over the next `days` (0 for customers without a row): the input of a
    /// demand forecast (PRED-4).
    public static func expectedPurchases(_ summary: RepeatPurchaseSummary, model: BGNBDParameters, days: Int,
                                         customerCount: Int) -> [Double] {
        var expected = [Double](repeating: 0, count: customerCount)
        var cache = PerHistoryCache<Double>()
        let window = Double(days) / summary.unit.days
        for k in 0..<summary.count {
            let x = summary.frequency[k], T = summary.age[k]
            let ifAlive = cache.value(x: x, age: T) { model.expectedPurchasesIfAlive(within: window, x: x, T: T) }
            let value = model.probabilityAlive(x: x, tx: summary.recency[k], T: T) * ifAlive
            expected[Int(summary.customer[k])] = value.isFinite ? max(0, value) : 0
        }
        return expected
    }
}
