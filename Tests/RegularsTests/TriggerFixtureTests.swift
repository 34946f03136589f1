import Foundation
import Testing
@testable import Regulars

/// Builders shared by the trigger tests.
enum TriggerFixtures {
    static let shanghai = ShopCalendar.shanghai
    static let losAngeles = ShopCalendar(timeZone: TimeZone(identifier: "America/Los_Angeles")!)
    static let hour: Int64 = 3600
    static let day: Int64 = 86_400

    /// A UTC moment.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0,
                    _ second: Int = 0) -> Instant {
        ShopCalendar.utc.instant(CivilDate(year: year, month: month, day: day),
                                 ClockTime(hour: hour, minute: minute, second: second))
    }

    /// A moment of Shanghai wall-clock time.
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0,
                      _ second: Int = 0, calendar: ShopCalendar = shanghai) -> Instant {
        calendar.instant(CivilDate(year: year, month: month, day: day),
                         ClockTime(hour: hour, minute: minute, second: second))
    }

    static func order(_ id: String, _ at: Instant, _ status: OrderStatus = .paid,
                      items: [(sku: String, name: String?, category: String?)] = [],
                      deposit: Money? = nil, balance: Money? = nil) -> TriggerFacts.PaidOrder {
        TriggerFacts.PaidOrder(externalID: id, at: at, status: status, deposit: deposit, balance: balance, items: items)
    }

    static func item(_ sku: String, _ name: String? = nil, category: String? = nil)
        -> (sku: String, name: String?, category: String?) {
        (sku, name, category)
    }

    static func event(_ type: EventType, _ at: Instant, sku: String? = nil, seconds: Int32? = nil) -> TriggerFacts.Event {
        TriggerFacts.Event(type: type, sku: sku, at: at, durationSeconds: seconds)
    }

    static func facts(orders: [TriggerFacts.PaidOrder] = [], events: [TriggerFacts.Event] = [],
                      levelChanges: [TriggerFacts.LevelChange] = [], birthday: CivilDate? = nil) -> TriggerFacts {
        TriggerFacts(customerID: 1, birthday: birthday, orders: orders, events: events, levelChanges: levelChanges)
    }

    /// Occurrences in `(after, through]`, Shanghai time unless told.
    static func fire(_ trigger: Trigger, _ facts: TriggerFacts, after: Instant, through: Instant,
                     calendar: ShopCalendar = shanghai) -> [TriggerOccurrence] {
        TriggerEvaluator.occurrences(of: trigger, facts: facts, after: after, through: through, calendar: calendar)
    }

    /// Just the keys.
    static func keys(_ trigger: Trigger, _ facts: TriggerFacts, after: Instant, through: Instant,
                     calendar: ShopCalendar = shanghai) -> [String] {
        fire(trigger, facts, after: after, through: through, calendar: calendar).map(\.key)
    }
}

/// A small seeded generator, so randomised tests repeat.
struct TriggerTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Trigger fixtures")
struct TriggerFixtureTests {
    @Test func localMomentsAreShanghaiWallClock() {
        // 2026-11-11 08:00 in Shanghai is midnight UTC.
        #expect(TriggerFixtures.local(2026, 11, 11, 8) == TriggerFixtures.utc(2026, 11, 11))
        // Los Angeles is on PST (UTC−8) in January.
        #expect(TriggerFixtures.local(2026, 1, 10, 16, calendar: TriggerFixtures.losAngeles)
            == TriggerFixtures.utc(2026, 1, 11))
    }
}
