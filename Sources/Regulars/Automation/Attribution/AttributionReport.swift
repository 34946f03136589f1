/// What one journey step (or one of its variants) did: messages and the orders credited to them.
public struct StepReport: Sendable, Equatable {
    public var journeyID: String
    public var stepID: String
    /// nil: all variants of the step together.
    public var variant: String?
    public var sent: Int
    public var delivered: Int
    public var opened: Int
    public var clicked: Int
    /// Touches credited with at least one order.
    public var converted: Int
    /// The amount of every order credited to the step.
    public var revenue: Money

    public init(journeyID: String, stepID: String, variant: String?, sent: Int = 0, delivered: Int = 0, opened: Int = 0,
                clicked: Int = 0, converted: Int = 0, revenue: Money = .zero) {
        self.journeyID = journeyID
        self.stepID = stepID
        self.variant = variant
        self.sent = sent
        self.delivered = delivered
        self.opened = opened
        self.clicked = clicked
        self.converted = converted
        self.revenue = revenue
    }
}

/// A journey's effect against its holdout: entrants who paid an order within the journey's window after entering.
public struct JourneyLift: Sendable, Equatable {
    public var journeyID: String
    public var treated: Int
    public var treatedConverted: Int
    public var treatedRevenue: Money
    public var holdout: Int
    public var holdoutConverted: Int
    public var holdoutRevenue: Money
    /// Treated conversion rate minus holdout rate, in percentage points (30% vs 20% → 10.0); nil without both groups.
    public var conversionLift: Double?
    /// The same difference relative to the holdout rate (30% vs 20% → 0.5); nil without both groups or when no
    /// holdout entrant converted.
    public var relativeLift: Double?
    /// Revenue per treated entrant minus revenue per holdout entrant, rounded to the fen; nil without both groups.
    public var revenuePerCustomerLift: Money?

    public init(journeyID: String, treated: Int, treatedConverted: Int, treatedRevenue: Money, holdout: Int,
                holdoutConverted: Int, holdoutRevenue: Money) {
        self.journeyID = journeyID
        self.treated = treated
        self.treatedConverted = treatedConverted
        self.treatedRevenue = treatedRevenue
        self.holdout = holdout
        self.holdoutConverted = holdoutConverted
        self.holdoutRevenue = holdoutRevenue
        guard treated > 0, holdout > 0 else { return }
        let treatedRate = Double(treatedConverted) / Double(treated)
        let holdoutRate = Double(holdoutConverted) / Double(holdout)
        conversionLift = (treatedRate - holdoutRate) * 100
        relativeLift = holdoutConverted > 0 ? (treatedRate - holdoutRate) / holdoutRate : nil
        let perHead = Double(treatedRevenue.fen) / Double(treated) - Double(holdoutRevenue.fen) / Double(holdout)
        revenuePerCustomerLift = Money(fen: Int64(perHead.rounded()))
    }
}

/// Which touch an order was credited to.
public struct OrderAttribution: Sendable, Equatable {
    public var customerID: Int64
    public var orderExternalID: String
    public var messageID: Int64
    public var journeyID: String
    public var stepID: String
    public var variant: String
    public var amount: Money

    public init(customerID: Int64, orderExternalID: String, messageID: Int64, journeyID: String, stepID: String,
                variant: String, amount: Money) {
        self.customerID = customerID
        self.orderExternalID = orderExternalID
        self.messageID = messageID
        self.journeyID = journeyID
        self.stepID = stepID
        self.variant = variant
        self.amount = amount
    }
}

/// Attribution's answer: per step, per step and variant, per journey (lift), and each credited order.
public struct AttributionReport: Sendable, Equatable {
    /// One row per journey step (variant nil), ordered by journey then step.
    public var steps: [StepReport]
    /// One row per journey step and variant, for A/B, ordered by journey, step, variant.
    public var variants: [StepReport]
    /// One per journey with entrants, ordered by journey.
    public var journeys: [JourneyLift]
    /// Credited orders, ordered by customer then order time.
    public var attributions: [OrderAttribution]

    public init(steps: [StepReport], variants: [StepReport], journeys: [JourneyLift], attributions: [OrderAttribution]) {
        self.steps = steps
        self.variants = variants
        self.journeys = journeys
        self.attributions = attributions
    }
}
