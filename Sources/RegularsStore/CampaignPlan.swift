import Regulars

/// A one-off message to many customers (a campaign, 群发): planned through the contact policy into the outbox, one
/// message per customer per campaign however often it is planned.
public struct CampaignPlan: Sendable, Equatable {
    /// A slug (a-z, 0-9 and '-', at most 64), e.g. `double-11-preheat`: the scope of "one message per customer".
    public var id: String
    /// The name operators see, e.g. 双十一预热.
    public var name: String
    /// Channels to try in order, marketing or service, the variants (A/B, stable per customer) and the link.
    public var spec: SendSpec
    /// `{{coupon_code}}` for everyone (a shared code such as DOUBLE11); nil: none.
    public var couponCode: String?
    /// Campaign-wide extra values (`{{amount}}`, `{{deadline}}`, …).
    public var variables: [String: String]

    public init(id: String, name: String, spec: SendSpec, couponCode: String? = nil, variables: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.spec = spec
        self.couponCode = couponCode
        self.variables = variables
    }

    /// Whether `id` is a usable campaign id: 1 to 64 of a-z, 0-9 and '-'.
    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The outbox's dedup key for this campaign's message to `customer`.
    public static func dedupKey(campaign: String, customer: Int64) -> String { "c" + campaign + ":" + String(customer) }

    /// The A/B seed for `customer`: the same customer gets the same variant every time the campaign is planned.
    public static func variantSeed(campaign: String, customer: Int64) -> String { campaign + ":" + String(customer) }
}

/// What planning a campaign did.
public struct CampaignReport: Sendable, Equatable {
    public var campaign: String
    /// Distinct live customers considered (ids of merged customers count as the customer they ended up in).
    public var customers = 0
    /// Messages written to the outbox by this run.
    public var queued = 0
    /// Customers the policy held back, by reason (each written to `held_back` with the campaign, once per reason).
    public var heldBack: [HeldBackReason: Int] = [:]
    /// Customers an earlier (or concurrent) run of the same campaign already wrote the message for: nothing written
    /// again. Customers held back before are decided again (and counted in `heldBack` if still held back).
    public var alreadyPlanned = 0
    /// Ids given that are not in the store (erased, or never there).
    public var unknown = 0
    public var byChannel: [ContactChannel: Int] = [:]
    public var byVariant: [String: Int] = [:]
    /// When the queued messages go out: `now`, or the end of quiet hours.
    public var sendAt: Instant
    /// Wall-clock time the planning took.
    public var seconds: Double = 0

    public init(campaign: String, sendAt: Instant) {
        self.campaign = campaign
        self.sendAt = sendAt
    }

    public var heldBackTotal: Int { heldBack.values.reduce(0, +) }
}

/// A campaign that cannot be planned, saying what is wrong.
public enum CampaignError: Error, Equatable, CustomStringConvertible {
    case invalidID(String)
    case noChannels
    case noVariants
    /// A variant's subject or body does not compile.
    case template(TemplateError)

    public var description: String {
        switch self {
        case .invalidID(let id): return "campaign id '\(id)' is not a slug: use 1 to 64 of a-z, 0-9 and '-', such as double-11-preheat"
        case .noChannels: return "the campaign names no channel to send on"
        case .noVariants: return "the campaign has no message (no variant)"
        case .template(let error): return "campaign message: \(error)"
        }
    }
}
