import Testing
@testable import Regulars

@Suite("Journey files: reading")
struct JourneyFileTests {
    /// A valid file around the given `trigger:` value and steps.
    static func file(trigger: String = "first_order", extra: String = "", steps: String = "  - exit") -> String {
        "id: test-journey\nname: 测试旅程\ntrigger: \(trigger)\n\(extra)steps:\n\(steps)\n"
    }

    @Test func readsTheDocumentedExample() throws {
        let yaml = """
            id: new-customer-7-day
            name: 新客7天培养
            trigger: {type: first_order}
            audience: "lifecycle = new"
            goal: order
            reentry: {after: 30d}
            holdout: 5%
            attribution_days: 14
            steps:
              - id: survey
                send:
                  channels: [wechat_work, sms]
                  variants:
                    - {name: A, weight: 50, body: "{{name}}您好，A"}
                    - {name: B, weight: 30, subject: "问卷", body: "B {{short_link}}"}
              - wait: 2d
              - wait: {days: 1, until: "10:00"}
              - wait: {until: "20:00"}
              - if: "tag = 敏感肌"
                then: guide-sensitive
                else: guide
              - {id: guide, send: {channels: [sms], body: "普通"}}
              - {id: guide-sensitive, send: {channels: [短信, email], marketing: false, link: "https://shop.example/g", body: "温和"}}
              - coupon: second-order-10
              - tag: {add: 新客培养中}
              - tag: {remove: 老标签}
              - task: {title: 三天回访, due: 3d}
              - exit
            """
        let expected = JourneyDefinition(
            id: "new-customer-7-day", name: "新客7天培养", trigger: .firstOrder, audience: "lifecycle = new",
            steps: [
                JourneyStep(id: "survey", action: .send(SendSpec(channels: [.wechatWork, .sms], variants: [
                    MessageVariant(name: "A", weight: 50, body: "{{name}}您好，A"),
                    MessageVariant(name: "B", weight: 30, subject: "问卷", body: "B {{short_link}}"),
                ]))),
                JourneyStep(id: "step-2", action: .wait(WaitSpec(seconds: 172_800))),
                JourneyStep(id: "step-3", action: .wait(WaitSpec(seconds: 86_400, until: ClockTime(hour: 10, minute: 0, second: 0)))),
                JourneyStep(id: "step-4", action: .wait(WaitSpec(seconds: 0, until: ClockTime(hour: 20, minute: 0, second: 0)))),
                JourneyStep(id: "step-5", action: .branch(condition: "tag = 敏感肌", then: "guide-sensitive", otherwise: "guide")),
                JourneyStep(id: "guide", action: .send(SendSpec(channels: [.sms], variants: [MessageVariant(body: "普通")]))),
                JourneyStep(id: "guide-sensitive", action: .send(SendSpec(channels: [.sms, .email], marketing: false,
                                                                          variants: [MessageVariant(body: "温和")],
                                                                          link: "https://shop.example/g"))),
                JourneyStep(id: "step-8", action: .issueCoupon(templateID: "second-order-10")),
                JourneyStep(id: "step-9", action: .addTag("新客培养中")),
                JourneyStep(id: "step-10", action: .removeTag("老标签")),
                JourneyStep(id: "step-11", action: .task(title: "三天回访", dueInSeconds: 259_200)),
                JourneyStep(id: "step-12", action: .exit),
            ],
            goal: .order, reentry: .after(seconds: 2_592_000), holdoutPercent: 5, attributionDays: 14)
        #expect(try JourneyFile.parse(yaml) == expected)
    }

