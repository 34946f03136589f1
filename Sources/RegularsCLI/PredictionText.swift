import Foundation
import Regulars
import RegularsStore

/// What `regulars predict fit` reports, as JSON or text.
struct PredictionFitReport: Encodable {
    struct HoldoutGroup: Encodable {
        var boughtBefore: String
        var customers: Int
        var actual: Double
        var predicted: Double
    }

    struct Holdout: Encodable {
        var days: Int
        var customers: Int
        var calibration: BGNBDParameters
        var groups: [HoldoutGroup]
        var actualTotal: Double
        var predictedTotal: Double
    }

    var modelID: Int64?
    var reliable: Bool
    var applied: Bool
    var warnings: [String]
    var unit: String
    var buyers: Int
    var repeatBuyers: Int
    var historyDays: Int
    var purchase: BGNBDParameters
    var purchaseLogLikelihood: Double
    var purchaseIterations: Int
    var spend: GammaGammaParameters?
    var spendLogLikelihood: Double?
    var meanSpend: Double?
    var holdout: Holdout?
    var scored: Int
    var churnLevels: [String: Int]
    var seconds: Double

    init(_ outcome: PredictionRun.Outcome, seconds: Double) {
        let model = outcome.model
        modelID = outcome.modelID
        reliable = model.isReliable
        applied = outcome.applied
        warnings = model.warnings
        unit = model.unit.rawValue
        buyers = model.buyers
        repeatBuyers = model.repeatBuyers
        historyDays = model.historyDays
        purchase = model.purchase
        purchaseLogLikelihood = model.purchaseLogLikelihood
        purchaseIterations = outcome.purchaseFit.optimization.iterations
        spend = model.spend
        spendLogLikelihood = model.spendLogLikelihood
        meanSpend = model.spend.map(\.populationMeanSpend)
        holdout = outcome.holdout.map { table in
            Holdout(days: table.holdoutDays, customers: table.customers, calibration: table.calibrationFit.parameters,
                    groups: table.groups.map { HoldoutGroup(boughtBefore: $0.label, customers: $0.customers,
                                                            actual: $0.actual, predicted: $0.predicted) },
                    actualTotal: table.actualTotal, predictedTotal: table.predictedTotal)
        }
        scored = outcome.scored
        churnLevels = Dictionary(uniqueKeysWithValues: ChurnLevel.allCases.map { ($0.rawValue, outcome.churnLevels[$0] ?? 0) })
        self.seconds = seconds
    }

    func text() -> String {
        var lines: [String] = []
        if !reliable {
            lines.append("⚠ 数据不足 Not enough data for confident predictions:")
            lines.append(contentsOf: warnings.map { "  - " + $0 })
            lines.append("  Read the holdout check below before acting on these numbers.")
            lines.append("")
        }
        let n = PredictionText.number
        if buyers == 0 {
            lines.append("No buyers to fit: no purchase names a customer.")
        } else {
            let unstable = reliable ? "" : " (unstable)"
            lines.append("购买模型 BG/NBD (time unit: \(unit)) on \(n(buyers)) buyers, \(n(repeatBuyers)) came back, \(n(historyDays)) days of history")
            lines.append(String(format: "  r %.4g  α %.4g  a %.4g  b %.4g   log-likelihood %.2f   (%d Newton steps)",
                                purchase.r, purchase.alpha, purchase.a, purchase.b, purchaseLogLikelihood, purchaseIterations) + unstable)
            if let spend, let spendLogLikelihood {
                lines.append("消费模型 Gamma-Gamma on the \(n(repeatBuyers)) repeat buyers")
                lines.append(String(format: "  p %.4g  q %.4g  v %.4g   log-likelihood %.2f   mean spend per purchase %@ 元",
                                    spend.p, spend.q, spend.v, spendLogLikelihood,
                                    meanSpend.map { String(format: "%.2f", $0) } ?? "-") + unstable)
            } else {
                lines.append("消费模型 Gamma-Gamma: not fitted (nobody came back with a positive spend); CLV uses the mean spend")
            }
        }
        if let holdout {
            lines.append("")
            lines.append("留出检验 Holdout check: fitted on all but the last \(holdout.days) days, then compared with them")
            lines.append(TextColumns.pad("  repeat purchases before", 28) + TextColumns.pad("customers", 12)
                + TextColumns.pad("actual", 10) + "predicted (mean per customer in the holdout)")
            for group in holdout.groups {
                lines.append("  " + TextColumns.pad(group.boughtBefore, 26) + TextColumns.pad(n(group.customers), 12)
                    + TextColumns.pad(String(format: "%.3f", group.actual), 10) + String(format: "%.3f", group.predicted))
            }
            let error = holdout.actualTotal > 0 ? String(format: " (%+.1f%%)", (holdout.predictedTotal / holdout.actualTotal - 1) * 100) : ""
            lines.append(String(format: "  total: actual %.0f, predicted %.1f", holdout.actualTotal, holdout.predictedTotal) + error)
        } else {
            lines.append("")
            lines.append("Holdout check: none (no purchases before the holdout, or --holdout 0)")
        }
        lines.append("")
        if applied {
            lines.append("Stored predictions for \(n(scored)) customers (model \(modelID.map(String.init) ?? "-")); 流失风险 churn risk: "
                + ChurnLevel.allCases.reversed().map { "\($0.label) \($0.rawValue) \(n(churnLevels[$0.rawValue] ?? 0))" }.joined(separator: " · "))
        } else {
            lines.append("Customers' stored predictions were NOT replaced (the fit is not reliable); --accept-unreliable stores them anyway.")
        }
        lines.append(String(format: "%.2f s", seconds))
        return lines.joined(separator: "\n")
    }
}

enum PredictionText {
    static func number(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    static func customers(_ rows: [CustomerPredictionRow], by ranking: PredictionRanking, latest: PredictionModel) -> String {
        var lines: [String] = []
        if !latest.isReliable {
            lines.append("⚠ The last fit was not reliable (\(latest.warnings.joined(separator: "; "))); these are older or forced predictions.")
        }
        lines.append(ranking == .clv ? "客户价值 Top customers by CLV" : "流失风险 Top customers by churn risk")
        lines.append(TextColumns.pad("  customer", 12) + TextColumns.pad("name", 10) + TextColumns.pad("phone", 14)
            + TextColumns.pad("P(alive)", 10) + TextColumns.pad("purchases", 11) + TextColumns.pad("spend/purchase", 16)
            + TextColumns.pad("CLV", 12) + "churn")
        for row in rows {
            lines.append("  " + TextColumns.pad(String(row.customerID), 10) + TextColumns.pad(row.name ?? "-", 10)
                + TextColumns.pad(row.phone ?? "-", 14) + TextColumns.pad(String(format: "%.3f", row.pAlive), 10)
                + TextColumns.pad(String(format: "%.2f", row.expectedPurchases), 11)
                + TextColumns.pad(row.expectedSpend.decimalString, 16) + TextColumns.pad(row.clv.decimalString, 12)
                + String(format: "%.2f ", row.churnScore) + row.churnLevel.label)
        }
        if rows.isEmpty { lines.append("  (no scored customers)") }
        return lines.joined(separator: "\n")
    }
}
