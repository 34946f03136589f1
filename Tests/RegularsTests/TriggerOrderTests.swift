import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: orders paid, first order, no second order, silent")
struct TriggerOrderTests {
    let t0 = F.utc(2026, 3, 1, 10)

    @Test func orderPaidIncludesThroughAndExcludesAfter() {
        let facts = F.facts(orders: [
            F.order("A", t0), F.order("B", t0 + 60, items: [F.item("SKU-1", "面霜"), F.item("SKU-2", "精华")]),
            F.order("C", t0 + 120, items: [F.item("SKU-3", nil)]),
        ])
        let found = F.fire(.orderPaid, facts, after: t0, through: t0 + 120)
        #expect(found.map(\.key) == ["order:B", "order:C"])
        #expect(found.map(\.at) == [t0 + 60, t0 + 120])
        #expect(found[0].variables == ["order": "B", "product": "面霜"])
        #expect(found[1].variables == ["order": "C", "product": "SKU-3"])  // no name: the SKU
    }

    @Test func orderPaidCountsRefundedButNotUnpaidOrCancelled() {
        let facts = F.facts(orders: [
            F.order("R", t0, .refunded), F.order("P", t0, .pending, deposit: Money(yuan: 50)),
            F.order("X", t0, .cancelled), F.order("S", t0, .partiallyRefunded),
        ])
        #expect(F.keys(.orderPaid, facts, after: t0 - 1, through: t0) == ["order:R", "order:S"])
    }

    @Test func firstOrderIsTheFirstEverNotTheFirstInTheWindow() {
        let facts = F.facts(orders: [F.order("A", t0), F.order("B", t0 + F.day)])
        #expect(F.keys(.firstOrder, facts, after: t0 + 1, through: t0 + 2 * F.day).isEmpty)
        let found = F.fire(.firstOrder, facts, after: t0 - 1, through: t0 + 2 * F.day)
        #expect(found == [TriggerOccurrence(key: "first-order", at: t0, variables: ["order": "A"])])
        // `after` itself is outside the window.
        #expect(F.keys(.firstOrder, facts, after: t0, through: t0 + 2 * F.day).isEmpty)
    }

    @Test func firstOrderSkipsUnpaidPresaleAndListOrder() {
        // Listed out of order: the earliest paid order wins; an unpaid presale order is no order.
        let facts = F.facts(orders: [
            F.order("late", t0 + 100), F.order("presale", t0 - 100, .pending, deposit: Money(yuan: 10)),
            F.order("early", t0, .refunded),
        ])
        #expect(F.fire(.firstOrder, facts, after: t0 - F.day, through: t0 + F.day).map(\.key) == ["first-order"])
        #expect(F.fire(.firstOrder, facts, after: t0 - F.day, through: t0 + F.day).first?.at == t0)
    }

    @Test func noSecondOrderFiresSevenDaysLaterAtTheEdge() {
        let facts = F.facts(orders: [F.order("A", t0, items: [F.item("S1", "洁面")])])
        let moment = t0 + 7 * F.day
        let found = F.fire(.noSecondOrder(days: 7), facts, after: moment - 1, through: moment)
        #expect(found == [TriggerOccurrence(key: "no-second-order", at: moment,
                                            variables: ["order": "A", "product": "洁面"])])
        #expect(F.keys(.noSecondOrder(days: 7), facts, after: moment, through: moment + F.day).isEmpty)
    }

    @Test func aSecondOrderByTheMomentStopsNoSecondOrder() {
        let moment = t0 + 7 * F.day
        let atTheMoment = F.facts(orders: [F.order("A", t0), F.order("B", moment)])
        #expect(F.keys(.noSecondOrder(days: 7), atTheMoment, after: t0, through: moment + F.day).isEmpty)
        let justAfter = F.facts(orders: [F.order("A", t0), F.order("B", moment + 1)])
        #expect(F.keys(.noSecondOrder(days: 7), justAfter, after: t0, through: moment + F.day) == ["no-second-order"])
        // A second order in the same second as the first, listed after it, is a second order.
        let sameSecond = F.facts(orders: [F.order("A", t0), F.order("B", t0)])
        #expect(F.keys(.noSecondOrder(days: 7), sameSecond, after: t0, through: moment + F.day).isEmpty)
    }

    @Test func silentFiresAfterTheLastOrderOnly() {
        let facts = F.facts(orders: [
            F.order("A", t0), F.order("B", t0 + 10 * F.day, items: [F.item("S", "眼霜")]),
        ])
        // A is followed by B within 30 days: only B's silence counts.
        let found = F.fire(.silent(days: 30), facts, after: t0, through: t0 + 100 * F.day)
        #expect(found == [TriggerOccurrence(key: "silent:B", at: t0 + 40 * F.day,
                                            variables: ["order": "B", "product": "眼霜"])])
        #expect(F.keys(.silent(days: 30), facts, after: t0, through: t0 + 40 * F.day) == ["silent:B"])
        #expect(F.keys(.silent(days: 30), facts, after: t0 + 40 * F.day, through: t0 + 100 * F.day).isEmpty)
    }

    @Test func silenceThatWasBrokenStillHappened() {
        // A, then nothing for 30 days (silent), then B 45 days later: both silences are occurrences.
        let facts = F.facts(orders: [F.order("A", t0), F.order("B", t0 + 45 * F.day)])
        #expect(F.keys(.silent(days: 30), facts, after: t0, through: t0 + 100 * F.day) == ["silent:A", "silent:B"])
        // An order at exactly day 30 keeps the customer from being silent.
        let onTime = F.facts(orders: [F.order("A", t0), F.order("B", t0 + 30 * F.day)])
        #expect(F.keys(.silent(days: 30), onTime, after: t0, through: t0 + 30 * F.day).isEmpty)
    }

    @Test func emptyOrReversedWindowHasNothing() {
        let facts = F.facts(orders: [F.order("A", t0)])
        #expect(F.keys(.orderPaid, facts, after: t0, through: t0).isEmpty)
        #expect(F.keys(.orderPaid, facts, after: t0 + 1, through: t0 - 1).isEmpty)
    }
}

