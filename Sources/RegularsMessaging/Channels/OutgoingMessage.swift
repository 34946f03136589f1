import Regulars

/// One message ready to leave through a channel, as the outbox hands it to an adapter.
public struct OutgoingMessage: Sendable, Equatable {
    /// The outbox id: also the idempotency key sent to gateways and the Message-ID of e-mail.
    public var id: Int64
    public var channel: ContactChannel
    /// A phone number (SMS, WeChat Work mention), an e-mail address, or a push alias (customer id).
    public var recipient: String
    public var subject: String?
    public var body: String
    /// Marketing messages carry an opt-out (SMS suffix, e-mail `List-Unsubscribe`); service messages do not.
    public var marketing: Bool

    public init(id: Int64, channel: ContactChannel, recipient: String, subject: String? = nil, body: String, marketing: Bool) {
        self.id = id
        self.channel = channel
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.marketing = marketing
    }

    /// `outbox-<id>`: the reference and idempotency key gateways see.
    public var reference: String { "outbox-\(id)" }
}

/// What a channel said when it accepted a message.
public struct DeliveryReceipt: Sendable, Equatable {
    /// The provider's id for the message (gateway message id, SMTP queue id), for matching delivery webhooks.
    public var providerID: String?

    public init(providerID: String?) {
        self.providerID = providerID
    }
}

/// Why a delivery failed, and whether trying again later could help.
public enum DeliveryError: Error, Equatable, CustomStringConvertible {
    /// Worth retrying later: connection refused, timeout, SMTP 4xx, HTTP 429/5xx, WeCom rate limit (45009).
    case temporary(String)
    /// Will never work: SMTP 5xx, HTTP 400/401/403/404, a malformed recipient.
    case permanent(String)

    public var isTemporary: Bool {
        if case .temporary = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .temporary(let reason): return "temporary failure: \(reason)"
        case .permanent(let reason): return "permanent failure: \(reason)"
        }
    }
}

/// Sends messages over one channel. Adapters are stateless values, safe to call concurrently.
public protocol ChannelAdapter: Sendable {
    var channel: ContactChannel { get }
    /// Hands the message to the channel; returns once the channel has accepted it.
    func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt
}
