/// One message sent to a customer by a journey step (a touch), with what its receipts said.
public struct Touch: Sendable, Equatable {
    public var messageID: Int64
    public var customerID: Int64
    public var journeyID: String
    public var stepID: String
    public var channel: ContactChannel
    public var variant: String
    public var at: Instant
    public var delivered: Bool
    public var opened: Bool
    public var clicked: Bool

    public init(messageID: Int64, customerID: Int64, journeyID: String, stepID: String, channel: ContactChannel,
                variant: String, at: Instant, delivered: Bool = false, opened: Bool = false, clicked: Bool = false) {
        self.messageID = messageID
        self.customerID = customerID
        self.journeyID = journeyID
        self.stepID = stepID
        self.channel = channel
        self.variant = variant
        self.at = at
        self.delivered = delivered
        self.opened = opened
        self.clicked = clicked
    }
}

/// One entry of a customer into a journey; holdout entrants are never messaged.
public struct Entrant: Sendable, Equatable {
    public var customerID: Int64
    public var journeyID: String
    public var enteredAt: Instant
    public var holdout: Bool

    public init(customerID: Int64, journeyID: String, enteredAt: Instant, holdout: Bool) {
        self.customerID = customerID
        self.journeyID = journeyID
        self.enteredAt = enteredAt
        self.holdout = holdout
    }
}

/// A paid order that may be credited to a touch.
public struct AttributableOrder: Sendable, Equatable {
    public var customerID: Int64
    public var externalID: String
    public var at: Instant
    public var amount: Money

    public init(customerID: Int64, externalID: String, at: Instant, amount: Money) {
        self.customerID = customerID
        self.externalID = externalID
        self.at = at
        self.amount = amount
    }
}
