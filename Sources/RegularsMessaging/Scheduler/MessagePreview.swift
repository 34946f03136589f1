import Regulars
import RegularsStore

/// A message rendered for one customer as it would go now, with the contact policy's answer.
public struct MessagePreview: Sendable, Encodable {
    public var customerID: Int64
    public var decision: String
    public var channel: ContactChannel?
    public var sendAt: Instant?
    public var recipient: String?
    public var subject: String?
    public var body: String?

    public static func render(_ spec: SendSpec, customer: Int64, store: any AutomationStore, settings: ShopSettings,
                              now: Instant, channels: Set<ContactChannel> = Set(ContactChannel.allCases)) async throws -> MessagePreview {
        guard let contact = try await store.contactSnapshot(customer: customer, channels: channels,
                                                            policy: settings.automation.policy, at: now) else {
            throw StoreError.notFound("customer \(customer)")
        }
        var variables = contact.variables
        variables.shop = settings.automation.shopName
        variables.shortLink = settings.automation.endpoints.linkBaseURL + "/c/(token)"
        let variant = spec.variants[VariantChooser.choose(spec.variants, seed: "preview:\(customer)")]
        let rendered = try MessageTemplate(variant).render(variables)
        switch settings.automation.policy.decide(channels: spec.channels, marketing: spec.marketing, state: contact.state,
                                                 now: now, calendar: settings.calendar) {
        case .heldBack(let reason, let channel):
            return MessagePreview(customerID: customer, decision: "held back: \(reason.rawValue)", channel: channel,
                                  subject: rendered.subject, body: rendered.body)
        case .send(let channel, let at):
            return MessagePreview(customerID: customer, decision: at > now ? "send after quiet hours" : "send", channel: channel,
                                  sendAt: at, recipient: contact.addresses[channel], subject: rendered.subject,
                                  body: OptOutSuffix.apply(rendered.body, channel: channel, marketing: spec.marketing,
                                                           suffix: settings.automation.smsOptOutSuffix))
        }
    }
}
