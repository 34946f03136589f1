import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: shipped, delivered, cart expired, level changed, audiences")
struct TriggerEventTests {
    let t0 = F.utc(2026, 6, 1, 9)

    @Test func eachEventOnceWithItsMomentInTheKey() {
        let facts = F.facts(events: [
            F.event(.shipped, t0, sku: "A"), F.event(.shipped, t0, sku: "A"),  // recorded twice: one event
            F.event(.shipped, t0, sku: "B"), F.event(.delivered, t0 + 60, sku: "A"), F.event(.shipped, t0 + 120),
        ])
        let shipped = F.fire(.shipped, facts, after: t0 - 1, through: t0 + 120)
        let s = t0.secondsSinceEpoch
        #expect(shipped.map(\.key) == ["shipped:\(s):A", "shipped:\(s):B", "shipped:\(s + 120)"])
        #expect(shipped.map(\.variables) == [["product": "A"], ["product": "B"], [:]])
        #expect(F.keys(.delivered, facts, after: t0 - 1, through: t0 + 120) == ["delivered:\(s + 60):A"])
        // `after` excluded, `through` included.
        #expect(F.keys(.shipped, facts, after: t0, through: t0 + 119).isEmpty)
        #expect(F.keys(.delivered, facts, after: t0 + 59, through: t0 + 60).count == 1)
    }

    @Test func cartExpiredAndUnsortedEvents() {
        let facts = F.facts(events: [
            F.event(.cartExpired, t0 + 10, sku: "B"), F.event(.cartExpired, t0, sku: "A"), F.event(.addToCart, t0, sku: "C"),
        ])
        let found = F.fire(.cartExpired, facts, after: t0 - 1, through: t0 + 10)
        #expect(found.map(\.at) == [t0, t0 + 10])
        #expect(found.map(\.key) == ["cart-expired:\(t0.secondsSinceEpoch):A", "cart-expired:\(t0.secondsSinceEpoch + 10):B"])
    }

    @Test func levelChangedToALevel() {
        let changes = [
            TriggerFacts.LevelChange(from: "银卡", to: "金卡", at: t0),
            TriggerFacts.LevelChange(from: "金卡", to: "金卡", at: t0 + 1),  // no move
            TriggerFacts.LevelChange(from: nil, to: "银卡", at: t0 + 2),
            TriggerFacts.LevelChange(from: "银卡", to: nil, at: t0 + 3),  // left every level
        ]
        let facts = F.facts(levelChanges: changes)
        let gold = F.fire(.levelChanged(to: "金卡"), facts, after: t0 - 1, through: t0 + 10)
        #expect(gold == [TriggerOccurrence(key: "level:\(t0.secondsSinceEpoch):金卡", at: t0,
                                           variables: ["level": "金卡", "previous_level": "银卡"])])
        let any = F.fire(.levelChanged(to: nil), facts, after: t0 - 1, through: t0 + 10)
        #expect(any.map(\.at) == [t0, t0 + 2])
        #expect(any.last?.variables == ["level": "银卡"])
        #expect(F.keys(.levelChanged(to: nil), facts, after: t0, through: t0 + 2).count == 1)
    }

    @Test func audiencesAreTheStoresBusiness() {
        let facts = F.facts(orders: [F.order("A", t0)], events: [F.event(.view, t0, sku: "A")])
        #expect(F.keys(.audienceEntered("vip"), facts, after: t0 - 1, through: t0 + 1).isEmpty)
        #expect(F.keys(.audienceLeft("vip"), facts, after: t0 - 1, through: t0 + 1).isEmpty)
        #expect(TriggerEvaluator.lookbackSeconds(.audienceEntered("vip")) == 0)
    }
}
