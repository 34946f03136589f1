/// Whether a history is long and broad enough for the models' numbers to be acted on (the issue's "honesty about
/// data": Klaviyo asks for about 500 buyers and 180 days). Each shortfall is one plain sentence.
public enum DataSufficiency {
    public static func warnings(buyers: Int, repeatBuyers: Int, historyDays: Int, converged: Bool,
                                settings: PredictionSettings) -> [String] {
        var warnings: [String] = []
        if buyers < settings.minimumBuyers {
            warnings.append("only \(buyers) buyers: a stable fit needs about \(settings.minimumBuyers) (prediction_min_buyers)")
        }
        if historyDays < settings.minimumHistoryDays {
            warnings.append("the history covers \(historyDays) days: a stable fit needs about \(settings.minimumHistoryDays) (prediction_min_days)")
        }
        if repeatBuyers == 0 {
            warnings.append("no customer has bought twice: nothing tells the models how often people come back")
        }
        if !converged {
            warnings.append("the maximum-likelihood search did not converge")
        }
        return warnings
    }
}
