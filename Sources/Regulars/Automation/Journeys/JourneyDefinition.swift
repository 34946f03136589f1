/// A journey as an operator writes it (a YAML file, see `JourneyFile`): who enters, what happens to them step by
/// step, and what ends it early.
public struct JourneyDefinition: Sendable, Equatable, Codable {
    /// A short slug, e.g. `new-customer-7-day`; unique in the shop.
    public var id: String
    /// The name operators see, e.g. 新客7天培养.
    public var name: String
    public var trigger: Trigger
    /// Only customers in this audience (audience language) enter; nil: everyone the trigger finds.
    public var audience: String?
    public var steps: [JourneyStep]
    /// Reaching it ends the journey early (checked before every step).
    public var goal: JourneyGoal?
    public var reentry: Reentry
    /// Share of entrants (0…100) kept as a holdout: they enter but are never messaged, so lift can be measured.
    public var holdoutPercent: Int
    /// Orders this many days after a touch are attributed to it.
    public var attributionDays: Int

    public init(id: String, name: String, trigger: Trigger, audience: String? = nil, steps: [JourneyStep],
                goal: JourneyGoal? = nil, reentry: Reentry = .never, holdoutPercent: Int = 10, attributionDays: Int = 7) {
        self.id = id
        self.name = name
        self.trigger = trigger
        self.audience = audience
        self.steps = steps
        self.goal = goal
        self.reentry = reentry
        self.holdoutPercent = holdoutPercent
        self.attributionDays = attributionDays
    }

    /// The index of the step with this id.
    public func index(of stepID: String) -> Int? { steps.firstIndex { $0.id == stepID } }
}

/// One step. Steps run in order; a branch jumps to a step by its id.
public struct JourneyStep: Sendable, Equatable, Codable {
    /// A name to jump to and to report by (`survey`, `coupon`); defaults to `step-N` (1-based).
    public var id: String
    public var action: JourneyAction

    public init(id: String, action: JourneyAction) {
        self.id = id
        self.action = action
    }
}

public enum JourneyAction: Sendable, Equatable, Codable {
    case wait(WaitSpec)
    /// If the customer matches `condition` (audience language) go to `then`, otherwise to `otherwise`
    /// (nil: the next step).
    case branch(condition: String, then: String, otherwise: String?)
    case send(SendSpec)
    /// Issues one coupon of the template; its code is `{{coupon_code}}` in later messages.
    case issueCoupon(templateID: String)
    case addTag(String)
    case removeTag(String)
    /// A follow-up task for service staff (1-to-1 care, visit-back), due `dueInSeconds` after the step runs.
    case task(title: String, dueInSeconds: Int64)
    case exit
}

/// How long a wait lasts: a duration, then (optionally) until the next moment the shop's clock shows `until`.
/// `{days: 1, until: "10:00"}` is "the next 10:00 at least a day later"; `{until: "20:00"}` alone is "tonight at 8".
public struct WaitSpec: Sendable, Equatable, Codable {
    public var seconds: Int64
    public var until: ClockTime?

    public init(seconds: Int64, until: ClockTime? = nil) {
        self.seconds = seconds
        self.until = until
    }
}

/// A message: the channels to try in order (one touch per step: the first channel the policy and the customer's
/// contact details allow), and its variants (A/B) chosen by weight, stably per customer.
public struct SendSpec: Sendable, Equatable, Codable {
    public var channels: [ContactChannel]
    /// Marketing messages carry the opt-out suffix on SMS and count against the frequency caps; service messages
    /// (shipping care, a balance reminder) count too but are not held to the marketing caps.
    public var marketing: Bool
    public var variants: [MessageVariant]
    /// Where `{{short_link}}` leads (through `/c/{token}`, which counts the click); nil: the shop's address setting.
    public var link: String?

    public init(channels: [ContactChannel], marketing: Bool = true, variants: [MessageVariant], link: String? = nil) {
        self.channels = channels
        self.marketing = marketing
        self.variants = variants
        self.link = link
    }
}

/// One version of a message: a Mustache subject (e-mail and push title) and body.
public struct MessageVariant: Sendable, Equatable, Codable {
    public var name: String
    public var weight: Int
    public var subject: String?
    public var body: String

    public init(name: String = "A", weight: Int = 1, subject: String? = nil, body: String) {
        self.name = name
        self.weight = weight
        self.subject = subject
        self.body = body
    }
}

/// What ends a journey early.
public enum JourneyGoal: Sendable, Equatable, Codable {
    /// The customer paid for an order after entering.
    case order
    /// The customer is in this audience (audience language).
    case audience(String)
}

/// Whether a customer may enter again.
public enum Reentry: Sendable, Equatable, Codable {
    /// Once per customer, ever.
    case never
    /// Again after this long since their last entry ended.
    case after(seconds: Int64)
    /// On every new occurrence of the trigger (never twice at once).
    case always
}
