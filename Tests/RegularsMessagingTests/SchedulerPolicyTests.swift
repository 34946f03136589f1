import Foundation
import Regulars
import RegularsMessaging
import RegularsStore
import RegularsTestSupport
import Testing

/// The contact policy as the scheduler applies it over a real store: caps hold under concurrent runners, opt-outs
/// stop every path, quiet hours delay rather than drop.
@Suite("Scheduler: caps, opt-out and quiet hours")
struct SchedulerPolicyTests {
    typealias F = AutomationFixtures

    static let people = [F.Person(account: "amy", name: "艾米", phone: "13800000001"),
                         F.Person(account: "bob", name: "阿博", phone: "13800000002"),
                         F.Person(account: "cat", name: "小猫", phone: "13800000003")]

    /// The three people, each with a first order paid at `paid`; returns their ids.
    private func shop(_ store: SQLiteStore, paid: Instant) async throws -> [String: Int64] {
        let ids = try await F.people(Self.people, into: store)
        try await F.orders(Self.people.map { F.Order(id: "O-\($0.account)", account: $0.account, paidAt: paid) }, into: store)
        return ids
    }

    /// Runs `runners` runners (half on their own connection to the file) ticking `moment` at once.
    private func tickConcurrently(_ runners: Int, _ store: SQLiteStore, _ folder: URL, channels: RecordingChannels,
                                  at moment: Instant) async throws -> TickReport {
        let path = folder.appendingPathComponent("test.sqlite").path
        var all: [AutomationRunner] = []
        for index in 0..<runners {
            all.append(AutomationRunner(store: index % 2 == 0 ? store : try SQLiteStore(path: path), adapters: channels.adapters()))
        }
        return try await withThrowingTaskGroup(of: TickReport.self) { group in
            for runner in all { group.addTask { try await runner.tick(at: moment) } }
            return try await group.reduce(into: TickReport()) { $0 += $1 }
        }
    }

    @Test("twelve journeys for the same customers run by four runners at once: the SMS cap 2/7d holds exactly")
    func channelCapUnderConcurrency() async throws {
        try await withTestStore { store, folder in
            _ = try await F.settings(["cap_sms": "2/7d", "cap_all": "10/7d"], into: store)
            let ids = try await shop(store, paid: F.local(2026, 3, 2, 10))
            for index in 1...12 { try await F.save(F.oneSMS(String(format: "j%02d", index)), into: store) }
            let channels = RecordingChannels()
            let report = try await tickConcurrently(4, store, folder, channels: channels, at: F.local(2026, 3, 2, 12))
            #expect(report.entered == 36)
            #expect(report.steps.stepsRun == 36)
            #expect(report.steps.messagesQueued == 6)
            #expect(report.steps.heldBack == [.channelCap: 30])
            for (account, id) in ids {
                #expect(try await F.messages(of: id, store).count == 2, "\(account) gets exactly two SMS")
            }
            #expect(channels.delivered.count == 6)
            #expect(try await store.heldBackCounts(journey: nil) == [.channelCap: 30])

            // A week after the first two, the window has room again: a new journey's SMS goes out.
            var later = F.journey("later", trigger: .orderPaid, [("hello", F.send("再会"))])
            later.reentry = .always
            try await F.save(later, into: store, at: F.local(2026, 3, 9, 11))
            try await F.orders([F.Order(id: "O-amy-2", account: "amy", paidAt: F.local(2026, 3, 9, 11, 59))], into: store)
            let inside = try await AutomationRunner(store: store, adapters: channels.adapters()).tick(at: F.local(2026, 3, 9, 11, 59, 59))
            #expect(inside.steps.heldBack == [.channelCap: 1], "12:00 on 2 March is still inside the 7-day window at 11:59:59")
            try await F.orders([F.Order(id: "O-amy-3", account: "amy", paidAt: F.local(2026, 3, 9, 12))], into: store)
            let outside = try await AutomationRunner(store: store, adapters: channels.adapters()).tick(at: F.local(2026, 3, 9, 12))
            #expect(outside.steps.messagesQueued == 1, "exactly 7 days later the first two no longer count")
        }
    }

    @Test("a step tries its channels in order: over the SMS cap it goes out on WeChat Work, one touch per step")
    func capFallsToTheNextChannel() async throws {
        try await withTestStore { store, folder in
            _ = try await F.settings(["cap_sms": "2/7d", "cap_wechat_work": "1/7d", "cap_all": "10/7d"], into: store)
            let ids = try await shop(store, paid: F.local(2026, 3, 2, 10))
            for index in 1...4 {
                try await F.save(F.journey("j\(index)", [("hello", F.send("您好", channels: [.sms, .wechatWork]))]), into: store)
            }
            let channels = RecordingChannels()
            _ = try await tickConcurrently(2, store, folder, channels: channels, at: F.local(2026, 3, 2, 12))
            for id in ids.values {
                let sent = try await F.messages(of: id, store)
                #expect(sent.map(\.channel).sorted { $0.rawValue < $1.rawValue } == [.sms, .sms, .wechatWork])
                #expect(Set(sent.map(\.journeyID)).count == 3, "never two touches for one step")
            }
            #expect(try await store.heldBackCounts(journey: nil) == [.channelCap: 3])
        }
    }

