import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: product viewed")
struct TriggerViewTests {
    /// 2026-03-01 10:00 in Shanghai.
    let t0 = F.local(2026, 3, 1, 10)
    let trigger = Trigger.productViewed(minutes: 5, times: 3, withinHours: 24)

    func views(_ offsets: [Int64], sku: String? = "A", seconds: Int32? = nil) -> [TriggerFacts.Event] {
        offsets.map { F.event(.view, t0 + $0, sku: sku, seconds: seconds) }
    }

    @Test func theThirdViewFiresAtItsMoment() {
        let facts = F.facts(events: views([0, F.hour, 2 * F.hour]))
        let crossing = t0 + 2 * F.hour
        let found = F.fire(trigger, facts, after: crossing - 1, through: crossing)
        #expect(found == [TriggerOccurrence(key: "viewed:A:2026-03-01", at: crossing, variables: ["product": "A"])])
        #expect(F.keys(trigger, facts, after: crossing, through: crossing + F.day).isEmpty)
        #expect(F.keys(trigger, F.facts(events: views([0, F.hour])), after: t0 - 1, through: t0 + F.day).isEmpty)
    }

    @Test func durationMustExceedTheMinutes() {
        let exactly = F.facts(events: [F.event(.view, t0, sku: "A", seconds: 200), F.event(.view, t0 + 60, sku: "A", seconds: 100)])
        #expect(F.keys(trigger, exactly, after: t0 - 1, through: t0 + F.day).isEmpty)  // 300 s is not more than 5 min
        let more = F.facts(events: [F.event(.view, t0, sku: "A", seconds: 200), F.event(.view, t0 + 60, sku: "A", seconds: 101)])
        #expect(F.fire(trigger, more, after: t0 - 1, through: t0 + F.day).map(\.at) == [t0 + 60])
        let oneLongLook = F.facts(events: [F.event(.view, t0, sku: "A", seconds: 301)])
        #expect(F.fire(trigger, oneLongLook, after: t0 - 1, through: t0 + F.day).map(\.at) == [t0])
    }

    @Test func viewsMustFallWithinTheHoursBothEndsIncluded() {
        let spread = F.facts(events: views([0, 13 * F.hour, 25 * F.hour]))
        #expect(F.keys(trigger, spread, after: t0 - 1, through: t0 + 3 * F.day).isEmpty)
        let edge = F.facts(events: views([0, 13 * F.hour, 24 * F.hour]))
        let found = F.fire(trigger, edge, after: t0 - 1, through: t0 + 3 * F.day)
        #expect(found.map(\.at) == [t0 + 24 * F.hour])
        #expect(found.map(\.key) == ["viewed:A:2026-03-02"])
        // Old durations leave the sum when their view leaves the hours.
        let durations = F.facts(events: [
            F.event(.view, t0, sku: "A", seconds: 250), F.event(.view, t0 + 25 * F.hour, sku: "A", seconds: 100),
        ])
        #expect(F.keys(trigger, durations, after: t0 - 1, through: t0 + 3 * F.day).isEmpty)
    }

    @Test func lookingOnAndOnIsHeardOnce() {
        let facts = F.facts(events: views([0, F.hour, 2 * F.hour, 20 * F.hour, 21 * F.hour, 22 * F.hour, 30 * F.hour,
                                           44 * F.hour]))
        #expect(F.fire(trigger, facts, after: t0 - 1, through: t0 + 5 * F.day).map(\.at) == [t0 + 2 * F.hour])
    }

    @Test func againAfterADayWithoutReachingIt() {
        // Reached at 2 h (and still at 3 h and 10 h); at 30 h only 2 views in the last day; reached again at 41 h,
        // 31 hours after it was last reached.
        let facts = F.facts(events: views([0, F.hour, 2 * F.hour, 3 * F.hour, 10 * F.hour, 30 * F.hour, 40 * F.hour,
                                           41 * F.hour]))
        let found = F.fire(trigger, facts, after: t0 - 1, through: t0 + 5 * F.day)
        #expect(found.map(\.at) == [t0 + 2 * F.hour, t0 + 41 * F.hour])
        #expect(found.map(\.key) == ["viewed:A:2026-03-01", "viewed:A:2026-03-03"])
    }

    @Test func anOrderOfTheProductWithinTheHoursStopsIt() {
        let crossing = t0 + 2 * F.hour
        let items = [F.item("A", "面霜")]
        let inside = F.facts(orders: [F.order("O", crossing - 24 * F.hour, items: items)], events: views([0, F.hour, 2 * F.hour]))
        #expect(F.keys(trigger, inside, after: t0, through: t0 + F.day).isEmpty)
        let outside = F.facts(orders: [F.order("O", crossing - 24 * F.hour - 1, items: items)],
                              events: views([0, F.hour, 2 * F.hour]))
        #expect(F.keys(trigger, outside, after: t0, through: t0 + F.day) == ["viewed:A:2026-03-01"])
        let otherProduct = F.facts(orders: [F.order("O", t0 + F.hour, items: [F.item("B")])],
                                   events: views([0, F.hour, 2 * F.hour]))
        #expect(F.keys(trigger, otherProduct, after: t0, through: t0 + F.day) == ["viewed:A:2026-03-01"])
    }

    @Test func eachProductCountsOnItsOwn() {
        let events = [
            F.event(.view, t0, sku: "B"), F.event(.view, t0 + 1, sku: "A"), F.event(.view, t0 + 2, sku: "B"),
            F.event(.view, t0 + 3, sku: "A"), F.event(.view, t0 + 4, sku: "A"), F.event(.view, t0 + 5, sku: "B"),
            F.event(.view, t0 + 6), F.event(.view, t0 + 7), F.event(.addToCart, t0 + 8, sku: "C"),
        ]
        let found = F.fire(trigger, F.facts(events: events), after: t0 - 1, through: t0 + F.day)
        #expect(found.map(\.key) == ["viewed:A:2026-03-01", "viewed:B:2026-03-01"])
        #expect(found.map(\.at) == [t0 + 4, t0 + 5])
    }

    @Test func theDayInTheKeyIsTheShopsDay() {
        // 17:00 UTC is 01:00 the next day in Shanghai and 09:00 the same day in Los Angeles.
        let crossing = F.utc(2026, 3, 1, 17)
        let facts = F.facts(events: [F.event(.view, crossing, sku: "A", seconds: 400)])
        #expect(F.keys(trigger, facts, after: crossing - 1, through: crossing) == ["viewed:A:2026-03-02"])
        #expect(F.keys(trigger, facts, after: crossing - 1, through: crossing, calendar: F.losAngeles)
            == ["viewed:A:2026-03-01"])
    }
}
