import Foundation
import GRDB
import Regulars
import RegularsTestSupport
import Testing
@testable import RegularsStore

@Suite("Campaigns planned through the contact policy into the outbox")
struct CampaignTests {
    /// 2024-11-20 12:00 in Shanghai: outside quiet hours.
    let now = fixedNow
    let settings = AutomationSettings()
    let sms = SendSpec(channels: [.sms], variants: [MessageVariant(body: "{{name}}您好，双11券码{{coupon_code}}，戳 {{short_link}}")])

    /// Imports customers `u1`… with the given names and phones ("" for none) and returns their ids by account.
    private func shop(_ people: [(name: String, phone: String)], _ store: SQLiteStore) async throws -> [Int64] {
        let rows = people.enumerated().map { "u\($0.offset + 1),miniapp,\($0.element.name),\($0.element.phone)" }
        _ = try await importCSV("customer_id,channel,name,phone\n" + rows.joined(separator: "\n"), kind: .customers, into: store)
        return try await store.pool.read { db in
            try (1...people.count).map { index in
                try #require(try Int64.fetchOne(db, sql: "SELECT customer_id FROM identities WHERE kind = 'account' AND value = ?",
                                                arguments: ["u\(index)"]))
            }
        }
    }

    private func plan(_ id: String, _ spec: SendSpec? = nil, coupon: String? = "D11") -> CampaignPlan {
        CampaignPlan(id: id, name: "活动 \(id)", spec: spec ?? sms, couponCode: coupon)
    }

    private func messages(_ store: SQLiteStore, campaign: String) async throws -> [Int64: OutboxMessage] {
        let list = try await store.messages(MessageFilter(campaign: campaign), limit: 100_000)
        return Dictionary(list.map { ($0.customerID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func run(_ store: SQLiteStore, _ plan: CampaignPlan, _ ids: [Int64], settings: AutomationSettings? = nil,
                     at moment: Instant? = nil, batchSize: Int = 50_000) async throws -> CampaignReport {
        try await store.planCampaign(plan, customers: ids, settings: settings ?? self.settings, calendar: .shanghai,
                                     channels: Set(ContactChannel.allCases), now: moment ?? now, batchSize: batchSize)
    }

    @Test("each reachable customer gets one rendered SMS with the opt-out words; one without a phone is held back as unreachable")
    func rendersAndQueues() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001"), ("", "13800000002"), ("王五", "")], store)
            let report = try await run(store, plan("d11"), ids)
            #expect(report.customers == 3)
            #expect(report.queued == 2)
            #expect(report.heldBack == [.unreachable: 1])
            #expect(report.byChannel == [.sms: 2])
            #expect(report.byVariant == ["A": 2])
            #expect(report.sendAt == now)
            let sent = try await messages(store, campaign: "d11")
            let first = try #require(sent[ids[0]])
            #expect(first.token.count == 12)
            #expect(first.body == "张三您好，双11券码D11，戳 http://127.0.0.1:8080/c/\(first.token) 拒收请回复R")
            #expect(first.recipient == "13800000001")
            #expect(first.status == .queued)
            #expect(first.nextAttemptAt == now)
            #expect(first.createdAt == now)
            #expect(first.marketing)
            #expect(first.journeyID == nil)
            // No name: the fallback 亲; a fresh token per message.
            let second = try #require(sent[ids[1]])
            #expect(second.body.hasPrefix("亲您好，双11券码D11，戳 http://127.0.0.1:8080/c/"))
            #expect(second.token != first.token)
            #expect(sent[ids[2]] == nil)
            #expect(try store.text("SELECT dedup_key FROM messages WHERE customer_id = \(ids[0])") == "cd11:\(ids[0])")
            #expect(try store.text("SELECT reason || '/' || channel || '/' || campaign FROM held_back WHERE customer_id = \(ids[2])")
                    == "unreachable/sms/d11")
        }
    }

    @Test("what a campaign renders for a customer is what the journey step reads of them: last product, tier, name")
    func variablesMatchTheStepRunner() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001"), ("李四", "13800000002")], store)
            _ = try await importCSV("""
                order_id,channel,customer_id,phone,paid_at,status,amount,refund_amount,sku,product_name,category,quantity,line_amount
                A,miniapp,u1,,2024-10-05 10:00:00,paid,300.00,,S1,玫瑰面霜,面霜,1,300.00
                B,miniapp,u1,,2024-11-05 10:00:00,paid,100.00,,S2,丝绒口红,口红,1,100.00
                """, kind: .orders, into: store)
            try await store.pool.write { db in
                try db.execute(sql: """
                    INSERT INTO customer_segments(customer_id, first_purchase_day, last_purchase_day, orders, spend, frequency,
                        monetary, pyramid, lifecycle, sleep_warning) VALUES (?, 20000, 20040, 2, 40000, 2, 40000, 'potential', 'active', 0)
                    """, arguments: [ids[0]])
            }
            let spec = SendSpec(channels: [.sms], marketing: false,
                                variants: [MessageVariant(body: "{{name}}·{{last_product}}·{{tier}}·{{shop}}")])
            let report = try await run(store, plan("vars", spec), ids)
            #expect(report.queued == 2)
            let sent = try await messages(store, campaign: "vars")
            // A service message: no opt-out words.
            #expect(sent[ids[0]]?.body == "张三·丝绒口红·潜力·本店")
            #expect(sent[ids[1]]?.body == "李四·宝贝··本店")
            for id in ids {
                let snapshot = try #require(try await store.contactSnapshot(customer: id, channels: [.sms], policy: settings.policy, at: now))
                var variables = snapshot.variables
                variables.shop = settings.shopName
                #expect(try MessageTemplate(spec.variants[0]).render(variables).body == sent[id]?.body)
            }
        }
    }

    @Test("opted out of SMS or of everything: held back, marketing or service, and nothing is queued for them")
    func optedOutHeldBack() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001"), ("李四", "13800000002"), ("王五", "13800000003")], store)
            try await store.setContactPreference(customer: ids[0], channel: .sms, .optedOut, source: "test", at: now)
            try await store.setContactPreference(customer: ids[1], channel: nil, .optedOut, source: "test", at: now)
            let marketing = try await run(store, plan("m"), ids)
            #expect(marketing.queued == 1)
            #expect(marketing.heldBack == [.optedOut: 2])
            let service = SendSpec(channels: [.sms, .wechatWork], marketing: false, variants: [MessageVariant(body: "您的包裹已发出")])
            let shipping = try await run(store, plan("s", service), ids)
            // Opted out of SMS only: WeChat Work (the same phone) is still allowed.
            #expect(shipping.queued == 2)
            #expect(shipping.byChannel == [.sms: 1, .wechatWork: 1])
            #expect(shipping.heldBack == [.optedOut: 1])
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE customer_id = \(ids[1])") == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE customer_id = \(ids[0]) AND channel = 'sms'") == 0)
        }
    }

    @Test("caps count earlier messages inside their window: the third SMS in 7 days is held back, a service one is not")
    func capsHold() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001"), ("李四", "13800000002")], store)
            let day: Int64 = 86_400
            // Two SMS for the first customer within the week; the second customer's are 7 days old or more.
            _ = try await run(store, plan("a"), [ids[0]], at: now - 2 * day)
            _ = try await run(store, plan("b"), [ids[0]], at: now - 6 * day)
            _ = try await run(store, plan("c"), [ids[1]], at: now - 7 * day)
            _ = try await run(store, plan("d"), [ids[1]], at: now - 8 * day)
            let third = try await run(store, plan("e"), ids)
            #expect(third.queued == 1)
            #expect(third.heldBack == [.channelCap: 1])
            #expect(try await messages(store, campaign: "e").keys.sorted() == [ids[1]])
            // SMS or WeChat Work: the first allowed channel is used (one touch across channels).
            let either = try await run(store, plan("f", SendSpec(channels: [.sms, .wechatWork], variants: sms.variants)), [ids[0]])
            #expect(either.byChannel == [.wechatWork: 1])
            // The opt-out words are for SMS only.
            #expect(try await messages(store, campaign: "f")[ids[0]]?.body.hasSuffix("拒收请回复R") == false)
            let service = try await run(store, plan("g", SendSpec(channels: [.sms], marketing: false, variants: sms.variants)), [ids[0]])
            #expect(service.queued == 1)
            // The global cap: 4 in 7 days over every channel; the first customer now has 4.
            var loose = settings
            loose.policy.channelCaps = [:]
            let global = try await run(store, plan("h"), [ids[0]], settings: loose)
            #expect(global.heldBack == [.globalCap: 1])
            #expect(try store.text("SELECT channel FROM held_back WHERE campaign = 'h'") == "sms")
        }
    }

    @Test("planned in quiet hours: written now, due at 09:00 the next morning")
    func quietHoursDefer() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001")], store)
            let late = now + 10 * 3600 + 1800
            let report = try await run(store, plan("night"), ids, at: late)
            let morning = now + 21 * 3600
            #expect(report.sendAt == morning)
            let message = try #require(try await messages(store, campaign: "night")[ids[0]])
            #expect(message.nextAttemptAt == morning)
            #expect(message.createdAt == late)
            #expect(try await store.claimDueMessages(at: late + 3600, limit: 10, leaseSeconds: 600).isEmpty)
            #expect(try await store.claimDueMessages(at: morning, limit: 10, leaseSeconds: 600).map(\.id) == [message.id])
        }
    }

    @Test("planning again writes nothing twice: customers with the message are already planned, the held back are decided again")
    func idempotentRerun() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001"), ("李四", "13800000002"), ("王五", ""), ("赵六", "13800000004")], store)
            try await store.setContactPreference(customer: ids[1], channel: .sms, .optedOut, source: "test", at: now)
            let first = try await run(store, plan("once"), Array(ids.prefix(3)))
            #expect(first.queued == 1)
            #expect(first.heldBack == [.unreachable: 1, .optedOut: 1])
            // The opt-out is withdrawn (consent given again): the re-run sends to 李四; 王五 is still unreachable.
            try await store.setContactPreference(customer: ids[1], channel: .sms, .consented, source: "test", at: now)
            let again = try await run(store, plan("once"), ids, at: now + 3600, batchSize: 2)
            #expect(again.queued == 2)
            #expect(again.alreadyPlanned == 1)
            #expect(again.heldBack == [.unreachable: 1])
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE campaign = 'once'") == 3)
            // Held back again for the same reason: counted, not written twice.
            #expect(try store.scalar("SELECT COUNT(*) FROM held_back WHERE campaign = 'once'") == 2)
            // Days later, past every cap window: still nothing twice.
            let later = try await run(store, plan("once"), ids, at: now + 30 * 86_400)
            #expect(later.queued == 0)
            #expect(later.alreadyPlanned == 3)
            #expect(later.heldBack == [.unreachable: 1])
            #expect(try store.scalar("SELECT COUNT(*) FROM held_back WHERE campaign = 'once'") == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE campaign = 'once'") == 3)
        }
    }

    @Test("two variants split the audience by weight, each customer always on the same one")
    func variantsSplit() async throws {
        try await withTestStore { store, _ in
            let people = (1...200).map { (name: "顾客\($0)", phone: "1380000\(String(format: "%04d", $0))") }
            let ids = try await shop(people, store)
            let variants = [MessageVariant(name: "A", weight: 1, body: "A：{{name}}"), MessageVariant(name: "B", weight: 3, body: "B：{{name}}")]
            let spec = SendSpec(channels: [.sms], variants: variants)
            let report = try await run(store, plan("ab", spec), ids, batchSize: 64)
            #expect(report.queued == 200)
            let a = report.byVariant["A"] ?? 0, b = report.byVariant["B"] ?? 0
            #expect(a + b == 200)
            #expect((25...75).contains(a))
            let sent = try await messages(store, campaign: "ab")
            for (index, id) in ids.enumerated() {
                let expected = variants[VariantChooser.choose(variants, seed: CampaignPlan.variantSeed(campaign: "ab", customer: id))]
                let message = try #require(sent[id])
                #expect(message.variant == expected.name)
                #expect(message.body == "\(expected.name)：顾客\(index + 1) 拒收请回复R")
            }
        }
    }

    @Test("a small audience spread over the store (its ids looked up, not read as a range) still honours opt-outs and caps")
    func sparseAudience() async throws {
        try await withTestStore { store, _ in
            let people = (1...80).map { (name: "顾客\($0)", phone: "1390000\(String(format: "%04d", $0))") }
            let ids = try await shop(people, store)
            let chosen = [ids[0], ids[40], ids[79]]
            try await store.setContactPreference(customer: ids[40], channel: nil, .optedOut, source: "test", at: now)
            _ = try await run(store, plan("p1"), [ids[79]], at: now - 3600)
            _ = try await run(store, plan("p2"), [ids[79]], at: now - 7200)
            let report = try await run(store, plan("sparse"), chosen + [ids[0], 9_999_999])
            #expect(report.customers == 3)
            #expect(report.unknown == 1)
            #expect(report.queued == 1)
            #expect(report.heldBack == [.optedOut: 1, .channelCap: 1])
            #expect(try await messages(store, campaign: "sparse")[ids[0]]?.body.hasPrefix("顾客1您好") == true)
        }
    }

    @Test("two campaigns planned at once for the same customers never pass the cap together")
    func concurrentCapsHold() async throws {
        try await withTestStore { store, _ in
            let people = (1...240).map { (name: "顾客\($0)", phone: "1370000\(String(format: "%04d", $0))") }
            let ids = try await shop(people, store)
            // One SMS each already: the cap of 2 in 7 days leaves room for exactly one more.
            _ = try await run(store, plan("prior"), ids, at: now - 86_400)
            async let x = run(store, plan("x"), ids, batchSize: 8)
            async let y = run(store, plan("y"), ids.reversed(), batchSize: 8)
            let (first, second) = try await (x, y)
            #expect(first.queued + second.queued == 240)
            #expect((first.heldBack[.channelCap] ?? 0) + (second.heldBack[.channelCap] ?? 0) == 240)
            #expect(try store.scalar("""
                SELECT COUNT(*) FROM (SELECT customer_id FROM messages GROUP BY customer_id HAVING COUNT(*) > 2)
                """) == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE campaign IN ('x', 'y')") == 240)
        }
    }

    @Test("the same campaign planned twice at once still writes each customer's message once")
    func sameCampaignConcurrently() async throws {
        try await withTestStore { store, _ in
            let people = (1...120).map { (name: "顾客\($0)", phone: "1360000\(String(format: "%04d", $0))") }
            let ids = try await shop(people, store)
            async let x = run(store, plan("twice"), ids, batchSize: 8)
            async let y = run(store, plan("twice"), ids, batchSize: 8)
            let (first, second) = try await (x, y)
            #expect(first.queued + second.queued == 120)
            #expect(first.alreadyPlanned + second.alreadyPlanned == 120)
            #expect(first.heldBack.isEmpty && second.heldBack.isEmpty)
            #expect(try store.scalar("SELECT COUNT(*) FROM held_back") == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM messages WHERE campaign = 'twice'") == 120)
            #expect(try store.scalar("SELECT COUNT(DISTINCT token) FROM messages") == 120)
        }
    }

    @Test("empty opt-out words add nothing, and a redrawn token is replaced in the texts")
    func optOutAndRedraw() throws {
        // The campaign uses the core's OptOutSuffix prepared once (its rule is tested with the templates).
        #expect(OptOutSuffix(suffix: " ").apply("您好", channel: .sms, marketing: true) == "您好")

        let spec = SendSpec(channels: [.wechatWork, .sms], variants: [MessageVariant(subject: "戳 {{short_link}}", body: "{{name}}：{{short_link}}")])
        let renderer = CampaignRenderer(plan: plan("r", spec), templates: [try MessageTemplate(spec.variants[0])], settings: settings)
        var tokens = CampaignTokens()
        var draft = renderer.draft(7, name: "张三", lastProduct: nil, tier: nil, tokens: &tokens)
        #expect(draft.body(for: .wechatWork) == "张三：http://127.0.0.1:8080/c/\(draft.token)")
        #expect(draft.body(for: .sms) == "张三：http://127.0.0.1:8080/c/\(draft.token) 拒收请回复R")
        let old = draft.token
        renderer.redraw(&draft, tokens: &tokens)
        #expect(draft.token != old)
        #expect(draft.token.count == 12 && draft.token.first == old.first)
        #expect(draft.body(for: .sms) == "张三：http://127.0.0.1:8080/c/\(draft.token) 拒收请回复R")
        #expect(draft.subject == "戳 http://127.0.0.1:8080/c/\(draft.token)")
    }

    @Test("a bad id or template is refused before anything is written")
    func refusals() async throws {
        try await withTestStore { store, _ in
            let ids = try await shop([("张三", "13800000001")], store)
            await #expect(throws: CampaignError.invalidID("Double 11")) {
                try await run(store, plan("Double 11"), ids)
            }
            let broken = SendSpec(channels: [.sms], variants: [MessageVariant(body: "{{#name}}未闭合")])
            await #expect(throws: CampaignError.self) { try await run(store, plan("broken", broken), ids) }
            let typo = SendSpec(channels: [.sms], variants: [MessageVariant(body: "{{nmae}}您好")])
            do {
                _ = try await run(store, plan("typo", typo), ids)
                Issue.record("a misspelt variable was accepted")
            } catch let error as CampaignError {
                #expect(error.description.contains("unknown variable 'nmae'"))
            }
            #expect(try store.scalar("SELECT COUNT(*) FROM messages") == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM held_back") == 0)
        }
    }
}
