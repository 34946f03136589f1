import Foundation
import Regulars
import RegularsServer
import RegularsStore

/// The demo's prediction step: the models fitted as of the demo's today, every customer scored, and what an owner
/// looks at first — the most valuable customers and how many are slipping away.
enum DemoPredictionRun {
    struct Result: Encodable {
        var fit: PredictionFitBody
        var topByCLV: [CustomerPredictionRow]
    }

    static func run(store: SQLiteStore, settings: ShopSettings, end: Instant) async throws -> Result {
        let outcome = try await PredictionRun.run(store, settings: settings, now: end, acceptUnreliable: true)
        let top = try await store.topPredictions(by: .clv, limit: 5).map { $0.masked() }
        return Result(fit: PredictionFitBody(outcome, seconds: 0), topByCLV: top)
    }

    static func render(_ result: Result) -> String {
        let fit = result.fit, n = PredictionText.number
        var lines = ["预测 Prediction: BG/NBD and Gamma-Gamma on \(n(fit.buyers)) buyers (\(n(fit.repeatBuyers)) came back)"
            + (fit.reliable ? "" : " — not reliable: " + fit.warnings.joined(separator: "; "))]
        if let holdout = fit.holdout {
            lines.append("  holdout check, last \(holdout.days) days: predicted \(PredictionText.fixed(holdout.predictedTotal, 0))"
                + " repeat purchases, actual \(PredictionText.fixed(holdout.actualTotal, 0))")
        }
        lines.append("  流失风险 churn risk: " + ChurnLevel.allCases.reversed().map {
            "\($0.label) \($0.rawValue) \(n(fit.churnLevels[$0.rawValue] ?? 0))"
        }.joined(separator: " · "))
        lines.append("  客户价值 top customers by CLV over the next year:")
        for row in result.topByCLV {
            lines.append("    " + TextColumns.pad(String(row.customerID), 8) + TextColumns.pad(row.name ?? "-", 8)
                + TextColumns.pad(row.phone ?? "-", 14) + "CLV ¥" + TextColumns.pad(row.clv.decimalString, 12)
                + String(format: "P(alive) %.3f · %.1f purchases expected", row.pAlive, row.expectedPurchases))
        }
        return lines.joined(separator: "\n")
    }
}
