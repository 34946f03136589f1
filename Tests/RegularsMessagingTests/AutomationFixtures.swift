import Foundation
import Regulars
import RegularsMessaging
import RegularsStore
import RegularsTestSupport
import Synchronization
import Testing

/// Shop-time moments, customers, orders, journeys and a recording channel for the scheduler and outbox tests.
enum AutomationFixtures {
    static let calendar = ShopCalendar.shanghai

    /// A Shanghai wall-clock moment.
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Instant {
        calendar.instant(CivilDate(year: year, month: month, day: day), ClockTime(hour: hour, minute: minute, second: second))
    }

    /// When the tests' journeys are created: 2026-03-01 00:00 in Shanghai, before any order.
    static let created = local(2026, 3, 1)
    static let day: Int64 = 86_400

    /// A customer as the customers file gives them.
    struct Person {
        var account: String
        var name: String
        var phone: String
        var tags = ""
    }

    /// Imports the people (on tmall) and returns their store ids by account.
    @discardableResult
    static func people(_ people: [Person], into store: SQLiteStore) async throws -> [String: Int64] {
        let rows = people.map { "\($0.account),tmall,\($0.name),\($0.phone),\($0.tags)" }
        _ = try await importCSV("customer_id,channel,name,phone,tags\n" + rows.joined(separator: "\n"), kind: .customers, into: store)
        var ids: [String: Int64] = [:]
        for person in people {
            ids[person.account] = try #require(try await store.customerProfile(.account(person.account), recentLimit: 0)).id
        }
        return ids
    }

    /// `count` people `c1`, `c2` … with phones 1390000xxxx; their ids in that order.
    static func crowd(_ count: Int, into store: SQLiteStore) async throws -> [Int64] {
        let people = (1...count).map { Person(account: "c\($0)", name: "顾客\($0)", phone: "1390000\(String(format: "%04d", $0))") }
        let ids = try await Self.people(people, into: store)
        return people.map { ids[$0.account]! }
    }

    /// The id of crowd member `c<number>`.
    static func crowdID(_ number: Int, _ store: SQLiteStore) async throws -> Int64 {
        try #require(try await store.customerProfile(.account("c\(number)"), recentLimit: 0)).id
    }

    /// One paid tmall order.
    struct Order {
        var id: String
        var account: String
        var paidAt: Instant
        var yuan = "199.00"
        var sku = "S1"
        var product = "玫瑰面霜"
    }

    static func orders(_ orders: [Order], into store: SQLiteStore) async throws {
        let rows = orders.map { order in
            "\(order.id),tmall,\(order.account),\(calendar.format(order.paidAt)),\(order.yuan),\(order.sku),\(order.product)"
        }
        let report = try await importCSV("order_id,channel,customer_id,paid_at,amount,sku,product_name\n" + rows.joined(separator: "\n"),
                                         kind: .orders, into: store)
        #expect(report.rejections.isEmpty, "fixture orders are all valid: \(report.rejections)")
    }

    // MARK: Journeys

    static func journey(_ id: String, trigger: Trigger = .firstOrder, goal: JourneyGoal? = nil, holdout: Int = 0,
                        attributionDays: Int = 7, _ steps: [(String, JourneyAction)]) -> JourneyDefinition {
        JourneyDefinition(id: id, name: "测试 \(id)", trigger: trigger, steps: steps.map { JourneyStep(id: $0.0, action: $0.1) },
                          goal: goal, reentry: .never, holdoutPercent: holdout, attributionDays: attributionDays)
    }

    static func send(_ body: String, channels: [ContactChannel] = [.sms], marketing: Bool = true, link: String? = nil) -> JourneyAction {
        .send(SendSpec(channels: channels, marketing: marketing, variants: [MessageVariant(body: body)], link: link))
    }

    static func wait(days: Int64) -> JourneyAction { .wait(WaitSpec(seconds: days * day)) }

    /// A journey of one SMS on the first order.
    static func oneSMS(_ id: String, body: String = "{{name}}您好", holdout: Int = 0) -> JourneyDefinition {
        journey(id, holdout: holdout, [("hello", send(body))])
    }

    @discardableResult
    static func save(_ journey: JourneyDefinition, into store: SQLiteStore, at moment: Instant = created) async throws -> StoredJourney {
        try await store.saveJourney(journey, source: "# \(journey.id)", at: moment)
    }

    /// Saves the shop's settings with these changes (keys as `regulars settings` spells them).
    static func settings(_ changes: [String: String], into store: SQLiteStore) async throws -> ShopSettings {
        var settings = try await store.loadSettings()
        for (key, value) in changes { try settings.set(key, to: value) }
        try await store.saveSettings(settings)
        return settings
    }

    static let couponTemplate = CouponTemplate(
        offer: Offer(id: "second-order-10", name: "复购券", benefit: .cash(off: Money(fen: 1_000))),
        validity: .daysFromIssue(14), perCustomerLimit: 1)

    // MARK: Reading the store

    static func count(_ sql: String, _ store: SQLiteStore) throws -> Int {
        Int(try store.scalar(sql) ?? -1)
    }

    static func text(_ sql: String, _ store: SQLiteStore) throws -> String? {
        try store.text(sql)
    }

    /// Pairs (enrolment, step) that have more than one message.
    static func duplicateMessages(_ store: SQLiteStore) throws -> Int {
        try count("SELECT COUNT(*) FROM (SELECT 1 FROM messages GROUP BY enrolment_id, step_id HAVING COUNT(*) > 1)", store)
    }

    static func enrolment(_ journey: String, _ customer: Int64, _ store: SQLiteStore) async throws -> Enrolment {
        try #require(try await store.enrolments(journey: journey, customer: customer, limit: 10).first)
    }

    static func messages(of customer: Int64, _ store: SQLiteStore) async throws -> [OutboxMessage] {
        try await store.messages(MessageFilter(customerID: customer), limit: 1_000).sorted { $0.id < $1.id }
    }
}

/// Channel adapters that record what they are handed (or fail on demand), shared across channels.
final class RecordingChannels: Sendable {
    private let log = Mutex<[OutgoingMessage]>([])
    private let failure = Mutex<DeliveryError?>(nil)
    private let attempts = Mutex(0)

    init(failing failure: DeliveryError? = nil) {
        self.failure.withLock { $0 = failure }
    }

    /// What was delivered, in order.
    var delivered: [OutgoingMessage] { log.withLock { $0 } }
    /// Every call to an adapter, failed or not.
    var attemptCount: Int { attempts.withLock { $0 } }

    func fail(with failure: DeliveryError?) { self.failure.withLock { $0 = failure } }

    func adapters(_ channels: [ContactChannel] = ContactChannel.allCases) -> [ContactChannel: any ChannelAdapter] {
        Dictionary(uniqueKeysWithValues: channels.map { ($0, Adapter(channel: $0, owner: self) as any ChannelAdapter) })
    }

    fileprivate func take(_ message: OutgoingMessage) throws(DeliveryError) -> DeliveryReceipt {
        attempts.withLock { $0 += 1 }
        if let failure = failure.withLock({ $0 }) { throw failure }
        log.withLock { $0.append(message) }
        return DeliveryReceipt(providerID: "rec-\(message.id)")
    }

    private struct Adapter: ChannelAdapter {
        let channel: ContactChannel
        let owner: RecordingChannels

        func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
            try owner.take(message)
        }
    }
}
