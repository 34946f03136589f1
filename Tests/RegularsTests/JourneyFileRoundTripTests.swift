import Testing
@testable import Regulars

@Suite("Journey files: writing and reading back")
struct JourneyFileRoundTripTests {
    @Test func writesTheDocumentedFormat() throws {
        let journey = JourneyDefinition(
            id: "demo", name: "新客7天培养", trigger: .cartAbandoned(hours: 24), audience: "lifecycle = new",
            steps: [
                JourneyStep(id: "survey", action: .send(SendSpec(channels: [.wechatWork, .sms], variants: [
                    MessageVariant(name: "A", weight: 50, body: "{{name}}您好"),
                    MessageVariant(name: "B", weight: 50, subject: "问卷", body: "B"),
                ]))),
                JourneyStep(id: "step-2", action: .wait(WaitSpec(seconds: 172_800))),
                JourneyStep(id: "step-3", action: .wait(WaitSpec(seconds: 86_400 + 3600, until: ClockTime(hour: 10, minute: 0, second: 0)))),
                JourneyStep(id: "step-4", action: .branch(condition: "tag = 敏感肌", then: "done", otherwise: nil)),
                JourneyStep(id: "step-5", action: .send(SendSpec(channels: [.sms], marketing: false, variants: [MessageVariant(body: "短信")],
                                                                 link: "/p/1"))),
                JourneyStep(id: "step-6", action: .issueCoupon(templateID: "second-order-10")),
                JourneyStep(id: "step-7", action: .addTag("新客培养中")),
                JourneyStep(id: "step-8", action: .task(title: "三天回访", dueInSeconds: 259_200)),
                JourneyStep(id: "step-9", action: .exit),
                JourneyStep(id: "done", action: .exit),
            ],
            goal: .audience("tag = 已复购"), reentry: .after(seconds: 2_592_000))
        let expected = """
            id: demo
            name: 新客7天培养
            trigger: {type: cart_abandoned, hours: 24}
            audience: "lifecycle = new"
            goal: {audience: "tag = 已复购"}
            reentry: {after: 30d}
            holdout: 10%
            attribution_days: 7
            steps:
              - id: survey
                send:
                  channels: [wechat_work, sms]
                  variants:
                    - {name: A, weight: 50, body: "{{name}}您好"}
                    - {name: B, weight: 50, subject: "问卷", body: "B"}
              - wait: 2d
              - wait: {days: 1, hours: 1, until: "10:00"}
              - if: "tag = 敏感肌"
                then: done
              - send:
                  channels: [sms]
                  marketing: false
                  link: "/p/1"
                  body: "短信"
              - coupon: second-order-10
              - tag: {add: 新客培养中}
              - task: {title: 三天回访, due: 3d}
              - exit
              - id: done
                exit: true

            """
        #expect(JourneyFile.render(journey) == expected)
        #expect(try JourneyFile.parse(expected) == journey)
    }

    @Test func trickyTextReadsBackExactly() throws {
        let texts = ["null", "yes", "No", "~", "10:00", "a: b", "# 井号", "- dash", "引号\"和\\反斜杠", "emoji 🎉", "[brackets]",
                     "'single'", "%percent", "a, b", "trailing:", "123", "1.5", "true", "x{y}", "tab\tinside", "@at", "`tick`", "a #b"]
        for text in texts {
            let journey = JourneyDefinition(
                id: "t", name: text, trigger: .repurchase(days: 30, cycles: [text: 45]),
                steps: [
                    JourneyStep(id: "s", action: .addTag(text)),
                    JourneyStep(id: "step-2", action: .issueCoupon(templateID: text)),
                    JourneyStep(id: "step-3", action: .task(title: text, dueInSeconds: 60)),
                    JourneyStep(id: "step-4", action: .send(SendSpec(channels: [.push], variants: [
                        MessageVariant(name: text, weight: 2, subject: text, body: text + "\n第二行\r\n\u{2028}"),
                    ]))),
                ])
            let written = JourneyFile.render(journey)
            #expect(try JourneyFile.parse(written) == journey, "\(text): \(written)")
        }
    }

    @Test func generatedJourneysReadBackEqual() throws {
        var random = SeededRandom(seed: 7)
        for round in 0 ..< 120 {
            let journey = JourneyGenerator.journey(&random, number: round)
            let written = JourneyFile.render(journey)
            let read: JourneyDefinition
            do {
                read = try JourneyFile.parse(written)
            } catch {
                Issue.record("round \(round): \(error)\n\(written)")
                return
            }
            #expect(read == journey, "round \(round):\n\(written)")
            #expect(JourneyFile.render(read) == written)
        }
    }
}

/// SplitMix64: the same journeys on every run.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Valid journeys with awkward text in every field.
enum JourneyGenerator {
    static let texts = ["简单", "null", "yes", "No", "~", "10:00", "a: b", "# 井号", "- dash", "引号\"和\\反斜杠", "emoji 🎉",
                        "[brackets]", "'single'", "%percent", "a, b", "trailing:", "123", "1.5", "true", "新客培养中"]
    static let bodies = ["{{name}}您好，A", "引号\"和\\反斜杠", "多行\n第二行\n", " 前后空格 ", "null", "yes", "tab\there",
                         "{{#coupon_code}}券：{{coupon_code}}{{/coupon_code}}", "emoji 🎉 {{short_link}}", "# hash", "- dash",
                         "\u{2028}分隔", "'single' and \"double\"", "\r\nCRLF", "{{{shop}}}"]
    static let queries = ["lifecycle = new", "tag = 敏感肌", "pyramid in (王者, 潜力)", "tag = \"a b\"",
                          "bought sku:A within 90d and not tag = x"]
    static let links = ["https://shop.example/a?b=c&d=1", "/p/1", "http://x.y/#frag"]

