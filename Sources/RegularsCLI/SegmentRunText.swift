import Foundation
import Regulars

/// What a recompute did, and history lines.
enum SegmentRunText {
    static func render(_ report: SegmentRunReport, seconds: Double) -> String {
        var lines = ["segments \(report.full ? "recomputed" : "updated"): \(report.customers) customers in \(String(format: "%.2f", seconds)) s"]
        lines.append("  rows changed   \(report.rowsChanged)")
        lines.append("  moves recorded \(report.historyRows)")
        if report.ruleTagsAdded + report.ruleTagsRemoved > 0 {
            lines.append("  rule tags      +\(report.ruleTagsAdded) −\(report.ruleTagsRemoved)")
        }
        return lines.joined(separator: "\n")
    }

    /// `2026-11-20 23:59:59  customer 12  pyramid  潜力 → 王者`
    static func line(_ change: SegmentChange, calendar: ShopCalendar) -> String {
        let what: String
        if change.dimension == .tag {
            what = change.to != nil ? "tag      + \(change.to!)" : "tag      − \(change.from ?? "")"
        } else {
            what = SegmentText.pad(change.dimension.rawValue, 10)
                + "\(change.dimension.label(change.from)) → \(change.dimension.label(change.to))"
        }
        return "\(calendar.format(change.at))  customer \(change.customerID)  \(what)"
    }
}

enum SegmentFlowText {
    /// Rows are where customers were at the first date, columns where they were at the second.
    static func render(_ cells: [SegmentFlowCell], dimension: SegmentDimension, from: String, to: String) -> String {
        let values: [String?] = {
            switch dimension {
            case .rfmClass: return RFMClass.allCases.map(\.rawValue) + [nil]
            case .pyramid: return PyramidLevel.allCases.map(\.rawValue) + [nil]
            case .lifecycle: return LifecycleStage.allCases.map(\.rawValue) + [nil]
            case .tag: return []
            }
        }()
        var lines = ["\(dimension.rawValue) flow: rows at \(from), columns at \(to) (— : not a buyer then)"]
        let width = dimension == .rfmClass ? 10 : 8
        lines.append(SegmentText.pad("", width) + values.map { SegmentText.pad(dimension.label($0), width) }.joined())
        for row in values {
            let counts = values.map { column in
                cells.first { $0.from == row && $0.to == column }?.customers ?? 0
            }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            lines.append(SegmentText.pad(dimension.label(row), width)
                + counts.map { SegmentText.pad(String($0), width) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

enum CustomerSegmentText {
    static func render(_ s: CustomerSegment, id: Int64) -> String {
        var lines = ["customer \(id)"]
        lines.append("  价值金字塔 pyramid   \(s.pyramid.map { "\($0.label) \($0.rawValue)" } ?? "—")")
        lines.append("  RFM 分类 class      \(s.rfmClass.map { "\($0.label) \($0.rawValue) (\($0.pattern))" } ?? "— (no purchase in the RFM window)")")
        lines.append("  生命周期 lifecycle  \(s.lifecycle.map { "\($0.label) \($0.rawValue)" } ?? "—")\(s.sleepWarning ? "  ⚠ 沉睡预警" : "")")
        lines.append("  R \(s.recencyDays.map { "\($0) days" } ?? "—") · F \(s.frequency) orders · M \(s.monetary)  scores \(s.rfmCode ?? "—")")
        lines.append("  lifetime: \(s.orders) orders, \(s.spend), first \(s.firstPurchaseDay?.description ?? "—"), last \(s.lastPurchaseDay?.description ?? "—")")
        if let strategy = s.rfmClass?.strategy { lines.append("  strategy: \(strategy)") }
        return lines.joined(separator: "\n")
    }
}
