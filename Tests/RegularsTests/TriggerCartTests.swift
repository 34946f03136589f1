import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: cart abandoned")
struct TriggerCartTests {
    let t0 = F.local(2026, 3, 1, 10)
    let trigger = Trigger.cartAbandoned(hours: 24)
    var key0: String { "cart:\(t0.secondsSinceEpoch)" }

    func adds(_ offsets: [Int64], orders: [TriggerFacts.PaidOrder] = []) -> TriggerFacts {
        F.facts(orders: orders, events: offsets.map { F.event(.addToCart, t0 + $0, sku: "SKU-\($0)") })
    }

    @Test func firesHoursAfterTheAddAtTheWindowsEdges() {
        let facts = adds([0])
        let moment = t0 + 24 * F.hour
        let found = F.fire(trigger, facts, after: moment - 1, through: moment)
        #expect(found == [TriggerOccurrence(key: key0, at: moment, variables: ["product": "SKU-0"])])
        #expect(F.keys(trigger, facts, after: moment, through: moment + F.day).isEmpty)
        #expect(F.keys(trigger, facts, after: t0, through: moment - 1).isEmpty)
    }

    @Test func anOrderWithinTheHoursMeansNoFire() {
        let window = (after: t0, through: t0 + 3 * F.day)
        for offset in [0, F.hour, 23 * F.hour, 24 * F.hour] {
            let facts = adds([0], orders: [F.order("O", t0 + offset)])
            #expect(F.keys(trigger, facts, after: window.after, through: window.through).isEmpty, "order at +\(offset)s")
        }
        let tooLate = adds([0], orders: [F.order("O", t0 + 24 * F.hour + 1)])
        #expect(F.keys(trigger, tooLate, after: window.after, through: window.through) == [key0])
        // An unpaid presale order is not an order.
        let unpaid = adds([0], orders: [F.order("O", t0 + F.hour, .pending, deposit: Money(yuan: 5))])
        #expect(F.keys(trigger, unpaid, after: window.after, through: window.through) == [key0])
    }

    @Test func severalAddsWithinTheHoursCountOnce() {
        let facts = adds([0, 2 * F.hour, 20 * F.hour])
        let found = F.fire(trigger, facts, after: t0, through: t0 + 5 * F.day)
        #expect(found.map(\.key) == [key0])
        #expect(found.map(\.at) == [t0 + 24 * F.hour])
        #expect(found.first?.variables["product"] == "SKU-0")
    }

    @Test func aRunLastsWhileEachAddFollowsTheLastWithinTheHours() {
        // 0, 20 h, 40 h: every add within 24 h of the one before — one run, one occurrence.
        #expect(F.keys(trigger, adds([0, 20 * F.hour, 40 * F.hour]), after: t0, through: t0 + 5 * F.day) == [key0])
        // Exactly 24 h apart is still within the hours.
        #expect(F.keys(trigger, adds([0, 24 * F.hour]), after: t0, through: t0 + 5 * F.day) == [key0])
        // One second more begins a new run.
        let apart = F.fire(trigger, adds([0, 24 * F.hour + 1]), after: t0, through: t0 + 5 * F.day)
        #expect(apart.map(\.at) == [t0 + 24 * F.hour, t0 + 48 * F.hour + 1])
        #expect(apart.map(\.key) == [key0, "cart:\((t0 + 24 * F.hour + 1).secondsSinceEpoch)"])
    }

    @Test func anOrderEndsTheRunAndTheNextAddStartsAnother() {
        let facts = adds([0, 3 * F.hour], orders: [F.order("O", t0 + F.hour)])
        let found = F.fire(trigger, facts, after: t0, through: t0 + 5 * F.day)
        #expect(found.map(\.key) == ["cart:\((t0 + 3 * F.hour).secondsSinceEpoch)"])
        #expect(found.map(\.at) == [t0 + 27 * F.hour])
    }

    @Test func otherHoursSetting() {
        let facts = adds([0])
        #expect(F.fire(.cartAbandoned(hours: 2), facts, after: t0, through: t0 + F.day).map(\.at) == [t0 + 2 * F.hour])
    }

    @Test func aRunBegunBeforeTheLookBackIsStillSeenAsBegun() {
        // Adds at 0 and 20 h; the window starts at 30 h. With facts from 30 h − 48 h the first add is known, so the
        // second (which would fire at 44 h, inside the window) is not taken for the start of a run.
        let facts = adds([0, 20 * F.hour])
        let after = t0 + 30 * F.hour
        let reach = after - TriggerEvaluator.lookbackSeconds(trigger)
        let loaded = F.facts(events: facts.events.filter { $0.at >= reach })
        #expect(loaded.events.count == 2)
        #expect(F.keys(trigger, loaded, after: after, through: t0 + 5 * F.day).isEmpty)
    }
}