    @Test("opted-out customers get nothing from journeys run concurrently, and the preview says held back")
    func optedOutGetNoJourneyMessages() async throws {
        try await withTestStore { store, folder in
            let ids = try await shop(store, paid: F.local(2026, 3, 2, 10))
            let (amy, bob, cat) = (ids["amy"]!, ids["bob"]!, ids["cat"]!)
            try await store.setContactPreference(customer: amy, channel: nil, .optedOut, source: "客服登记", at: F.local(2026, 3, 1, 9))
            #expect(try await store.optOut(phone: "13800000002", channel: nil, source: "回复R", at: F.local(2026, 3, 1, 9)) == [bob])
            try await F.save(F.oneSMS("sms-1"), into: store)
            try await F.save(F.oneSMS("sms-2"), into: store)
            try await F.save(F.journey("any", [("hello", F.send("您好", channels: [.wechatWork, .sms, .push, .email]))]), into: store)
            let channels = RecordingChannels()
            _ = try await tickConcurrently(4, store, folder, channels: channels, at: F.local(2026, 3, 2, 12))

            #expect(try await F.messages(of: amy, store).isEmpty)
            #expect(!channels.delivered.contains { $0.recipient == "13800000001" })
            // An R reply stops SMS: bob gets no SMS, only the WeChat Work touch of the journey that prefers it.
            #expect(try await F.messages(of: bob, store).map(\.channel) == [.wechatWork])
            #expect(try await F.messages(of: cat, store).count == 3)
            #expect(try await store.heldBackCounts(journey: nil) == [.optedOut: 5])

            let settings = try await store.loadSettings()
            let spec = SendSpec(channels: [.sms], variants: [MessageVariant(body: "{{name}}您好")])
            let now = F.local(2026, 3, 3, 12)
            let amyPreview = try await MessagePreview.render(spec, customer: amy, store: store, settings: settings, now: now)
            #expect(amyPreview.decision == "held back: opted_out")
            #expect(amyPreview.channel == nil && amyPreview.recipient == nil)
            let bobPreview = try await MessagePreview.render(spec, customer: bob, store: store, settings: settings, now: now)
            #expect(bobPreview.decision == "held back: opted_out")
            #expect(bobPreview.channel == .sms)
            let catPreview = try await MessagePreview.render(spec, customer: cat, store: store, settings: settings, now: now)
            #expect(catPreview.decision == "held back: channel_cap", "cat has had two SMS this week")
            let tested = try await JourneyTester.run(F.oneSMS("sms-3"), customer: amy, store: store, settings: settings, now: now)
            #expect(tested.steps.first?.outcome == "held back: opted_out")
        }
    }

    @Test("an opt-out stops messages already queued: they die, and claiming never returns them")
    func optOutStopsQueuedMessages() async throws {
        try await withTestStore { store, _ in
            // Paid at 22:30: the messages wait in the outbox for the end of quiet hours.
            let ids = try await shop(store, paid: F.local(2026, 3, 2, 22, 30))
            try await F.save(F.oneSMS("night"), into: store)
            let channels = RecordingChannels()
            let runner = AutomationRunner(store: store, adapters: channels.adapters())
            let queued = try await runner.tick(at: F.local(2026, 3, 2, 22, 30))
            #expect(queued.steps.messagesQueued == 3 && queued.delivery.sent == 0)

            try await store.setContactPreference(customer: ids["amy"]!, channel: nil, .optedOut, source: "客服登记",
                                                 at: F.local(2026, 3, 2, 23))
            _ = try await store.optOut(phone: "+86 138 0000 0002", channel: nil, source: "回复R", at: F.local(2026, 3, 2, 23))
            for account in ["amy", "bob"] {
                let message = try #require(try await F.messages(of: ids[account]!, store).first)
                #expect(message.status == .dead, "\(account)")
                #expect(message.lastError == "opted out before delivery")
            }

            let nine = F.local(2026, 3, 3, 9)
            let claimed = try await store.claimDueMessages(at: nine, limit: 100, leaseSeconds: 300)
            #expect(claimed.map(\.customerID) == [ids["cat"]!])

            // cat's claimed message is stranded (its worker died); cat opts out of SMS before the lease passes.
            try await store.setContactPreference(customer: ids["cat"]!, channel: .sms, .optedOut, source: "回复TD",
                                                 at: nine + 60)
            #expect(try await store.claimDueMessages(at: nine + 600, limit: 100, leaseSeconds: 300).isEmpty)
            let stranded = try #require(try await store.message(id: claimed[0].id))
            #expect(stranded.status == .dead)
            let later = try await runner.tick(at: F.local(2026, 3, 4, 12))
            #expect(later.delivery == DeliveryReport())
            #expect(channels.delivered.isEmpty)
        }
    }

