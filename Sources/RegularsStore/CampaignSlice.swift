import GRDB
import Regulars

/// One batch of a campaign's customers, read and rendered outside the write lock (while the previous batch is being
/// written): whether each is in the store, their addresses, and a message drafted for each one that may get it.
/// Arrays are by offset in the batch.
struct CampaignSlice: Sendable {
    let range: Range<Int>
    var known: [Bool]
    var phone: [String?]
    var email: [String?]
    var unionID: [String?]
    var drafts: [CampaignDraft?]

    func address(_ channel: ContactChannel, at offset: Int) -> String? {
        switch channel {
        case .sms, .wechatWork: return phone.isEmpty ? nil : phone[offset]
        case .email: return email.isEmpty ? nil : email[offset]
        case .push: return unionID.isEmpty ? nil : unionID[offset]
        }
    }
}

/// A customer's message before the policy has chosen its channel.
struct CampaignDraft: Sendable {
    var variant: Int
    var variantName: String
    var token: String
    var subject: String?
    var body: String
    /// The body with the opt-out words, when the campaign may go out by marketing SMS besides other channels (a
    /// campaign by marketing SMS alone has them in `body`).
    var smsBody: String?

    func body(for channel: ContactChannel) -> String { channel == .sms ? smsBody ?? body : body }
}

/// Which per-customer values the campaign's templates and channels use (the others are not read).
struct CampaignNeeds: Sendable {
    var name = false
    var lastProduct = false
    var tier = false
    var phone = false
    var email = false
    var unionID = false

    init(_ spec: SendSpec, channels: Set<ContactChannel>) {
        // A plain text search over-approximates the tags used: a word in the text reads a column it did not need.
        let texts = spec.variants.flatMap { [$0.body, $0.subject ?? ""] }
        name = texts.contains { $0.contains("name") }
        lastProduct = texts.contains { $0.contains("last_product") }
        tier = texts.contains { $0.contains("tier") }
        let usable = Set(spec.channels).intersection(channels)
        phone = usable.contains(.sms) || usable.contains(.wechatWork)
        email = usable.contains(.email)
        unionID = usable.contains(.push)
    }
}

/// Renders drafts: the variant chosen stably per customer, a fresh short-link token, the opt-out words.
struct CampaignRenderer: Sendable {
    let plan: CampaignPlan
    let templates: [MessageTemplate]
    let shopName: String
    private let linkPrefix: String
    private let optOut: OptOutSuffix
    /// Marketing SMS is one of the channels: the opt-out words are needed.
    private let smsSuffix: Bool
    /// Marketing SMS is the only channel: `body` carries the words.
    private let smsOnly: Bool

    init(plan: CampaignPlan, templates: [MessageTemplate], settings: AutomationSettings) {
        self.plan = plan
        self.templates = templates
        shopName = settings.shopName
        let base = settings.endpoints.linkBaseURL
        linkPrefix = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/c/"
        optOut = OptOutSuffix(suffix: settings.smsOptOutSuffix)
        smsSuffix = plan.spec.marketing && plan.spec.channels.contains(.sms)
        smsOnly = smsSuffix && plan.spec.channels.allSatisfy { $0 == .sms }
    }

    func draft(_ customer: Int64, name: String?, lastProduct: String?, tier: String?, tokens: inout CampaignTokens) -> CampaignDraft {
        let chosen = templates.count == 1 ? 0
            : VariantChooser.choose(plan.spec.variants, seed: CampaignPlan.variantSeed(campaign: plan.id, customer: customer))
        let token = tokens.token()
        let variables = MessageVariables(name: name, lastProduct: lastProduct, tier: tier, couponCode: plan.couponCode,
                                         shortLink: linkPrefix + token, shop: shopName, extra: plan.variables)
        let rendered = templates[chosen].render(variables)
        var draft = CampaignDraft(variant: chosen, variantName: rendered.variant, token: token, subject: rendered.subject,
                                  body: rendered.body)
        if smsOnly {
            draft.body = optOut.apply(rendered.body, channel: .sms, marketing: true)
        } else if smsSuffix {
            draft.smsBody = optOut.apply(rendered.body, channel: .sms, marketing: true)
        }
        return draft
    }

    /// A token that turned out to be taken: a new one, in the texts too.
    func redraw(_ draft: inout CampaignDraft, tokens: inout CampaignTokens) {
        let old = linkPrefix + draft.token
        draft.token = tokens.token()
        let new = linkPrefix + draft.token
        draft.body = draft.body.replacingOccurrences(of: old, with: new)
        draft.smsBody = draft.smsBody?.replacingOccurrences(of: old, with: new)
        draft.subject = draft.subject?.replacingOccurrences(of: old, with: new)
    }
}

