import Foundation
import GRDB
import Regulars

extension SQLiteStore {
    /// Plans `plan` for `customers` (ids; merged ones count as the customer they ended up in): each gets one message
    /// through the contact policy — the first channel of the plan it allows, variant chosen stably per customer,
    /// written to the outbox to go out now or at the end of quiet hours — or a held-back row saying why not. Planning
    /// the same campaign again writes nothing twice (`alreadyPlanned`). `channels`: the channels set up.
    public func planCampaign(_ plan: CampaignPlan, customers: [Int64], settings: AutomationSettings, calendar: ShopCalendar,
                             channels: Set<ContactChannel>, now: Instant) async throws -> CampaignReport {
        try await planCampaign(plan, customers: customers, settings: settings, calendar: calendar, channels: channels,
                               now: now, batchSize: 50_000)
    }

    /// `batchSize` customers are decided and written per write transaction: the write lock is never held for long,
    /// so the scheduler and the API keep writing while a million messages are planned.
    func planCampaign(_ plan: CampaignPlan, customers: [Int64], settings: AutomationSettings, calendar: ShopCalendar,
                      channels: Set<ContactChannel>, now: Instant, batchSize: Int) async throws -> CampaignReport {
        let started = ContinuousClock.now
        guard CampaignPlan.isValidID(plan.id) else { throw CampaignError.invalidID(plan.id) }
        guard !plan.spec.channels.isEmpty else { throw CampaignError.noChannels }
        guard !plan.spec.variants.isEmpty else { throw CampaignError.noVariants }
        var templates: [MessageTemplate] = []
        do {
            for variant in plan.spec.variants {
                templates.append(try MessageTemplate(variant, allowedExtras: MessageVariables.commonExtraKeys.union(plan.variables.keys)))
            }
        } catch {
            throw CampaignError.template(error)
        }
        let planner = ContactPlanner(policy: settings.policy, now: now, calendar: calendar)
        let needs = CampaignNeeds(plan.spec, channels: channels)
        let audience = try await pool.read { db in
            try CampaignAudienceLoader.load(customers, campaign: plan.id, needs: needs, db)
        }
        let batch = SQLiteCampaignBatch(plan: plan, audience: audience, templates: templates, planner: planner,
                                        settings: settings, channels: ChannelMask(channels), now: now)
        var tally = SQLiteCampaignBatch.Tally(variants: templates.count)
        var heldBackSeen = audience.heldBackSeen
        for start in stride(from: 0, to: audience.count, by: max(1, batchSize)) {
            let range = start..<min(start + max(1, batchSize), audience.count)
            let seen = heldBackSeen
            let (part, newSeen) = try await pool.write { db in try batch.run(range, heldBackSeen: seen, db) }
            tally += part
            heldBackSeen = newSeen
        }
        var report = CampaignReport(campaign: plan.id, sendAt: planner.sendMoment)
        report.customers = audience.count - tally.unknown
        report.unknown = tally.unknown
        report.queued = tally.queued
        report.alreadyPlanned = tally.alreadyPlanned
        report.heldBack = tally.heldBack
        for channel in ContactChannel.allCases where tally.byChannel[channel] > 0 { report.byChannel[channel] = tally.byChannel[channel] }
        for (index, count) in tally.byVariant.enumerated() where count > 0 { report.byVariant[templates[index].variant, default: 0] += count }
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }
}

/// Decides, renders and writes one batch of a campaign inside a write transaction.
///
/// Concurrency: the caps count touches that are read here, inside the same (IMMEDIATE) write transaction that writes
/// the batch's messages. SQLite has one writer at a time, so a concurrent campaign or journey step either committed
/// before this transaction began — and its messages are counted — or begins after it commits and counts these. Reading
/// the touches once up front and re-checking them inside would save little: the read is a range scan of the
/// `messages_customer` index over the batch's ids, about as cheap as the re-check.
struct SQLiteCampaignBatch: Sendable {
    let plan: CampaignPlan
    let audience: CampaignAudience
    let templates: [MessageTemplate]
    let planner: ContactPlanner
    let settings: AutomationSettings
    /// The channels set up in the shop.
    let channels: ChannelMask
    let now: Instant

    struct Tally: Sendable {
        var queued = 0
        var alreadyPlanned = 0
        var unknown = 0
        var heldBack: [HeldBackReason: Int] = [:]
        var byChannel = PerChannel(repeating: 0)
        var byVariant: [Int]

        init(variants: Int) { byVariant = Array(repeating: 0, count: variants) }

        static func += (lhs: inout Tally, rhs: Tally) {
            lhs.queued += rhs.queued
            lhs.alreadyPlanned += rhs.alreadyPlanned
            lhs.unknown += rhs.unknown
            for (reason, count) in rhs.heldBack { lhs.heldBack[reason, default: 0] += count }
            for channel in ContactChannel.allCases { lhs.byChannel[channel] += rhs.byChannel[channel] }
            for index in lhs.byVariant.indices { lhs.byVariant[index] += rhs.byVariant[index] }
        }
    }

