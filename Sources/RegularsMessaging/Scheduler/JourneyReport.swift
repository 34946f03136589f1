import Regulars
import RegularsStore

/// A journey's results for operators: per step and variant what was sent, delivered, opened, clicked and converted
/// with its revenue; what the policy held back and why; and the lift against the holdout.
public struct JourneyReport: Sendable, Encodable {
    public struct Step: Sendable, Encodable {
        public var step: String
        public var variant: String
        public var sent: Int
        public var delivered: Int
        public var opened: Int
        public var clicked: Int
        public var converted: Int
        public var revenue: Money
    }

    public struct Lift: Sendable, Encodable {
        public var treated: Int
        public var treatedConverted: Int
        public var treatedRevenue: Money
        public var holdout: Int
        public var holdoutConverted: Int
        public var holdoutRevenue: Money
        /// Treated conversion rate minus the holdout's, in percentage points.
        public var conversionLiftPoints: Double?
        public var relativeLift: Double?
        public var revenuePerCustomerLift: Money?
    }

    public var journeyID: String
    public var entered: Int
    public var active: Int
    public var steps: [Step]
    public var heldBack: [String: Int]
    public var lift: Lift

    /// Everything since the journey was created.
    public static func build(_ journey: JourneyDefinition, store: any AutomationStore, since: Instant) async throws -> JourneyReport {
        let inputs = try await store.attributionInputs(journey: journey.id, since: since)
        let report = Attribution.report(touches: inputs.touches, entrants: inputs.entrants, orders: inputs.orders,
                                        windowDays: [journey.id: journey.attributionDays])
        let steps = report.variants.filter { $0.journeyID == journey.id }.map { row in
            Step(step: row.stepID, variant: row.variant ?? "A", sent: row.sent, delivered: row.delivered, opened: row.opened,
                 clicked: row.clicked, converted: row.converted, revenue: row.revenue)
        }
        let lift = report.journeys.first { $0.journeyID == journey.id }
        let held = try await store.heldBackCounts(journey: journey.id)
        let entrants = inputs.entrants.filter { $0.journeyID == journey.id }
        let active = try await store.enrolments(journey: journey.id, customer: nil, limit: 1_000_000).filter(\.active).count
        return JourneyReport(
            journeyID: journey.id, entered: entrants.count, active: active, steps: steps,
            heldBack: Dictionary(uniqueKeysWithValues: held.map { ($0.key.rawValue, $0.value) }),
            lift: Lift(treated: lift?.treated ?? 0, treatedConverted: lift?.treatedConverted ?? 0,
                       treatedRevenue: lift?.treatedRevenue ?? .zero, holdout: lift?.holdout ?? 0,
                       holdoutConverted: lift?.holdoutConverted ?? 0, holdoutRevenue: lift?.holdoutRevenue ?? .zero,
                       conversionLiftPoints: lift?.conversionLift, relativeLift: lift?.relativeLift,
                       revenuePerCustomerLift: lift?.revenuePerCustomerLift))
    }
}