@Suite("Trigger: repurchase")
struct TriggerRepurchaseTests {
    let t0 = F.utc(2026, 3, 1, 10)
    let cycles = ["SERUM-30ML": 45, "面膜": 20]

    @Test func defaultCycleWhenNoItemHasOne() {
        let facts = F.facts(orders: [F.order("A", t0, items: [F.item("TONER", "爽肤水", category: "水")])])
        let found = F.fire(.repurchase(days: 30, cycles: cycles), facts, after: t0 + 30 * F.day - 1,
                           through: t0 + 30 * F.day)
        #expect(found == [TriggerOccurrence(key: "repurchase:A", at: t0 + 30 * F.day,
                                            variables: ["order": "A", "product": "爽肤水"])])
    }

    @Test func skuCycleAndSmallestAmongEntries() {
        let serum = F.facts(orders: [F.order("A", t0, items: [F.item("TONER"), F.item("SERUM-30ML", "精华30ml")])])
        let found = F.fire(.repurchase(days: 30, cycles: cycles), serum, after: t0, through: t0 + 100 * F.day)
        // The serum's 45 days, not the default 30 of the toner without an entry.
        #expect(found.map(\.at) == [t0 + 45 * F.day])
        #expect(found.first?.variables["product"] == "精华30ml")

        let both = F.facts(orders: [F.order("B", t0, items: [
            F.item("SERUM-30ML", "精华"), F.item("MASK-5", "面膜5片", category: "面膜"),
        ])])
        let first = F.fire(.repurchase(days: 30, cycles: cycles), both, after: t0, through: t0 + 100 * F.day)
        #expect(first.map(\.at) == [t0 + 20 * F.day])
        #expect(first.first?.variables["product"] == "面膜5片")
    }

    @Test func skuEntryBeatsCategoryEntry() {
        let facts = F.facts(orders: [F.order("A", t0, items: [F.item("MASK-1", category: "面膜")])])
        let found = F.fire(.repurchase(days: 30, cycles: ["MASK-1": 25, "面膜": 20]), facts, after: t0,
                           through: t0 + 100 * F.day)
        #expect(found.map(\.at) == [t0 + 25 * F.day])
    }

    @Test func buyingTheSameSkuOrCategoryAgainStopsTheReminder() {
        let first = F.order("A", t0, items: [F.item("MASK-1", category: "面膜")])
        let sameSku = F.facts(orders: [first, F.order("B", t0 + 5 * F.day, items: [F.item("MASK-1")])])
        #expect(F.keys(.repurchase(days: 30, cycles: [:]), sameSku, after: t0, through: t0 + 31 * F.day)
            == [])  // B's own reminder is at day 35
        let sameCategory = F.facts(orders: [first, F.order("B", t0 + 30 * F.day,
                                                            items: [F.item("MASK-2", category: "面膜")])])
        #expect(F.keys(.repurchase(days: 30, cycles: [:]), sameCategory, after: t0, through: t0 + 31 * F.day) == [])
        // Another product does not count as buying it again.
        let other = F.facts(orders: [first, F.order("B", t0 + 5 * F.day, items: [F.item("SOAP", category: "洁面")])])
        #expect(F.keys(.repurchase(days: 30, cycles: [:]), other, after: t0, through: t0 + 31 * F.day)
            == ["repurchase:A"])
        // Bought again one second after the reminder: too late to stop it.
        let late = F.facts(orders: [first, F.order("B", t0 + 30 * F.day + 1, items: [F.item("MASK-1")])])
        #expect(F.keys(.repurchase(days: 30, cycles: [:]), late, after: t0, through: t0 + 31 * F.day)
            == ["repurchase:A"])
    }

    @Test func refundedInFullIsNothingToRepurchase() {
        let facts = F.facts(orders: [
            F.order("R", t0, .refunded, items: [F.item("X")]),
            F.order("P", t0, .partiallyRefunded, items: [F.item("Y")]),
        ])
        #expect(F.keys(.repurchase(days: 30, cycles: [:]), facts, after: t0, through: t0 + 31 * F.day)
            == ["repurchase:P"])
    }

    @Test func eachOrderHasItsOwnReminderOldestFirst() {
        let facts = F.facts(orders: [
            F.order("A", t0, items: [F.item("SERUM-30ML")]), F.order("B", t0 + F.day, items: [F.item("TONER")]),
        ])
        // A at day 45, B at day 31: returned by moment, not by order.
        #expect(F.keys(.repurchase(days: 30, cycles: cycles), facts, after: t0, through: t0 + 60 * F.day)
            == ["repurchase:B", "repurchase:A"])
    }
}
