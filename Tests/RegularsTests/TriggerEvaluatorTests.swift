import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger evaluator: look-back, event types, labels")
struct TriggerEvaluatorTests {
    @Test func lookbackReachesWhatEachTriggerNeeds() {
        #expect(TriggerEvaluator.lookbackSeconds(.orderPaid) == 0)
        #expect(TriggerEvaluator.lookbackSeconds(.birthday(daysBefore: 3)) == 0)
        #expect(TriggerEvaluator.lookbackSeconds(.silent(days: 30)) == 30 * 86_400)
        #expect(TriggerEvaluator.lookbackSeconds(.cartAbandoned(hours: 24)) == 48 * 3600)
        #expect(TriggerEvaluator.lookbackSeconds(.productViewed(minutes: 5, times: 3, withinHours: 24)) == 48 * 3600)
        #expect(TriggerEvaluator.lookbackSeconds(.repurchase(days: 30, cycles: ["A": 45, "B": 20])) == 45 * 86_400)
        #expect(TriggerEvaluator.lookbackSeconds(.repurchase(days: 30, cycles: ["B": 20])) == 30 * 86_400)
        #expect(TriggerEvaluator.lookbackSeconds(.firstOrder) == TriggerEvaluator.wholeHistory)
        #expect(TriggerEvaluator.lookbackSeconds(.noSecondOrder(days: 7)) == TriggerEvaluator.wholeHistory)
    }

    @Test func eventTypesRead() {
        #expect(TriggerEvaluator.eventTypes(.cartAbandoned(hours: 24)) == [.addToCart])
        #expect(TriggerEvaluator.eventTypes(.productViewed(minutes: 5, times: 3, withinHours: 24)) == [.view])
        #expect(TriggerEvaluator.eventTypes(.shipped) == [.shipped])
        #expect(TriggerEvaluator.eventTypes(.silent(days: 30)).isEmpty)
    }

    @Test func labelsForOperators() {
        let deadline = LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 10), time: ClockTime(hour: 20, minute: 0, second: 0))
        let expected: [(Trigger, String)] = [
            (.firstOrder, "首单"), (.orderPaid, "付款"), (.shipped, "发货"), (.delivered, "签收"),
            (.birthday(daysBefore: 3), "生日前3天"), (.birthday(daysBefore: 0), "生日当天"), (.birthday(daysBefore: -1), "生日后1天"),
            (.silent(days: 30), "沉睡30天"), (.noSecondOrder(days: 7), "首单后7天未复购"),
            (.cartAbandoned(hours: 24), "加购未付款24小时"), (.cartExpired, "购物车过期"),
            (.productViewed(minutes: 5, times: 3, withinHours: 24), "24小时内浏览同一商品超过5分钟或3次未下单"),
            (.presaleBalanceDue(deadline: deadline, hoursBefore: 24), "预售尾款未付（11月10日 20:00截止，提前24小时）"),
            (.levelChanged(to: "金卡"), "等级变为金卡"), (.levelChanged(to: nil), "等级变化"),
            (.audienceEntered("vip"), "进入人群：vip"), (.audienceLeft("vip"), "离开人群：vip"),
            (.repurchase(days: 30, cycles: [:]), "购买后30天复购提醒"),
            (.repurchase(days: 30, cycles: ["A": 45, "B": 20]), "复购提醒（默认30天，另有2个商品周期）"),
        ]
        for (trigger, label) in expected {
            #expect(TriggerEvaluator.label(trigger) == label)
        }
    }
}

