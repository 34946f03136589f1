import Foundation
import Regulars
import RegularsServer
import RegularsStore

/// `regulars predict fit` as text; its JSON is the server's `PredictionFitBody`, the same as `POST /v1/predictions/fit`.
extension PredictionFitBody {
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
            let g = PredictionText.general
            lines.append("  r \(g(purchase.r))  α \(g(purchase.alpha))  a \(g(purchase.a))  b \(g(purchase.b))"
                + "   log-likelihood \(PredictionText.fixed(purchaseLogLikelihood))   (\(purchaseIterations) Newton steps)" + unstable)
            if let spend, spendLogLikelihood != nil {
                lines.append("消费模型 Gamma-Gamma on the \(n(repeatBuyers)) repeat buyers")
                lines.append("  p \(g(spend.p))  q \(g(spend.q))  v \(g(spend.v))   log-likelihood \(PredictionText.fixed(spendLogLikelihood))"
                    + "   mean spend per purchase \(PredictionText.fixed(meanSpend)) 元" + unstable)
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
                    + TextColumns.pad(PredictionText.fixed(group.actual, 3), 10) + PredictionText.fixed(group.predicted, 3))
            }
            let error = holdout.totalError.map { String(format: " (%+.1f%%)", $0 * 100) } ?? ""
            lines.append("  total: actual \(PredictionText.fixed(holdout.actualTotal, 0)), predicted "
                + PredictionText.fixed(holdout.predictedTotal, 1) + error)
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
    /// A number with `digits` decimals, or "-" when a degenerate fit left none.
    static func fixed(_ value: Double?, _ digits: Int = 2) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }

    /// Four significant digits, or "-".
    static func general(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "-" }

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
