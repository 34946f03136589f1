/// Fitting both models on a shop's purchases as of a moment (PRED-1): the summary, BG/NBD on everyone, Gamma-Gamma
/// on the customers who came back, and the data-sufficiency warnings, as a `PredictionModel`.
public enum PredictionFit {
    public struct Outcome: Sendable {
        public var model: PredictionModel
        public var summary: RepeatPurchaseSummary
        public var purchaseFit: BGNBDFit.Result
        public var spendFit: GammaGammaFit.Result?
    }

    /// `asOf` is local seconds (the end of the history); `fittedAt` the same moment as an instant, for the record.
    public static func fit(_ purchases: PurchaseColumns, asOf: Int64, fittedAt: Instant,
                           settings: PredictionSettings) -> Outcome {
        let summary = RepeatPurchaseSummary(purchases, calibrationEnd: asOf, unit: settings.timeUnit)
        return fit(summary, fittedAt: fittedAt, settings: settings)
    }

    public static func fit(_ summary: RepeatPurchaseSummary, fittedAt: Instant, settings: PredictionSettings) -> Outcome {
        let purchaseFit = BGNBDFit.fit(summary)
        let spendFit = GammaGammaFit.fit(summary)
        let repeatBuyers = summary.frequency.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var converged = purchaseFit.converged && (spendFit?.converged ?? true)
        if !purchaseFit.parameters.isUsable { converged = false }
        let warnings = DataSufficiency.warnings(buyers: summary.count, repeatBuyers: repeatBuyers,
                                                historyDays: summary.historyDays, converged: converged, settings: settings)
        let model = PredictionModel(
            unit: summary.unit, purchase: purchaseFit.parameters, spend: spendFit?.parameters, fittedAt: fittedAt,
            buyers: summary.count, repeatBuyers: repeatBuyers, historyDays: summary.historyDays,
            purchaseLogLikelihood: purchaseFit.logLikelihood, spendLogLikelihood: spendFit?.logLikelihood,
            converged: converged, warnings: warnings)
        return Outcome(model: model, summary: summary, purchaseFit: purchaseFit, spendFit: spendFit)
    }
}

extension BGNBDParameters {
    /// Finite and positive: a fit that ran off to infinity or zero (no repeat buyers at all) is not usable.
    var isUsable: Bool {
        [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
