import Foundation
import Regulars
import RegularsMessaging
import RegularsStore
import RegularsTestSupport
import Testing

/// What happens to a message after it leaves: receipts, clicks and opens, then the orders credited to it and the
/// journey's lift against its holdout.
@Suite("Outbox: receipts, clicks, opens and attribution")
struct OutboxTrackingTests {
    typealias F = AutomationFixtures

    static let sentAt = F.local(2026, 3, 2, 12)
    static let hello = F.journey("hello", [("hello", F.send("{{name}}您好 {{short_link}}", link: "https://shop.example/new"))])

    /// amy, bob, cat and dan each get the hello SMS at noon on 2 March; returns their messages by account.
    private func sentMessages(_ store: SQLiteStore) async throws -> [String: OutboxMessage] {
        let accounts = ["amy", "bob", "cat", "dan"]
        let people = accounts.enumerated().map { F.Person(account: $0.element, name: $0.element, phone: "1380000000\($0.offset + 1)") }
        let ids = try await F.people(people, into: store)
        try await F.orders(accounts.map { F.Order(id: "\($0)-1", account: $0, paidAt: F.local(2026, 3, 2, 10)) }, into: store)
        try await F.save(Self.hello, into: store)
        let report = try await AutomationRunner(store: store, adapters: RecordingChannels().adapters()).tick(at: Self.sentAt)
        #expect(report.delivery.sent == 4)
        var messages: [String: OutboxMessage] = [:]
        for account in accounts {
            let found = try await F.messages(of: ids[account]!, store)
            let message = try #require(found.first)
            messages[account] = message
        }
        return messages
    }

    @Test("receipts by our id and by the provider's id; a late failure never undoes delivered; unknown ids are refused")
    func receipts() async throws {
        try await withTestStore { store, _ in
            let sent = try await sentMessages(store)
            let amy = sent["amy"]!, bob = sent["bob"]!
            #expect(amy.providerID == "rec-\(amy.id)")

            #expect(try await store.recordReceipt(messageID: amy.id, providerID: nil, delivered: true, detail: nil, at: Self.sentAt + 60))
            var message = try #require(try await store.message(id: amy.id))
            #expect(message.status == .delivered && message.deliveredAt == Self.sentAt + 60)

            #expect(try await store.recordReceipt(messageID: nil, providerID: "rec-\(bob.id)", delivered: false, detail: "空号",
                                                  at: Self.sentAt + 90))
            message = try #require(try await store.message(id: bob.id))
            #expect(message.status == .failed && message.lastError == "空号" && message.deliveredAt == nil)