extension CampaignSlice {
    /// Reads the batch's customers (only the columns `needs` names) and drafts a message for each one in the store
    /// that has no message of the campaign yet and has an address on one of the `usable` channels.
    static func load(_ range: Range<Int>, audience: CampaignAudience, needs: CampaignNeeds, renderer: CampaignRenderer,
                     usable: [ContactChannel], _ db: Database) throws -> CampaignSlice {
        let count = range.count
        var slice = CampaignSlice(range: range, known: Array(repeating: false, count: count),
                                  phone: Array(repeating: nil, count: needs.phone ? count : 0),
                                  email: Array(repeating: nil, count: needs.email ? count : 0),
                                  unionID: Array(repeating: nil, count: needs.unionID ? count : 0),
                                  drafts: Array(repeating: nil, count: count))
        guard count > 0 else { return slice }
        let filter = CampaignIDFilter(audience.ids[range])
        func offset(_ id: Int64?) -> Int? {
            guard let id, let position = audience.positions.position(of: id), range.contains(position) else { return nil }
            return position - range.lowerBound
        }
        var name = [String?](repeating: nil, count: needs.name ? count : 0)
        var lastProduct = [String?](repeating: nil, count: needs.lastProduct ? count : 0)
        var tier = [String?](repeating: nil, count: needs.tier ? count : 0)

        var customers = try BulkStatement(db, "SELECT id, \(needs.name ? "name, nickname" : "NULL, NULL") FROM customers WHERE \(filter.condition("id"))")
        filter.bind(&customers)
        while try customers.step() {
            guard let at = offset(customers.int(0)) else { continue }
            slice.known[at] = true
            if needs.name { name[at] = customers.text(1) ?? customers.text(2) }
        }
        customers.reset()

        // Everyone has the campaign's message from an earlier run (planning again): nothing more to read or draft.
        if audience.decided[range].allSatisfy({ $0 }) { return slice }

        var kinds: [String] = []
        if needs.phone { kinds.append("'phone'") }
        if needs.email { kinds.append("'email'") }
        if needs.unionID { kinds.append("'union_id'") }
        if !kinds.isEmpty {
            // The first identity of a kind (by id) is the address, as for a journey's message. `+kind` keeps SQLite on
            // the customer index rather than the (kind, channel, value) one.
            var identities = try BulkStatement(db, """
                SELECT customer_id, kind, value FROM identities
                WHERE \(filter.condition("customer_id")) AND shared = 0 AND +kind IN (\(kinds.joined(separator: ", "))) ORDER BY id
                """)
            filter.bind(&identities)
            while try identities.step() {
                guard let at = offset(identities.int(0)), let kind = identities.bytes(1)?.first else { continue }
                switch kind {
                case UInt8(ascii: "p"): if slice.phone[at] == nil { slice.phone[at] = identities.text(2) }
                case UInt8(ascii: "e"): if slice.email[at] == nil { slice.email[at] = identities.text(2) }
                default: if slice.unionID[at] == nil { slice.unionID[at] = identities.text(2) }
                }
            }
            identities.reset()
        }

        if needs.tier {
            let labels = Dictionary(uniqueKeysWithValues: PyramidLevel.allCases.map { ($0.rawValue, $0.label) })
            var segments = try BulkStatement(db, "SELECT customer_id, pyramid FROM customer_segments WHERE \(filter.condition("customer_id"))")
            filter.bind(&segments)
            while try segments.step() {
                guard let at = offset(segments.int(0)), let level = segments.text(1) else { continue }
                tier[at] = labels[level]
            }
            segments.reset()
        }

        if needs.lastProduct {
            // The first line of the latest paid order, as a journey's message reads it.
            var latest = [Int64](repeating: .min, count: count)
            var line = [Int64](repeating: .max, count: count)
            var lines = try BulkStatement(db, """
                SELECT o.customer_id, o.paid_at, l.line_no, COALESCE(p.name, l.sku)
                FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN products p ON p.sku = l.sku
                WHERE \(filter.condition("o.customer_id")) AND o.paid_at IS NOT NULL
                """)
            filter.bind(&lines)
            while try lines.step() {
                guard let at = offset(lines.int(0)), let paidAt = lines.int(1), let lineNo = lines.int(2) else { continue }
                if paidAt > latest[at] || (paidAt == latest[at] && lineNo < line[at]) {
                    latest[at] = paidAt
                    line[at] = lineNo
                    lastProduct[at] = lines.text(3)
                }
            }
            lines.reset()
        }

        var tokens = CampaignTokens()
        for at in 0..<count where slice.known[at] && !audience.decided[range.lowerBound + at]
            && usable.contains(where: { slice.address($0, at: at) != nil }) {
            slice.drafts[at] = renderer.draft(audience.ids[range.lowerBound + at], name: needs.name ? name[at] : nil,
                                              lastProduct: needs.lastProduct ? lastProduct[at] : nil,
                                              tier: needs.tier ? tier[at] : nil, tokens: &tokens)
        }
        return slice
    }
}