    static func journey(_ random: inout SeededRandom, number: Int) -> JourneyDefinition {
        let count = Int.random(in: 1 ... 8, using: &random)
        var steps: [JourneyStep] = []
        for index in 0 ..< count {
            let id: String
            switch Int.random(in: 0 ... 3, using: &random) {
            case 0: id = "s\(index)-" + ["a", "null", "10:00", "引号\"", "x#y", "问卷"].randomElement(using: &random)!
            case 1: id = "step-\(index + 1)"
            default: id = "step-\(index + 1)"
            }
            steps.append(JourneyStep(id: id, action: action(&random, index: index, count: count)))
        }
        // Branch targets name later steps by their ids.
        for index in steps.indices {
            guard case let .branch(condition, then, otherwise) = steps[index].action else { continue }
            let thenIndex = Int(then)!, elseIndex = otherwise.map { Int($0)! }
            steps[index].action = .branch(condition: condition, then: steps[thenIndex].id, otherwise: elseIndex.map { steps[$0].id })
        }
        return JourneyDefinition(
            id: "j-\(number)", name: texts.randomElement(using: &random)!, trigger: trigger(&random),
            audience: Bool.random(using: &random) ? queries.randomElement(using: &random) : nil, steps: steps,
            goal: ([nil, .order, .audience(queries.randomElement(using: &random)!)] as [JourneyGoal?]).randomElement(using: &random)!,
            reentry: ([.never, .always, .after(seconds: [60, 90, 3600, 2_592_000].randomElement(using: &random)!)] as [Reentry]).randomElement(using: &random)!,
            holdoutPercent: Int.random(in: 0 ... 50, using: &random), attributionDays: Int.random(in: 1 ... 90, using: &random))
    }

    /// A branch holds the indexes of its targets as text until the ids are known.
    static func action(_ random: inout SeededRandom, index: Int, count: Int) -> JourneyAction {
        let kinds = index + 1 < count ? 8 : 7
        switch Int.random(in: 0 ..< kinds, using: &random) {
        case 0:
            let until = Bool.random(using: &random)
                ? ClockTime(hour: Int.random(in: 0 ... 23, using: &random), minute: Int.random(in: 0 ... 59, using: &random),
                            second: [0, 0, 30].randomElement(using: &random)!)
                : nil
            let seconds: Int64 = [0, 45, 60, 3600, 86_400, 90_061, 172_800].filter { until != nil || $0 > 0 }.randomElement(using: &random)!
            return .wait(WaitSpec(seconds: seconds, until: until))
        case 1: return .send(send(&random))
        case 2: return .issueCoupon(templateID: texts.randomElement(using: &random)!)
        case 3: return .addTag(texts.randomElement(using: &random)!)
        case 4: return .removeTag(texts.randomElement(using: &random)!)
        case 5: return .task(title: texts.randomElement(using: &random)!, dueInSeconds: [60, 3600, 259_200, 100].randomElement(using: &random)!)
        case 6: return .exit
        default:
            let then = Int.random(in: index + 1 ..< count, using: &random)
            let otherwise = Bool.random(using: &random) ? Int.random(in: index + 1 ..< count, using: &random) : nil
            return .branch(condition: queries.randomElement(using: &random)!, then: String(then), otherwise: otherwise.map(String.init))
        }
    }

    static func send(_ random: inout SeededRandom) -> SendSpec {
        let channels = Array(ContactChannel.allCases.shuffled(using: &random).prefix(Int.random(in: 1 ... 4, using: &random)))
        var variants: [MessageVariant]
        if Bool.random(using: &random) {
            variants = [MessageVariant(subject: Bool.random(using: &random) ? bodies.randomElement(using: &random) : nil,
                                       body: bodies.randomElement(using: &random)!)]
        } else {
            let names = texts.shuffled(using: &random).prefix(Int.random(in: 1 ... 3, using: &random))
            variants = names.map { name in
                MessageVariant(name: name, weight: Int.random(in: 0 ... 100, using: &random),
                               subject: Bool.random(using: &random) ? bodies.randomElement(using: &random) : nil,
                               body: bodies.randomElement(using: &random)!)
            }
            variants[0].weight = max(variants[0].weight, 1)
        }
        return SendSpec(channels: channels, marketing: Bool.random(using: &random), variants: variants,
                        link: Bool.random(using: &random) ? links.randomElement(using: &random) : nil)
    }

    static func trigger(_ random: inout SeededRandom) -> Trigger {
        let n = Int.random(in: 1 ... 100, using: &random)
        let all: [Trigger] = [
            .orderPaid, .firstOrder, .shipped, .delivered, .cartAbandoned(hours: n), .cartExpired,
            .productViewed(minutes: n, times: n % 7 + 1, withinHours: n + 1),
            .presaleBalanceDue(deadline: LocalDateTime(date: CivilDate(year: 2028, month: 2, day: 29),
                                                       time: ClockTime(hour: n % 24, minute: n % 60, second: 0)), hoursBefore: n),
            .levelChanged(to: nil), .levelChanged(to: "potential"), .audienceEntered(queries[n % queries.count]),
            .audienceLeft(queries[(n + 1) % queries.count]), .birthday(daysBefore: n % 30), .noSecondOrder(days: n),
            .repurchase(days: n, cycles: [texts[n % texts.count]: n, "面霜": 45]), .silent(days: n),
        ]
        return all.randomElement(using: &random)!
    }
}
