import GRDB
import Regulars

extension SQLiteStore {
    /// Plans `plan` for `customers` (ids; merged ones count as the customer they ended up in): each gets one message
    /// through the contact policy — the first channel of the plan it allows, variant chosen stably per customer,
    /// written to the outbox to go out now or at the end of quiet hours — or a held-back row saying why not. Planning
    /// the same campaign again writes no message twice (`alreadyPlanned`) and no held-back row twice for the same
    /// reason, but decides again for those held back before (a cap may have passed, a channel been set up since).
    /// `channels`: the channels set up.
    public func planCampaign(_ plan: CampaignPlan, customers: [Int64], settings: AutomationSettings, calendar: ShopCalendar,
                             channels: Set<ContactChannel>, now: Instant) async throws -> CampaignReport {
        try await planCampaign(plan, customers: customers, settings: settings, calendar: calendar, channels: channels,
                               now: now, batchSize: 50_000)
    }

    /// `batchSize` customers are decided and written per write transaction, so the write lock is never held for long
    /// and the scheduler and the API keep writing while a million messages are planned. Each batch is read and
    /// rendered on a reader connection while the previous one is being written.
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
        let renderer = CampaignRenderer(plan: plan, templates: templates, settings: settings)
        let usable = plan.spec.channels.filter { channels.contains($0) }
        let audience = try await pool.read { db in try CampaignAudience.load(customers, campaign: plan.id, db) }
        let batch = SQLiteCampaignBatch(plan: plan, audience: audience, renderer: renderer, planner: planner, settings: settings,
                                        channels: ChannelMask(channels), now: now)

