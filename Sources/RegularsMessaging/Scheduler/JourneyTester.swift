import Regulars
import RegularsStore

/// A dry run of a journey for one customer: every step as it would run if they entered now (waits pass, branches
/// are decided on today's data, messages are rendered and put to the contact policy). Nothing is written.
public enum JourneyTester {
    public struct Step: Sendable, Equatable, Encodable {
        public var step: String
        public var action: String
        public var outcome: String
        public var channel: String?
        public var subject: String?
        public var body: String?
        public var variant: String?
    }

    public struct Result: Sendable, Equatable, Encodable {
        public var journeyID: String
        public var customerID: Int64
        public var holdout: Bool
        public var steps: [Step]
    }

    public static func run(_ journey: JourneyDefinition, customer: Int64,
                           store: any AutomationStore & SegmentStore, settings: ShopSettings, now: Instant,
                           channels: Set<ContactChannel> = Set(ContactChannel.allCases)) async throws -> Result {
        guard let contact = try await store.contactSnapshot(customer: customer, channels: channels,
                                                            policy: settings.automation.policy, at: now) else {
            throw StoreError.notFound("customer \(customer)")
        }
        let snapshot = journey.asksAudienceQuestions ? try await AudienceSnapshot.load(store, settings: settings, now: now) : nil
        let matches: (String) -> Bool = { condition in
            guard let snapshot, let index = snapshot.index(of: customer),
                  let query = try? AudienceQuery(parsing: condition) else { return false }
            return snapshot.context.evaluate(query).contains(index)
        }
        let calendar = settings.calendar
        var steps: [Step] = []
        var index = 0
        var moment = now
        var variables = contact.variables
        variables.shop = settings.automation.shopName
        variables.couponCode = "(券码)"
        variables.shortLink = settings.automation.endpoints.linkBaseURL + "/c/(token)"
        for _ in 0..<(journey.steps.count * 2 + 2) {
            guard index < journey.steps.count else {
                steps.append(Step(step: "end", action: "exit", outcome: "completed"))
                break
            }
            let stepID = journey.steps[index].id
            switch JourneyRunner.plan(journey, step: index, now: moment, calendar: calendar, matches: matches) {
            case .wait(let until, let next):
                steps.append(Step(step: stepID, action: "wait", outcome: "until \(calendar.format(until))"))
                moment = until
                index = next
            case .jump(let next):
                let target = next < journey.steps.count ? journey.steps[next].id : "end"
                steps.append(Step(step: stepID, action: "branch", outcome: "go to \(target)"))
                index = next
            case .send(let spec, let next):
                steps.append(try send(spec, stepID: stepID, journey: journey, customer: customer, contact: contact,
                                      variables: variables, settings: settings, now: moment))
                index = next
            case .issueCoupon(let template, let next):
                steps.append(Step(step: stepID, action: "coupon", outcome: "issue one coupon of template \(template)"))
                index = next
            case .addTag(let tag, let next):
                steps.append(Step(step: stepID, action: "tag", outcome: "add \(tag)"))
                index = next
            case .removeTag(let tag, let next):
                steps.append(Step(step: stepID, action: "tag", outcome: "remove \(tag)"))
                index = next
            case .task(let title, let due, let next):
                steps.append(Step(step: stepID, action: "task", outcome: "\(title), due \(calendar.format(due))"))
                index = next
            case .finish(let exit):
                steps.append(Step(step: stepID, action: "exit", outcome: exit.rawValue))
                return Result(journeyID: journey.id, customerID: customer, holdout: journey.isHoldout(customer), steps: steps)
            }
        }
        return Result(journeyID: journey.id, customerID: customer,
                      holdout: journey.isHoldout(customer), steps: steps)
    }

    private static func send(_ spec: SendSpec, stepID: String, journey: JourneyDefinition, customer: Int64,
                             contact: ContactSnapshot, variables: MessageVariables, settings: ShopSettings,
                             now: Instant) throws -> Step {
        let variant = spec.variants[VariantChooser.choose(spec.variants, seed: "\(journey.id):\(stepID):\(customer)")]
        switch settings.automation.policy.decide(channels: spec.channels, marketing: spec.marketing, state: contact.state,
                                                 now: now, calendar: settings.calendar) {
        case .heldBack(let reason, let channel):
            return Step(step: stepID, action: "send", outcome: "held back: \(reason.rawValue)", channel: channel?.rawValue,
                        variant: variant.name)
        case .send(let channel, let at):
            let rendered = try MessageTemplate(variant).render(variables)
            let body = OptOutSuffix.apply(rendered.body, channel: channel, marketing: spec.marketing,
                                          suffix: settings.automation.smsOptOutSuffix)
            return Step(step: stepID, action: "send",
                        outcome: at > now ? "send at \(settings.calendar.format(at)) (after quiet hours)" : "send",
                        channel: channel.rawValue, subject: rendered.subject, body: body, variant: variant.name)
        }
    }
}