    /// What the policy needs of the batch's customers that can change between batches, by offset in the batch.
    private struct Contact {
        var optedOut: [ChannelMask]
        var optedOutOfAll: [Bool]
        var consented: [ChannelMask]
        var touches: [PerChannel<Int>]
        var allTouches: [Int]
        /// A message or held-back row of this campaign appeared since the audience was read (a concurrent run).
        var decided: [Bool]

        init(_ count: Int) {
            optedOut = Array(repeating: [], count: count)
            optedOutOfAll = Array(repeating: false, count: count)
            consented = Array(repeating: [], count: count)
            touches = Array(repeating: PerChannel(repeating: 0), count: count)
            allTouches = Array(repeating: 0, count: count)
            decided = Array(repeating: false, count: count)
        }
    }

    func run(_ range: Range<Int>, heldBackSeen: Int64, _ db: Database) throws -> (Tally, newHeldBackSeen: Int64) {
        let contact = try loadContact(range, heldBackSeen: heldBackSeen, db)
        var tally = Tally(variants: templates.count)
        var writer = try MessageWriter(db, plan: plan, settings: settings, now: now)
        let spec = plan.spec
        for position in range {
            let offset = position - range.lowerBound
            guard audience.known[position] else { tally.unknown += 1; continue }
            if audience.decided[position] || contact.decided[offset] { tally.alreadyPlanned += 1; continue }
            var reachable: ChannelMask = []
            for channel in spec.channels where channels.contains(channel) && audience.address(channel, at: position) != nil {
                reachable.insert(ChannelMask(channel))
            }
            let state = ContactTally(reachable: reachable, optedOut: contact.optedOut[offset],
                                     optedOutOfAll: contact.optedOutOfAll[offset], consented: contact.consented[offset],
                                     touches: contact.touches[offset], allTouches: contact.allTouches[offset])
            let customer = audience.ids[position]
            switch planner.decide(channels: spec.channels, marketing: spec.marketing, tally: state) {
            case .heldBack(let reason, let channel):
                try writer.holdBack(customer, reason: reason, channel: channel)
                tally.heldBack[reason, default: 0] += 1
            case .send(let channel, let at):
                let chosen = templates.count == 1 ? 0
                    : VariantChooser.choose(spec.variants, seed: CampaignPlan.variantSeed(campaign: plan.id, customer: customer))
                let written = try writer.queue(customer, channel: channel, recipient: audience.address(channel, at: position) ?? "",
                                               template: templates[chosen], at: at, variables: { link in
                    MessageVariables(name: audience.name[position], lastProduct: audience.lastProduct[position],
                                     tier: audience.tier[position], couponCode: plan.couponCode, shortLink: link,
                                     shop: settings.shopName, extra: plan.variables)
                })
                if written {
                    tally.queued += 1
                    tally.byChannel[channel] += 1
                    tally.byVariant[chosen] += 1
                } else {
                    tally.alreadyPlanned += 1
                }
            }
        }
        writer.finish()
        let seen = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM held_back") ?? heldBackSeen
        return (tally, seen)
    }

    /// Preferences, touches inside the longest cap window and this campaign's rows written by others since the
    /// audience was read, for the batch's customers.
    private func loadContact(_ range: Range<Int>, heldBackSeen: Int64, _ db: Database) throws -> Contact {
        var contact = Contact(range.count)
        guard let low = audience.ids[range].first, let high = audience.ids[range].last else { return contact }
        // A sparse batch (a small audience spread over the store) looks its ids up; a dense one reads the id range.
        let sparse = high - low + 1 > Int64(range.count) * 16
        let ids = sparse ? "[" + audience.ids[range].map(String.init).joined(separator: ",") + "]" : ""
        func among(_ column: String) -> String {
            sparse ? "\(column) IN (SELECT value FROM json_each(?))" : "\(column) BETWEEN ? AND ?"
        }
        func bindIDs(_ statement: inout BulkStatement) {
            if sparse { statement.bind(ids) } else { statement.bind(low); statement.bind(high) }
        }
        func offset(_ id: Int64?) -> Int? {
            guard let id, let position = audience.positions.position(of: id), range.contains(position) else { return nil }
            return position - range.lowerBound
        }

        var preferences = try BulkStatement(db, "SELECT customer_id, channel, state FROM contact_preferences WHERE \(among("customer_id"))")
        bindIDs(&preferences)
        while try preferences.step() {
            guard let at = offset(preferences.int(0)), let name = preferences.text(1) else { continue }
            let optOut = preferences.text(2) == ContactPreference.optedOut.rawValue
            if name == "all" {
                if optOut { contact.optedOutOfAll[at] = true }
            } else if let channel = ContactChannel(rawValue: name) {
                if optOut { contact.optedOut[at].insert(ChannelMask(channel)) } else { contact.consented[at].insert(ChannelMask(channel)) }
            }
        }
        preferences.reset()

        // Touches count the way `ContactTally` counts them: later than `now - window`, marketing and service alike.
        let policy = settings.policy
        var windows = PerChannel<Int64>(repeating: 0)
        for channel in ContactChannel.allCases { windows[channel] = policy.channelCaps[channel]?.windowSeconds ?? 0 }
        let longest = max(policy.globalCap.windowSeconds, ContactChannel.allCases.map { windows[$0] }.max() ?? 0)
        let nowSeconds = now.secondsSinceEpoch
        var touches = try BulkStatement(db, """
            SELECT customer_id, channel, created_at, campaign FROM messages WHERE \(among("customer_id")) AND created_at > ?
            """)
        bindIDs(&touches)
        touches.bind(nowSeconds - longest)
        while try touches.step() {
            guard let at = offset(touches.int(0)), let name = touches.text(1), let channel = ContactChannel(rawValue: name),
                  let created = touches.int(2) else { continue }
            if created > nowSeconds - windows[channel] { contact.touches[at][channel] += 1 }
            if created > nowSeconds - policy.globalCap.windowSeconds { contact.allTouches[at] += 1 }
            if touches.text(3) == plan.id { contact.decided[at] = true }
        }
        touches.reset()

        // Held-back rows of this campaign that a concurrent run of it wrote (rows of other sources are skipped).
        var held = try BulkStatement(db, "SELECT customer_id FROM held_back WHERE id > ? AND campaign = ?")
        held.bind(heldBackSeen)
        held.bind(plan.id)
        while try held.step() {
            if let at = offset(held.int(0)) { contact.decided[at] = true }
        }
        held.reset()
        return contact
    }
}

