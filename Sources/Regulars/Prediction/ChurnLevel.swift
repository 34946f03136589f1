/// How likely a customer is to be lost, in three levels an operator acts on (PRED-2); cut-offs are settings.
public enum ChurnLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high

    public var label: String {
        switch self {
        case .low: return "低"
        case .medium: return "中"
        case .high: return "高"
        }
    }

    /// The level of a churn score under the shop's cut-offs.
    public static func of(score: Double, settings: PredictionSettings) -> ChurnLevel {
        score >= settings.churnHigh ? .high : (score >= settings.churnMedium ? .medium : .low)
    }

    public static func < (lhs: ChurnLevel, rhs: ChurnLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