/// Windows one after another, each judged from facts cut at its look-back, find exactly what one long window finds:
/// the scheduler may look as often as it likes, with as little history as `lookbackSeconds` says.
@Suite("Trigger evaluator: windows in a row")
struct TriggerWindowsInARowTests {
    static let start = F.utc(2026, 1, 1)
    static let triggers: [Trigger] = [
        .orderPaid, .firstOrder, .shipped, .delivered, .cartAbandoned(hours: 24), .cartAbandoned(hours: 3), .cartExpired,
        .productViewed(minutes: 5, times: 3, withinHours: 24), .productViewed(minutes: 2, times: 2, withinHours: 6),
        .levelChanged(to: nil), .levelChanged(to: "金卡"), .birthday(daysBefore: 3), .birthday(daysBefore: 0),
        .noSecondOrder(days: 7), .repurchase(days: 30, cycles: ["S1": 10, "护肤": 45]), .silent(days: 20),
        .presaleBalanceDue(deadline: LocalDateTime(date: CivilDate(year: 2026, month: 2, day: 14),
                                                   time: ClockTime(hour: 20, minute: 0, second: 0)), hoursBefore: 24),
    ]

    static func randomFacts(_ random: inout TriggerTestRandom) -> TriggerFacts {
        let span: Int64 = 90 * 86_400
        func moment() -> Instant { start + Int64.random(in: 0..<span, using: &random) }
        func sku() -> String { ["S1", "S2", "S3"].randomElement(using: &random)! }
        let statuses: [OrderStatus] = [.paid, .completed, .refunded, .pending, .cancelled]
        let orders = (0..<Int.random(in: 0...6, using: &random)).map { number in
            F.order("T\(number)", moment(), statuses.randomElement(using: &random)!,
                    items: [F.item(sku(), nil, category: Bool.random(using: &random) ? "护肤" : nil)],
                    deposit: Bool.random(using: &random) ? Money(yuan: 20) : nil)
        }.sorted { $0.at < $1.at }
        // Events come in bursts, so runs and thresholds happen.
        var events: [TriggerFacts.Event] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let burst = moment()
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let type: EventType = [.view, .view, .addToCart, .shipped, .delivered, .cartExpired].randomElement(using: &random)!
                events.append(F.event(type, burst + Int64.random(in: 0..<(30 * 3600), using: &random), sku: sku(),
                                      seconds: Int32.random(in: 0...200, using: &random)))
            }
        }
        events.sort { $0.at < $1.at }
        let levels = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            TriggerFacts.LevelChange(from: ["银卡", nil].randomElement(using: &random)!,
                                     to: ["金卡", "银卡"].randomElement(using: &random)!, at: moment())
        }.sorted { $0.at < $1.at }
        return TriggerFacts(customerID: 1, birthday: CivilDate(year: 1990, month: Int.random(in: 1...3, using: &random),
                                                               day: Int.random(in: 1...28, using: &random)),
                            orders: orders, events: events, levelChanges: levels)
    }

    /// The facts as the store would load them for a window starting at `after`.
    static func cut(_ facts: TriggerFacts, for trigger: Trigger, after: Instant) -> TriggerFacts {
        let reach = after - TriggerEvaluator.lookbackSeconds(trigger)
        var loaded = facts
        loaded.events = facts.events.filter { $0.at >= reach }
        loaded.levelChanges = facts.levelChanges.filter { $0.at >= reach }
        loaded.orders = facts.orders.filter { $0.at >= reach }
        return loaded
    }

    @Test func manySmallWindowsFindWhatOneLongWindowFinds() {
        var random = TriggerTestRandom(seed: 7)
        let end = Self.start + 130 * 86_400
        for _ in 0..<35 {
            let facts = Self.randomFacts(&random)
            let step = Int64.random(in: 3600...(5 * 86_400), using: &random)
            for trigger in Self.triggers {
                let whole = F.fire(trigger, facts, after: Self.start, through: end)
                var pieces: [TriggerOccurrence] = []
                var after = Self.start
                while after < end {
                    let through = min(after + step, end)
                    pieces += F.fire(trigger, Self.cut(facts, for: trigger, after: after), after: after, through: through)
                    after = through
                }
                #expect(pieces == whole, "\(trigger) step \(step)")
            }
        }
    }
}