            // A late "failed" for amy: known, but she stays delivered.
            #expect(try await store.recordReceipt(messageID: amy.id, providerID: nil, delivered: false, detail: "超时", at: Self.sentAt + 120))
            message = try #require(try await store.message(id: amy.id))
            #expect(message.status == .delivered && message.lastError == nil && message.deliveredAt == Self.sentAt + 60)
            // A "delivered" after a "failed" (a retry by the operator's carrier) does move bob on.
            #expect(try await store.recordReceipt(messageID: nil, providerID: "rec-\(bob.id)", delivered: true, detail: nil,
                                                  at: Self.sentAt + 300))
            #expect(try await store.message(id: bob.id)?.status == .delivered)

            #expect(try await store.recordReceipt(messageID: 999_999, providerID: nil, delivered: true, detail: nil, at: Self.sentAt) == false)
            #expect(try await store.recordReceipt(messageID: nil, providerID: "nobody", delivered: true, detail: nil, at: Self.sentAt) == false)
            #expect(try await store.recordReceipt(messageID: nil, providerID: nil, delivered: true, detail: nil, at: Self.sentAt) == false)
        }
    }

    @Test("a click returns the message and its link and counts once; an open counts once; unknown tokens are refused")
    func clicksAndOpens() async throws {
        try await withTestStore { store, _ in
            let amy = try await sentMessages(store)["amy"]!
            #expect(amy.body == "amy您好 http://127.0.0.1:8080/c/\(amy.token) 拒收请回复R", "the default link base")
            #expect(amy.token.count == 12)

            let clicked = try #require(try await store.recordClick(token: amy.token, at: Self.sentAt + 600))
            #expect(clicked.id == amy.id)
            #expect(clicked.link == "https://shop.example/new")
            #expect(clicked.clickedAt == Self.sentAt + 600)
            let again = try #require(try await store.recordClick(token: amy.token, at: Self.sentAt + 900))
            #expect(again.clickedAt == Self.sentAt + 600, "the first click counts")
            #expect(try await store.recordClick(token: "nosuchtoken1", at: Self.sentAt) == nil)

            #expect(try await store.recordOpen(token: amy.token, at: Self.sentAt + 700))
            #expect(try await store.recordOpen(token: amy.token, at: Self.sentAt + 800))
            #expect(try await store.message(id: amy.id)?.openedAt == Self.sentAt + 700)
            #expect(try await store.recordOpen(token: "nosuchtoken1", at: Self.sentAt) == false)
        }
    }

    @Test("orders within 7 days of the message are credited to it, later ones are not; the report counts the funnel")
    func attribution() async throws {
        try await withTestStore { store, _ in
            let sent = try await sentMessages(store)
            _ = try await store.recordReceipt(messageID: sent["amy"]!.id, providerID: nil, delivered: true, detail: nil, at: Self.sentAt + 60)
            _ = try await store.recordClick(token: sent["amy"]!.token, at: Self.sentAt + 600)
            _ = try await store.recordOpen(token: sent["bob"]!.token, at: Self.sentAt + 600)
            try await F.orders([
                F.Order(id: "amy-2", account: "amy", paidAt: Self.sentAt + 2 * F.day, yuan: "88.00"),       // 2 days: credited
                F.Order(id: "bob-2", account: "bob", paidAt: Self.sentAt + 9 * F.day, yuan: "50.00"),       // 9 days: not
                F.Order(id: "cat-2", account: "cat", paidAt: Self.sentAt + 7 * F.day - 1, yuan: "30.50"),   // last second: credited
                F.Order(id: "dan-2", account: "dan", paidAt: Self.sentAt + 7 * F.day, yuan: "70.00"),       // exactly 7 days: not
            ], into: store)
            let report = try await JourneyReport.build(Self.hello, store: store, since: F.created)
            #expect(report.entered == 4)
            #expect(report.active == 0)
            let step = try #require(report.steps.first)
            #expect(report.steps.count == 1)
            #expect(step.step == "hello" && step.variant == "A")
            #expect(step.sent == 4)
            #expect(step.delivered == 1)
            #expect(step.opened == 1)
            #expect(step.clicked == 1)
            #expect(step.converted == 2)
            #expect(step.revenue == Money(fen: 8_800 + 3_050))
        }
    }

    @Test("holdout entrants are never messaged and are the baseline of the lift")
    func holdoutLift() async throws {
        try await withTestStore { store, _ in
            let recall = F.journey("recall", trigger: .silent(days: 5), holdout: 50, [("recall", F.send("{{name}}，好久不见"))])
            let ids = try await F.crowd(24, into: store)
            try await F.orders((1...24).map { F.Order(id: "O\($0)", account: "c\($0)", paidAt: F.local(2026, 3, 2, 10)) }, into: store)
            try await F.save(recall, into: store)
            let entered = F.local(2026, 3, 7, 10)
            let tick = try await AutomationRunner(store: store, adapters: RecordingChannels().adapters()).tick(at: entered + 7200)
            #expect(tick.entered == 24)

            let held = Set(ids.filter { recall.isHoldout($0) })
            try #require(!held.isEmpty && held.count < 24, "holdout 50% of 24 puts some on each side")
            #expect(tick.steps.messagesQueued == 24 - held.count)
            #expect(tick.steps.heldBack == [.holdout: held.count])
            for id in held { #expect(try await F.messages(of: id, store).isEmpty) }
            let enrolled = try await store.enrolments(journey: "recall", customer: nil, limit: 100)
            #expect(Set(enrolled.filter(\.holdout).map(\.customerID)) == held)

            // The even-numbered buy ¥100 two days after entering; the odd do not.
            let buyers = Set((1...24).filter { $0 % 2 == 0 }.map { ids[$0 - 1] })
            try await F.orders((1...24).filter { $0 % 2 == 0 }.map {
                F.Order(id: "R\($0)", account: "c\($0)", paidAt: entered + 2 * F.day, yuan: "100.00")
            }, into: store)
            let lift = try await JourneyReport.build(recall, store: store, since: F.created).lift
            let treatedBuyers = buyers.subtracting(held).count, heldBuyers = buyers.intersection(held).count
            #expect(lift.treated == 24 - held.count)
            #expect(lift.holdout == held.count)
            #expect(lift.treatedConverted == treatedBuyers)
            #expect(lift.holdoutConverted == heldBuyers)
            #expect(lift.treatedRevenue == Money(fen: Int64(treatedBuyers) * 10_000))
            #expect(lift.holdoutRevenue == Money(fen: Int64(heldBuyers) * 10_000))
            let expectedPoints = (Double(treatedBuyers) / Double(24 - held.count) - Double(heldBuyers) / Double(held.count)) * 100
            #expect(abs((lift.conversionLiftPoints ?? .nan) - expectedPoints) < 1e-9)
            let report = try await JourneyReport.build(recall, store: store, since: F.created)
            #expect(report.heldBack == ["holdout": held.count])
        }
    }

    /// For an order-triggered journey the entrant enters at the moment of the order that triggered it; counting that
    /// order would convert every entrant and leave no lift to measure.
    @Test("the order that triggered entry is not a conversion")
    func triggeringOrderIsNotAConversion() async throws {
        try await withTestStore { store, _ in
            _ = try await sentMessages(store)
            let lift = try await JourneyReport.build(Self.hello, store: store, since: F.created).lift
            #expect(lift.treated == 4)
            #expect(lift.treatedConverted == 0, "nobody bought again after entering")
            #expect(lift.treatedRevenue == .zero)
        }
    }
}