/// The batch's two prepared inserts: messages (skipped when the dedup key is taken) and held-back rows.
private struct MessageWriter {
    private var insertMessage: BulkStatement
    private var insertHeldBack: BulkStatement
    private var tokens = CampaignTokens()
    private let campaign: String
    private let dedupPrefix: String
    private let linkPrefix: String
    private let suffix: String
    private let marketing: Bool
    private let link: String?
    private let createdAt: Int64

    init(_ db: Database, plan: CampaignPlan, settings: AutomationSettings, now: Instant) throws {
        insertMessage = try BulkStatement(db, """
            INSERT INTO messages(customer_id, campaign, channel, recipient, subject, body, variant, marketing, link, token,
                dedup_key, status, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            ON CONFLICT(dedup_key) DO NOTHING
            """)
        insertHeldBack = try BulkStatement(db, """
            INSERT INTO held_back(customer_id, journey_id, step_id, campaign, channel, reason, at) VALUES (?, NULL, NULL, ?, ?, ?, ?)
            """)
        campaign = plan.id
        dedupPrefix = "c" + plan.id + ":"
        let base = settings.endpoints.linkBaseURL
        linkPrefix = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/c/"
        suffix = settings.smsOptOutSuffix
        marketing = plan.spec.marketing
        link = plan.spec.link
        createdAt = now.secondsSinceEpoch
    }

    /// Writes the message; false when this campaign's message to the customer is already there.
    mutating func queue(_ customer: Int64, channel: ContactChannel, recipient: String, template: MessageTemplate, at: Instant,
                        variables: (_ shortLink: String) -> MessageVariables) throws -> Bool {
        // A token already taken (about one chance in 10^21 per message) is drawn again.
        for attempt in 1...8 {
            let token = tokens.token()
            let rendered = template.render(variables(linkPrefix + token))
            let body = OptOutSuffix.apply(rendered.body, channel: channel, marketing: marketing, suffix: suffix)
            insertMessage.bind(customer)
            insertMessage.bind(campaign)
            insertMessage.bind(channel.rawValue)
            insertMessage.bind(recipient)
            insertMessage.bind(rendered.subject)
            insertMessage.bind(body)
            insertMessage.bind(rendered.variant)
            insertMessage.bind(Int64(marketing ? 1 : 0))
            insertMessage.bind(link)
            insertMessage.bind(token)
            insertMessage.bind(dedupPrefix + String(customer))
            insertMessage.bind(at.secondsSinceEpoch)
            insertMessage.bind(createdAt)
            do {
                try insertMessage.run()
                return insertMessage.changes > 0
            } catch let error as DatabaseError
                where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && (error.message ?? "").contains("messages.token") && attempt < 8 {
                continue
            }
        }
        return false
    }

    mutating func holdBack(_ customer: Int64, reason: HeldBackReason, channel: ContactChannel?) throws {
        insertHeldBack.bind(customer)
        insertHeldBack.bind(campaign)
        insertHeldBack.bind(channel?.rawValue)
        insertHeldBack.bind(reason.rawValue)
        insertHeldBack.bind(createdAt)
        try insertHeldBack.run()
    }

    /// Nothing stays bound to the cached statements.
    mutating func finish() {
        insertMessage.reset()
        insertHeldBack.reset()
    }
}
