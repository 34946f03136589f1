/// A group of customers an offer can be limited to (PROMO-2). Tiers are read from the customer's tags until
/// membership tiers exist (LOYAL-1): tier `VIP` is the tag `VIP`.
public enum TargetSegment: Hashable, Sendable {
    case rfmClass(RFMClass)
    case pyramid(PyramidLevel)
    case lifecycle(LifecycleStage)
    case tier(String)
    case tag(String)
    /// A saved audience of the audience language, by name.
    case audience(String)

    /// `class:重要价值客户`, `pyramid:王者`, `lifecycle:新客`, `tier:VIP`, `tag:母婴`, `audience:沉睡高价值`.
    public init(parsing text: String) throws(PromotionError) {
        guard let colon = text.firstIndex(of: ":") ?? text.firstIndex(of: "：") else {
            throw .invalidDefinition(where: "", problem: "'\(text)' is not a target; write kind:value with kind one of class, pyramid, lifecycle, tier, tag, audience")
        }
        let kind = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw .invalidDefinition(where: "", problem: "'\(text)' names no \(kind)") }
        switch kind {
        case "class", "rfm":
            guard let named = RFMClass(naming: value) else { throw .invalidDefinition(where: "", problem: "unknown RFM class '\(value)'") }
            self = .rfmClass(named)
        case "pyramid":
            guard let named = PyramidLevel(naming: value) else { throw .invalidDefinition(where: "", problem: "unknown pyramid level '\(value)'") }
            self = .pyramid(named)
        case "lifecycle":
            guard let named = LifecycleStage(naming: value) else { throw .invalidDefinition(where: "", problem: "unknown lifecycle stage '\(value)'") }
            self = .lifecycle(named)
        case "tier": self = .tier(value)
        case "tag": self = .tag(value)
        case "audience": self = .audience(value)
        default:
            throw .invalidDefinition(where: "", problem: "'\(kind)' is not a target kind; use class, pyramid, lifecycle, tier, tag or audience")
        }
    }

    public var text: String {
        switch self {
        case .rfmClass(let value): return "class:\(value.label)"
        case .pyramid(let value): return "pyramid:\(value.label)"
        case .lifecycle(let value): return "lifecycle:\(value.label)"
        case .tier(let value): return "tier:\(value)"
        case .tag(let value): return "tag:\(value)"
        case .audience(let value): return "audience:\(value)"
        }
    }
}

/// Answers "is this customer in that segment?" for targeting; the store fills it from the customer's stored
/// segments, tags and saved audiences.
public protocol SegmentMembership: Sendable {
    func contains(_ segment: TargetSegment) -> Bool
}

/// Membership from sets, for a customer whose facts are already known (and for tests).
public struct KnownMembership: SegmentMembership, Equatable {
    public var segments: Set<TargetSegment>
    public init(_ segments: Set<TargetSegment> = []) { self.segments = segments }
    public func contains(_ segment: TargetSegment) -> Bool { segments.contains(segment) }
}

/// Who an offer is for, where and when.
public struct Targeting: Sendable, Equatable {
    /// Empty: everyone; otherwise a customer in any of them.
    public var segments: [TargetSegment]
    /// Empty: every channel.
    public var channels: [Channel]
    public var starts: Instant?
    /// Exclusive: the offer ends at this moment.
    public var ends: Instant?
    /// Only for a customer's first order (新客首单).
    public var firstOrderOnly: Bool

    public init(segments: [TargetSegment] = [], channels: [Channel] = [], starts: Instant? = nil, ends: Instant? = nil,
                firstOrderOnly: Bool = false) {
        self.segments = segments
        self.channels = channels
        self.starts = starts
        self.ends = ends
        self.firstOrderOnly = firstOrderOnly
    }

    public static let everyone = Targeting()

    /// Nil when the offer is for this customer here and now; otherwise why not.
    public func refusal(for customer: PricingCustomer, channel: Channel, at now: Instant) -> String? {
        check(customer, channel: channel, at: now)?.text
    }

    /// `refusal` as a value (pricing keeps it so; the text is written when someone reads it).
    public func check(_ customer: PricingCustomer, channel: Channel, at now: Instant) -> TargetingRefusal? {
        if let starts, now < starts { return .notStarted(starts) }
        if let ends, now >= ends { return .ended(ends) }
        if !channels.isEmpty, !channels.contains(channel) { return .notOnChannel(channel) }
        if firstOrderOnly, !customer.isFirstOrder { return .firstOrderOnly }
        if firstOrderOnly, customer.newCustomerOfferTaken { return .newCustomerOfferTaken }
        if !segments.isEmpty, !segments.contains(where: { customer.membership.contains($0) }) { return .notInSegments(segments) }
        return nil
    }
}

/// The customer a cart is priced for.
public struct PricingCustomer: Sendable {
    /// Nil: a guest.
    public var id: Int64?
    /// No paid order yet (a guest too).
    public var isFirstOrder: Bool
    /// The abuse guard found a new-customer offer already taken by this phone, device or address.
    public var newCustomerOfferTaken: Bool
    public var membership: any SegmentMembership

    public init(id: Int64?, isFirstOrder: Bool, newCustomerOfferTaken: Bool = false,
                membership: any SegmentMembership = KnownMembership()) {
        self.id = id
        self.isFirstOrder = isFirstOrder
        self.newCustomerOfferTaken = newCustomerOfferTaken
        self.membership = membership
    }
}