        let size = max(1, batchSize)
        let ranges = stride(from: 0, to: audience.count, by: size).map { $0..<min($0 + size, audience.count) }
        let pool = self.pool
        @Sendable func slice(_ index: Int) -> Task<CampaignSlice, any Error>? {
            guard index < ranges.count else { return nil }
            let range = ranges[index]
            return Task {
                try await pool.read { db in
                    try CampaignSlice.load(range, audience: audience, needs: needs, renderer: renderer, usable: usable, db)
                }
            }
        }
        var tally = SQLiteCampaignBatch.Tally(variants: templates.count)
        var heldBackSeen = audience.heldBackSeen
        var next = slice(0)
        var index = 0
        while let pending = next {
            let current = try await pending.value
            index += 1
            next = slice(index)
            let seen = heldBackSeen
            let (part, newSeen) = try await pool.write { db in try batch.run(current, heldBackSeen: seen, db) }
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

/// Decides and writes one batch of a campaign inside a write transaction.
///
/// Concurrency: the caps count touches that are read here, inside the same (IMMEDIATE) write transaction that writes
/// the batch's messages. SQLite has one writer at a time, so a concurrent campaign or journey step either committed
/// before this transaction began — and its messages are counted — or begins after it commits and counts these.
/// Reading the touches up front and re-checking them here would save little: the read is a range scan of the
/// `messages_customer` index over the batch's ids, about as cheap as the re-check. Opt-outs are read here too, so one
/// recorded a moment ago is honoured (and one recorded later stops the queued message: see `setContactPreference`).
struct SQLiteCampaignBatch: Sendable {
    let plan: CampaignPlan
    let audience: CampaignAudience
    let renderer: CampaignRenderer
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

    /// What the policy needs of the batch's customers that can change from one moment to the next, by offset.
    private struct Contact {
        var optedOut: [ChannelMask]
        var optedOutOfAll: [Bool]
        var consented: [ChannelMask]
        var touches: [PerChannel<Int>]
        var allTouches: [Int]
        /// A message of this campaign appeared since the audience was read (a concurrent run).
        var decided: [Bool]
        /// Reasons a concurrent run of this campaign held the customer back for since the audience was read.
        var heldBefore: [HeldBackReasons]

        init(_ count: Int) {
            optedOut = Array(repeating: [], count: count)
            optedOutOfAll = Array(repeating: false, count: count)
            consented = Array(repeating: [], count: count)
            touches = Array(repeating: PerChannel(repeating: 0), count: count)
            allTouches = Array(repeating: 0, count: count)
            decided = Array(repeating: false, count: count)
            heldBefore = Array(repeating: [], count: count)
        }
    }

    func run(_ slice: CampaignSlice, heldBackSeen: Int64, _ db: Database) throws -> (Tally, newHeldBackSeen: Int64) {
        let range = slice.range
        // Everyone has the campaign's message from an earlier run (planning again): no contact state to read.
        let contact = audience.decided[range].allSatisfy({ $0 }) ? Contact(range.count)
            : try loadContact(range, heldBackSeen: heldBackSeen, db)
        var tally = Tally(variants: renderer.templates.count)
        var writer = try MessageWriter(db, plan: plan, renderer: renderer, sendAt: planner.sendMoment, now: now)
        let spec = plan.spec
        for offset in 0..<range.count {
            let position = range.lowerBound + offset
            guard slice.known[offset] else { tally.unknown += 1; continue }
            if audience.decided[position] || contact.decided[offset] { tally.alreadyPlanned += 1; continue }
            var reachable: ChannelMask = []
            for channel in spec.channels where channels.contains(channel) && slice.address(channel, at: offset) != nil {
                reachable.insert(ChannelMask(channel))
            }
            let state = ContactTally(reachable: reachable, optedOut: contact.optedOut[offset],
                                     optedOutOfAll: contact.optedOutOfAll[offset], consented: contact.consented[offset],
                                     touches: contact.touches[offset], allTouches: contact.allTouches[offset])
            let customer = audience.ids[position]
            switch planner.decide(channels: spec.channels, marketing: spec.marketing, tally: state) {
            case .heldBack(let reason, let channel):
                // Held back again for a reason already recorded (planning again): counted, not written twice.
                let recorded = audience.heldBefore[position].union(contact.heldBefore[offset])
                if !recorded.contains(HeldBackReasons(reason)) { try writer.holdBack(customer, reason: reason, channel: channel) }
                tally.heldBack[reason, default: 0] += 1
            case .send(let channel, _):
                // A reachable customer always has a draft; every allowed message goes out at the planner's one moment.
                guard let draft = slice.drafts[offset] else { continue }
                try writer.queue(customer, channel: channel, recipient: slice.address(channel, at: offset) ?? "", draft: draft)
            }
        }
        try writer.finish(into: &tally)
        let seen = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM held_back") ?? heldBackSeen
        return (tally, seen)
    }

    /// Preferences, touches inside the longest cap window, and this campaign's rows written by others since the
    /// audience was read, for the batch's customers.
    private func loadContact(_ range: Range<Int>, heldBackSeen: Int64, _ db: Database) throws -> Contact {
        var contact = Contact(range.count)
        guard !range.isEmpty else { return contact }
        let filter = CampaignIDFilter(audience.ids[range])
        func offset(_ id: Int64?) -> Int? {
            guard let id, let position = audience.positions.position(of: id), range.contains(position) else { return nil }
            return position - range.lowerBound
        }

        var preferences = try BulkStatement(db, "SELECT customer_id, channel, state FROM contact_preferences WHERE \(filter.condition("customer_id"))")
        filter.bind(&preferences)
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
            SELECT customer_id, channel, created_at, campaign FROM messages WHERE \(filter.condition("customer_id")) AND created_at > ?
            """)
        filter.bind(&touches)
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
        var held = try BulkStatement(db, "SELECT customer_id, reason FROM held_back WHERE id > ? AND campaign = ?")
        held.bind(heldBackSeen)
        held.bind(plan.id)
        while try held.step() {
            if let at = offset(held.int(0)), let reason = held.text(1) { contact.heldBefore[at].insert(HeldBackReasons(reason)) }
        }
        held.reset()
        return contact
    }
}

/// The batch's inserts: messages many rows to a statement (each execution of a statement opens and closes a cursor on
/// the table and each of its five indexes; 64 rows share that), skipped when the dedup key is taken, and held-back rows
/// one at a time.
private struct MessageWriter {
    /// Rows per multi-row insert.
    static let rowsPerInsert = 64
    /// Parameters of each row (`?6`…), after the five that all rows share (`?1`…`?5`).
    private static let rowParameters = 8
    private static let fullInsertSQL = insertSQL(rows: rowsPerInsert)

    private struct Row {
        var customer: Int64
        var channel: ContactChannel
        var recipient: String
        var draft: CampaignDraft
    }

    private let db: Database
    private let renderer: CampaignRenderer
    private var insertHeldBack: BulkStatement
    private var pending: [Row] = []
    private var tokens = CampaignTokens()
    private var queued = 0
    private var alreadyPlanned = 0
    private var byChannel = PerChannel(repeating: 0)
    private var byVariant: [Int]
    private let campaign: String
    private let dedupPrefix: String
    private let marketing: Bool
    private let link: String?
    private let sendAt: Int64
    private let createdAt: Int64

    init(_ db: Database, plan: CampaignPlan, renderer: CampaignRenderer, sendAt: Instant, now: Instant) throws {
        self.db = db
        self.renderer = renderer
        insertHeldBack = try BulkStatement(db, """
            INSERT INTO held_back(customer_id, journey_id, step_id, campaign, channel, reason, at) VALUES (?, NULL, NULL, ?, ?, ?, ?)
            """)
        campaign = plan.id
        dedupPrefix = "c" + plan.id + ":"
        marketing = plan.spec.marketing
        link = plan.spec.link
        self.sendAt = sendAt.secondsSinceEpoch
        createdAt = now.secondsSinceEpoch
        byVariant = Array(repeating: 0, count: plan.spec.variants.count)
        pending.reserveCapacity(Self.rowsPerInsert)
    }

    mutating func queue(_ customer: Int64, channel: ContactChannel, recipient: String, draft: CampaignDraft) throws {
        pending.append(Row(customer: customer, channel: channel, recipient: recipient, draft: draft))
        if pending.count == Self.rowsPerInsert { try flush() }
    }

    mutating func holdBack(_ customer: Int64, reason: HeldBackReason, channel: ContactChannel?) throws {
        insertHeldBack.bind(customer)
        insertHeldBack.bind(campaign)
        insertHeldBack.bind(channel?.rawValue)
        insertHeldBack.bind(reason.rawValue)
        insertHeldBack.bind(createdAt)
        try insertHeldBack.run()
    }

    /// Writes what is pending and adds the counts to `tally`; nothing stays bound to the cached statements.
    mutating func finish(into tally: inout SQLiteCampaignBatch.Tally) throws {
        try flush()
        insertHeldBack.reset()
        tally.queued += queued
        tally.alreadyPlanned += alreadyPlanned
        for channel in ContactChannel.allCases { tally.byChannel[channel] += byChannel[channel] }
        for index in byVariant.indices { tally.byVariant[index] += byVariant[index] }
    }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        var statement = try BulkStatement(db, pending.count == Self.rowsPerInsert ? Self.fullInsertSQL : Self.insertSQL(rows: pending.count))
        // A token already taken (about one chance in 10^19 per message) fails the whole statement: new tokens, again.
        for attempt in 1...8 {
            statement.bind(campaign)
            statement.bind(Int64(marketing ? 1 : 0))
            statement.bind(link)
            statement.bind(createdAt)
            statement.bind(sendAt)
            for row in pending {
                statement.bind(row.customer)
                statement.bind(row.channel.rawValue)
                statement.bind(row.recipient)
                statement.bind(row.draft.subject)
                statement.bind(row.draft.body(for: row.channel))
                statement.bind(row.draft.variantName)
                statement.bind(row.draft.token)
                statement.bind(dedupPrefix + String(row.customer))
            }
            do {
                try statement.run()
                let count = statement.changes
                // Rows whose dedup key was taken (a concurrent run of the campaign) were skipped: their fresh tokens
                // tell which were written.
                let written = count == pending.count ? [] : try writtenCustomers()
                for row in pending where count == pending.count || written.contains(row.customer) {
                    queued += 1
                    byChannel[row.channel] += 1
                    byVariant[row.draft.variant] += 1
                }
                alreadyPlanned += pending.count - count
                pending.removeAll(keepingCapacity: true)
                return
            } catch let error as DatabaseError
                where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && (error.message ?? "").contains("messages.token") && attempt < 8 {
                for index in pending.indices { renderer.redraw(&pending[index].draft, tokens: &tokens) }
            }
        }
    }

    private func writtenCustomers() throws -> Set<Int64> {
        let tokens = pending.map(\.draft.token)
        return Set(try Int64.fetchAll(db, sql: "SELECT customer_id FROM messages WHERE token IN (\(databaseQuestionMarks(count: tokens.count)))",
                                      arguments: StatementArguments(tokens)))
    }

    /// `INSERT … VALUES (…), (…) … ON CONFLICT(dedup_key) DO NOTHING` for `rows` rows; the shared values are bound once.
    private static func insertSQL(rows: Int) -> String {
        var values: [String] = []
        for row in 0..<rows {
            let p = (0..<rowParameters).map { "?\(6 + row * rowParameters + $0)" }
            values.append("(\(p[0]), ?1, \(p[1]), \(p[2]), \(p[3]), \(p[4]), \(p[5]), ?2, ?3, \(p[6]), \(p[7]), 'queued', ?5, ?4)")
        }
        return """
            INSERT INTO messages(customer_id, campaign, channel, recipient, subject, body, variant, marketing, link, token,
                dedup_key, status, next_attempt_at, created_at)
            VALUES \(values.joined(separator: ", "))
            ON CONFLICT(dedup_key) DO NOTHING
            """
    }
}
