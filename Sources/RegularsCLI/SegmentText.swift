import Foundation
import Regulars

/// The pyramid, the eight classes and the lifecycle as an operator reads them (`segment show`, `demo`, `analyze rfm`).
enum SegmentText {
    static func render(_ summary: SegmentSummary) -> String {
        var lines: [String] = []
        lines.append("客户分层 segments as of \(summary.asOf) — \(summary.buyers) buyers, \(summary.scored) with a purchase in the last \(summary.windowDays) days")
        lines.append("")
        lines.append("价值金字塔 value pyramid")
        for level in PyramidLevel.allCases {
            let n = summary.pyramid[level] ?? 0
            lines.append("  \(pad(level.label, 6)) \(pad(level.rawValue, 10)) \(count(n, 8)) \(percent(n, summary.buyers))  \(level.strategy)")
        }
        lines.append("")
        lines.append("RFM 八类 the eight RFM classes (high/low against the \(summary.baseline.basis.rawValue); share of customers, of revenue)")
        for line in summary.classes {
            lines.append("  \(pad(line.rfmClass.label, 9)) \(line.rfmClass.pattern)  \(count(line.customers, 8)) \(percent(line.customers, summary.scored))"
                + " \(percent(line.revenue.fen, summary.revenue.fen))  \(line.rfmClass.strategy)")
        }
        let b = summary.baseline
        lines.append("  basis: R \(decimal(b.recencyBasis.value)) days, F \(decimal(b.frequencyBasis.value)) orders, M ¥\(decimal(b.monetaryBasis.value / 100))")
        lines.append("")
        lines.append("生命周期 lifecycle")
        for stage in LifecycleStage.allCases {
            let n = summary.lifecycle[stage] ?? 0
            lines.append("  \(pad(stage.label, 7)) \(pad(stage.rawValue, 8)) \(count(n, 8)) \(percent(n, summary.buyers))")
        }
        lines.append("  沉睡预警 sleep warning: \(summary.sleepWarnings)")
        return lines.joined(separator: "\n")
    }

    /// Pads to `width` terminal columns (CJK characters take two).
    static func pad(_ text: String, _ width: Int) -> String {
        let columns = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        return text + String(repeating: " ", count: max(0, width - columns))
    }

    static func count(_ n: Int, _ width: Int) -> String {
        let text = n.formatted(.number.grouping(.automatic))
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func percent<T: BinaryInteger>(_ part: T, _ whole: T) -> String {
        let value = whole == 0 ? 0 : Double(part) / Double(whole) * 100
        let text = String(format: "%.1f%%", value)
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    static func decimal(_ value: Double) -> String { String(format: "%.1f", value) }
}
