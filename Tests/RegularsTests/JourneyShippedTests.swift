import Foundation
import Testing
@testable import Regulars

@Suite("Shipped journeys")
struct JourneyShippedTests {
    static let variables: Set<String> = ["name", "last_product", "tier", "coupon_code", "short_link", "shop", "product", "order", "deadline"]

    /// Typical values, long ones where it matters (a product name, a short link).
    static let sample = [
        "name": "王小美", "last_product": "素肌玻尿酸保湿面霜 50g", "tier": "金卡", "coupon_code": "CP7KQ2M9XT",
        "short_link": "https://s.example.cn/c/Ab3dE9xY", "shop": "素肌旗舰店", "product": "雪颜小棕瓶修护精华 30ml",
        "order": "T2026030112345678", "deadline": "11月11日 23:59",
    ]

    private func sends(_ journey: JourneyDefinition) -> [(id: String, spec: SendSpec)] {
        journey.steps.compactMap { step in
            if case let .send(spec) = step.action { return (step.id, spec) }
            return nil
        }
    }

    @Test func thereAreSixAndEachReadsUnderItsOwnID() throws {
        #expect(ShippedJourneys.all.map(\.id) == ["new-customer-7-day", "birthday-care", "silent-30-recall",
                                                  "presale-balance-reminder", "repurchase-reminder", "shipping-care"])
        for (id, yaml) in ShippedJourneys.all {
            #expect(try JourneyFile.parse(yaml).id == id)
        }
        #expect(ShippedJourneys.yaml("birthday-care") == ShippedJourneys.all[1].yaml)
        #expect(ShippedJourneys.yaml("nope") == nil)
    }

    @Test func eachReadsBackFromWhatIsWritten() throws {
        for journey in try ShippedJourneys.definitions() {
            #expect(try JourneyFile.parse(JourneyFile.render(journey)) == journey, "\(journey.id)")
        }
    }

    @Test func triggersAndGoalsFollowTheSeeds() throws {
        let journeys = Dictionary(uniqueKeysWithValues: try ShippedJourneys.definitions().map { ($0.id, $0) })
        #expect(journeys["new-customer-7-day"]?.trigger == .firstOrder)
        #expect(journeys["new-customer-7-day"]?.goal == .order)
        #expect(journeys["birthday-care"]?.trigger == .birthday(daysBefore: 3))
        #expect(journeys["silent-30-recall"]?.trigger == .silent(days: 30))
        #expect(journeys["silent-30-recall"]?.goal == .order)
        guard case .presaleBalanceDue? = journeys["presale-balance-reminder"]?.trigger else {
            Issue.record("the presale reminder is not triggered by a balance due")
            return
        }
        guard case let .repurchase(days, cycles)? = journeys["repurchase-reminder"]?.trigger else {
            Issue.record("the repurchase reminder is not triggered by a repurchase cycle")
            return
        }
        #expect(days == 30 && cycles["面霜"] == 45)
        #expect(journeys["shipping-care"]?.trigger == .shipped)
    }

    @Test func theCouponsAreTheThreeDemoTemplates() throws {
        var used: [String: String] = [:]
        for journey in try ShippedJourneys.definitions() {
            for step in journey.steps {
                if case let .issueCoupon(template) = step.action { used[journey.id] = template }
            }
        }
        #expect(used == ["new-customer-7-day": "second-order-10", "birthday-care": "birthday-20", "silent-30-recall": "recall-15"])
    }

    @Test func serviceRemindersAreNotMarketingAndKeepNoHoldout() throws {
        for journey in try ShippedJourneys.definitions() {
            let service = ["presale-balance-reminder", "shipping-care"].contains(journey.id)
            for (id, spec) in sends(journey) {
                #expect(spec.marketing != service, "\(journey.id).\(id)")
            }
            if service { #expect(journey.holdoutPercent == 0, "\(journey.id)") }
        }
    }

    @Test func atLeastOneMessageIsAnABTest() throws {
        let tested = try ShippedJourneys.definitions().flatMap(sends).filter { $0.spec.variants.count == 2 }
        #expect(tested.count >= 1)
        for (_, spec) in tested {
            #expect(spec.variants.map(\.name) == ["A", "B"])
            #expect(spec.variants.allSatisfy { $0.weight == 50 })
        }
    }

    @Test func messagesUseOnlyKnownVariablesAndSMSStaysShort() throws {
        for journey in try ShippedJourneys.definitions() {
            for (id, spec) in sends(journey) {
                for variant in spec.variants {
                    var rest = Substring(variant.body)
                    while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                        let name = String(rest[open.upperBound ..< close.lowerBound])
                        #expect(Self.variables.contains(name), "\(journey.id).\(id): {{\(name)}}")
                        rest = rest[close.upperBound...]
                    }
                    if spec.channels.contains(.sms) {
                        // The words around the variables fit in 40 characters, and filled with typical values plus the
                        // opt-out suffix the message fits in two SMS segments (67 characters each).
                        var filled = variant.body
                        for (name, value) in Self.sample { filled = filled.replacingOccurrences(of: "{{\(name)}}", with: value) }
                        let fixed = Self.sample.keys.reduce(variant.body) { $0.replacingOccurrences(of: "{{\($1)}}", with: "") }
                        #expect(fixed.count <= 40, "\(journey.id).\(id): \(fixed.count) characters besides the variables")
                        #expect((filled + "拒收请回复R").count <= 134, "\(journey.id).\(id): \(filled)")
                    }
                }
            }
        }
    }

    /// Runs a journey from its first step with the condition answered by `matches`, returning the sends and coupons
    /// in order and how it ended.
    private func walk(_ journey: JourneyDefinition, from start: Instant, matches: (String) -> Bool) -> (trail: [String], exit: JourneyExit) {
        var step = 0, now = start, trail: [String] = []
        for _ in 0 ..< 100 {
            switch JourneyRunner.plan(journey, step: step, now: now, calendar: .shanghai, matches: matches) {
            case let .wait(until, next): now = until; step = next
            case let .jump(next): step = next
            case let .send(_, next): trail.append("\(journey.steps[step].id)@\(ShopCalendar.shanghai.format(now))"); step = next
            case let .issueCoupon(template, next): trail.append(template); step = next
            case let .addTag(_, next), let .removeTag(_, next), let .task(_, _, next): step = next
            case let .finish(exit): return (trail, exit)
            }
        }
        return (trail, .stopped)
    }

    @Test func theNewCustomerPlanSendsTheGuideThatFitsTheSkin() throws {
        let journey = try JourneyFile.parse(ShippedJourneys.yaml("new-customer-7-day")!)
        // First order on 1 March 2026 at 15:00 in Shanghai.
        let start = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 3, day: 1), ClockTime(hour: 15, minute: 0, second: 0))
        let plain = walk(journey, from: start) { $0 == "tag != 敏感肌" }
        let sensitive = walk(journey, from: start) { $0 == "tag = 敏感肌" }
        #expect(plain.trail == ["survey@2026-03-02 10:00:00", "guide@2026-03-04 10:00:00", "second-order-10",
                                "second-order@2026-03-07 10:00:00"])
        #expect(sensitive.trail == ["survey@2026-03-02 10:00:00", "guide-sensitive@2026-03-04 10:00:00", "second-order-10",
                                    "second-order@2026-03-07 10:00:00"])
        #expect(plain.exit == .completed && sensitive.exit == .completed)
    }

    @Test func theRecallHandsTopCustomersToStaffAndExitsTheRest() throws {
        let journey = try JourneyFile.parse(ShippedJourneys.yaml("silent-30-recall")!)
        let start = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 3, day: 1), ClockTime(hour: 8, minute: 0, second: 0))
        let top = walk(journey, from: start) { _ in true }
        let rest = walk(journey, from: start) { _ in false }
        #expect(top.trail == ["recall-15", "recall@2026-03-01 10:00:00", "reminder@2026-03-06 10:00:00"])
        #expect(top.exit == .completed)
        #expect(rest.exit == .exitStep)
    }

    @Test func theBirthdayWishArrivesOnTheDay() throws {
        let journey = try JourneyFile.parse(ShippedJourneys.yaml("birthday-care")!)
        // Birthday on 4 March: the trigger fires at the start of 1 March.
        let start = ShopCalendar.shanghai.instant(CivilDate(year: 2026, month: 3, day: 1), ClockTime(hour: 0, minute: 0, second: 0))
        #expect(walk(journey, from: start) { _ in false }.trail
            == ["birthday-20", "birthday-gift@2026-03-01 10:00:00", "birthday-wish@2026-03-04 10:00:00"])
    }
}