    /// BUG (reported): merges move identities, orders and events to the survivor but not contact preferences, so
    /// the opt-out of a customer absorbed by a merge is no longer seen by the contact policy.
    @Test("an opt-out survives a merge: the absorbed customer's opt-out holds for the merged customer")
    func optOutSurvivesMerge() async throws {
        try await withTestStore { store, _ in
            // x (jd) has the phone; bob (tmall) does not yet: two customers, x the older.
            _ = try await importCSV("""
                customer_id,channel,name,phone
                x,jd,阿博,13800000002
                bob,tmall,阿博,
                """, kind: .customers, into: store)
            let bob = try #require(try await store.customerProfile(.account("bob"), recentLimit: 0)).id
            try await store.setContactPreference(customer: bob, channel: nil, .optedOut, source: "客服登记", at: F.local(2026, 3, 1, 9))
            // bob's tmall account now shows the same phone: the two are merged (the older id survives).
            _ = try await importCSV("customer_id,channel,name,phone\nbob,tmall,阿博,13800000002", kind: .customers, into: store)
            let merged = try #require(try await store.customerProfile(.account("bob"), recentLimit: 0)).id
            try #require(merged != bob, "the merge kept the older customer")
            try await F.orders([F.Order(id: "B1", account: "bob", paidAt: F.local(2026, 3, 2, 10))], into: store)
            try await F.save(F.oneSMS("hello"), into: store)
            let channels = RecordingChannels()
            let report = try await AutomationRunner(store: store, adapters: channels.adapters()).tick(at: F.local(2026, 3, 2, 12))
            #expect(report.entered == 1)
            #expect(channels.delivered.isEmpty, "bob opted out of everything")
            #expect(report.steps.heldBack == [.optedOut: 1])
            #expect(try await store.contactPreferences(customer: merged).map(\.preference) == [.optedOut])
        }
    }

    @Test("a step due at 22:30 queues its message for 09:00; delivery does not claim it before", arguments: [
        (F.local(2026, 3, 2, 22, 30), F.local(2026, 3, 3, 9)),
        (F.local(2026, 3, 3, 0, 10), F.local(2026, 3, 3, 9)),
        (F.local(2026, 3, 2, 21), F.local(2026, 3, 3, 9)),
        (F.local(2026, 3, 2, 20, 59, 59), F.local(2026, 3, 2, 20, 59, 59)),
        (F.local(2026, 3, 2, 9), F.local(2026, 3, 2, 9)),
    ])
    func quietHoursDelay(due: Instant, release: Instant) async throws {
        try await withTestStore { store, _ in
            let ids = try await F.people([Self.people[0]], into: store)
            try await F.orders([F.Order(id: "A1", account: "amy", paidAt: due)], into: store)
            try await F.save(F.oneSMS("night"), into: store)
            let channels = RecordingChannels()
            let runner = AutomationRunner(store: store, adapters: channels.adapters())
            let ran = try await runner.tick(at: due)
            #expect(ran.steps.messagesQueued == 1)
            let message = try #require(try await F.messages(of: ids["amy"]!, store).first)
            #expect(message.createdAt == due, "the step ran on time")
            #expect(message.nextAttemptAt == (release == due ? nil : release))
            if release > due {
                #expect(message.status == .queued)
                let early = try await runner.tick(at: release - 1)
                #expect(early.delivery.sent == 0)
                #expect(try await store.claimDueMessages(at: release - 1, limit: 10, leaseSeconds: 300).isEmpty)
                #expect(channels.delivered.isEmpty)
                let onTime = try await runner.tick(at: release)
                #expect(onTime.delivery.sent == 1)
            }
            let sent = try #require(try await store.message(id: message.id))
            #expect(sent.status == .sent)
            #expect(sent.sentAt == release)
            #expect(channels.delivered.count == 1)
        }
    }

    @Test("quiet hours follow the setting: 22:00-08:00 releases at 08:00")
    func quietHoursSetting() async throws {
        try await withTestStore { store, _ in
            _ = try await F.settings(["quiet_hours": "22:00-08:00"], into: store)
            let ids = try await F.people([Self.people[0]], into: store)
            try await F.orders([F.Order(id: "A1", account: "amy", paidAt: F.local(2026, 3, 2, 21, 30))], into: store)
            try await F.save(F.journey("late", [("pause", .wait(WaitSpec(seconds: 3600))), ("hello", F.send("晚安"))]), into: store)
            let runner = AutomationRunner(store: store, adapters: RecordingChannels().adapters())
            _ = try await runner.tick(at: F.local(2026, 3, 2, 21, 30))
            #expect(try await F.messages(of: ids["amy"]!, store).isEmpty, "the hour's wait is not over")
            _ = try await runner.tick(at: F.local(2026, 3, 2, 22, 30))
            let message = try #require(try await F.messages(of: ids["amy"]!, store).first)
            #expect(message.nextAttemptAt == F.local(2026, 3, 3, 8))
        }
    }
}