    @Test func readsTheExampleInTheFormatDocumentation() throws {
        let journey = try JourneyFile.parse("""
            id: new-customer-7-day                 # a slug: a-z, 0-9 and '-', at most 64 characters
            name: 新客7天培养
            trigger: {type: first_order}           # the trigger and its settings (each has a default), see below
            audience: "lifecycle = new"            # optional: only customers in this audience enter
            goal: order                            # optional: order, or {audience: "…"}; reaching it ends the journey
            reentry: never                         # never | always | {after: 30d}           (default never)
            holdout: 10%                           # 0% to 50% enter but are never messaged  (default 10%)
            attribution_days: 7                    # 1 to 90                                 (default 7)
            steps:
              - id: survey                         # optional; a step without one is step-N (N counted from 1)
                send:
                  channels: [wechat_work, sms]     # tried in order, one touch per step (sms, email, wechat_work, push)
                  marketing: true                  # default true; false for service messages (shipping, balance due)
                  link: "https://shop.example/x"   # optional: where {{short_link}} leads
                  variants:                        # A/B: chosen by weight, stably per customer
                    - {name: A, weight: 50, body: "{{name}}您好，…"}
                    - {name: B, weight: 50, subject: "…", body: "…"}
                  # or simply  subject: "…"  and  body: "…"  (one variant named A)
              - wait: 2d                           # 30m, 12h, 2d, 1w; or {days: 1, until: "10:00"}; or {until: "20:00"}
              - if: "tag = 敏感肌"                   # an audience-language condition
                then: guide-sensitive              # the step to go to when it holds
                else: guide                        # optional; otherwise the next step
              - {id: guide, send: {channels: [sms], body: "…"}}
              - {if: "tag != 敏感肌", then: coupon}  # steps run on in order after a jump: skip the other arm
              - {id: guide-sensitive, send: {channels: [sms], body: "…"}}
              - id: coupon
                coupon: second-order-10            # issue a coupon of this template; later messages show {{coupon_code}}
              - tag: {add: 新客培养中}               # or {remove: …}
              - task: {title: 三天回访, due: 3d}     # a follow-up task for service staff
              - exit                               # or {id: stop, exit: true}
            """)
        #expect(journey.steps.map(\.id) == ["survey", "step-2", "step-3", "guide", "step-5", "guide-sensitive", "coupon",
                                            "step-8", "step-9", "step-10"])
        #expect(journey.steps[4].action == .branch(condition: "tag != 敏感肌", then: "coupon", otherwise: nil))
        #expect(try JourneyFile.parse(JourneyFile.render(journey)) == journey)
    }

    @Test func leftOutSettingsTakeTheirDefaults() throws {
        let journey = try JourneyFile.parse(Self.file(steps: "  - send: {channels: sms, body: hi}\n  - exit"))
        #expect(journey.audience == nil)
        #expect(journey.goal == nil)
        #expect(journey.reentry == .never)
        #expect(journey.holdoutPercent == 10)
        #expect(journey.attributionDays == 7)
        #expect(journey.steps.map(\.id) == ["step-1", "step-2"])
        #expect(journey.steps[0].action == .send(SendSpec(channels: [.sms], marketing: true,
                                                          variants: [MessageVariant(name: "A", weight: 1, body: "hi")])))
    }

    @Test func variantsWithoutNamesOrWeightsAreLetteredAndWeighOne() throws {
        let journey = try JourneyFile.parse(Self.file(steps: """
              - send:
                  channels: [push]
                  variants:
                    - {body: one}
                    - {body: two, weight: 0}
                    - {body: three}
            """))
        guard case let .send(spec) = journey.steps[0].action else { Issue.record("not a send"); return }
        #expect(spec.variants.map(\.name) == ["A", "B", "C"])
        #expect(spec.variants.map(\.weight) == [1, 0, 1])
    }

    @Test(arguments: [
        ("order_paid", Trigger.orderPaid),
        ("first_order", .firstOrder),
        ("shipped", .shipped),
        ("delivered", .delivered),
        ("cart_expired", .cartExpired),
        ("{type: cart_abandoned}", .cartAbandoned(hours: 24)),
        ("cart_abandoned", .cartAbandoned(hours: 24)),
        ("{type: cart_abandoned, hours: 6}", .cartAbandoned(hours: 6)),
        ("{type: product_viewed}", .productViewed(minutes: 5, times: 3, withinHours: 24)),
        ("{type: product_viewed, minutes: 10, times: 2, within_hours: 48}", .productViewed(minutes: 10, times: 2, withinHours: 48)),
        ("{type: presale_balance_due, deadline: \"2026-11-11 20:00\"}",
         .presaleBalanceDue(deadline: LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 11),
                                                    time: ClockTime(hour: 20, minute: 0, second: 0)), hoursBefore: 24)),
        ("{type: presale_balance_due, deadline: \"2026-06-18T09:30\", hours_before: 2}",
         .presaleBalanceDue(deadline: LocalDateTime(date: CivilDate(year: 2026, month: 6, day: 18),
                                                    time: ClockTime(hour: 9, minute: 30, second: 0)), hoursBefore: 2)),
        ("level_changed", .levelChanged(to: nil)),
        ("{type: level_changed, to: champion}", .levelChanged(to: "champion")),
        ("{type: level_changed, to: 王者}", .levelChanged(to: "champion")),
        ("{type: audience_entered, audience: \"pyramid = 潜力\"}", .audienceEntered("pyramid = 潜力")),
        ("{type: audience_left, audience: \"tag = VIP\"}", .audienceLeft("tag = VIP")),
        ("birthday", .birthday(daysBefore: 3)),
        ("{type: birthday, days_before: 0}", .birthday(daysBefore: 0)),
        ("no_second_order", .noSecondOrder(days: 7)),
        ("repurchase", .repurchase(days: 30, cycles: [:])),
        ("{type: repurchase, days: 20, cycles: {面霜: 45, SKU-1: 60}}", .repurchase(days: 20, cycles: ["面霜": 45, "SKU-1": 60])),
        ("silent", .silent(days: 30)),
        ("{type: silent, days: 90}", .silent(days: 90)),
    ])
    func readsEveryTriggerWithItsDefaults(written: String, trigger: Trigger) throws {
        #expect(try JourneyFile.parse(Self.file(trigger: written)).trigger == trigger)
    }

    @Test func everyTriggerCaseHasAWrittenType() {
        #expect(JourneyFile.triggerTypes.count == 15)
        #expect(Set(JourneyFile.triggerTypes).count == JourneyFile.triggerTypes.count)
    }

    @Test(arguments: [
        ("goal: order\n", JourneyGoal.order),
        ("goal: {audience: \"tag = 已复购\"}\n", .audience("tag = 已复购")),
    ])
    func readsGoals(written: String, goal: JourneyGoal) throws {
        #expect(try JourneyFile.parse(Self.file(extra: written)).goal == goal)
    }

    @Test(arguments: [
        ("reentry: never\n", Reentry.never),
        ("reentry: always\n", .always),
        ("reentry: {after: 12h}\n", .after(seconds: 43_200)),
        ("reentry: {after: 1w}\n", .after(seconds: 604_800)),
    ])
    func readsReentry(written: String, reentry: Reentry) throws {
        #expect(try JourneyFile.parse(Self.file(extra: written)).reentry == reentry)
    }

    @Test(arguments: [("holdout: 0%\n", 0), ("holdout: 50%\n", 50), ("holdout: 25\n", 25)])
    func readsHoldouts(written: String, percent: Int) throws {
        #expect(try JourneyFile.parse(Self.file(extra: written)).holdoutPercent == percent)
    }

    @Test func aWaitAddsItsParts() throws {
        let journey = try JourneyFile.parse(Self.file(steps: """
              - wait: {days: 1, hours: 2, minutes: 3, seconds: 4, until: "7:05"}
              - wait: 45s
              - wait: 90m
            """))
        #expect(journey.steps.map(\.action) == [
            .wait(WaitSpec(seconds: 86_400 + 7200 + 180 + 4, until: ClockTime(hour: 7, minute: 5, second: 0))),
            .wait(WaitSpec(seconds: 45)),
            .wait(WaitSpec(seconds: 5400)),
        ])
    }

    @Test func anExitStepMayHaveAnID() throws {
        let journey = try JourneyFile.parse(Self.file(steps: """
              - if: "tag = x"
                then: stop
              - wait: 1d
              - {id: stop, exit: true}
              - id: stop-too
                exit:
            """))
        #expect(journey.steps.map(\.id) == ["step-1", "step-2", "stop", "stop-too"])
        #expect(journey.steps[2].action == .exit && journey.steps[3].action == .exit)
    }

    @Test func aLoopBackWithAWaitIsAllowed() throws {
        let journey = try JourneyFile.parse(Self.file(steps: """
              - id: nudge
                send: {channels: [push], body: 记得回来}
              - wait: 7d
              - if: "tag = 未回购"
                then: nudge
            """))
        #expect(journey.steps.count == 3)
    }
}
