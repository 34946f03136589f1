/// Decides when a trigger fires for one customer (AUTO-1). Pure: the store loads `TriggerFacts`, the scheduler asks
/// which occurrences fall inside its window `(after, through]`.
///
/// Rules every trigger keeps:
/// - An occurrence is judged only from facts up to its own moment, so a window judged late (catch-up) gives the same
///   occurrences as one judged live — except that an order's current status is all the facts say of it.
/// - "No order within N" counts an order at exactly the end of N as in time: the check happens at that moment and
///   already knows of it.
/// - Days and hours are whole 86 400- and 3 600-second spans from the moment (not local calendar days); only the
///   birthday is a local calendar day.
/// - Of two orders at the same second, the one listed later in `facts.orders` is the later one.
public enum TriggerEvaluator {
    /// The look-back of triggers that need every order the customer ever paid (first order, no second order,
    /// presale): a century, which reaches before any shop's first order.
    public static let wholeHistory: Int64 = 100 * 366 * 86_400

    /// Occurrences of `trigger` for this customer whose moment `at` is in `(after, through]`; oldest first, ties by key.
    public static func occurrences(of trigger: Trigger, facts: TriggerFacts, after: Instant, through: Instant,
                                   calendar: ShopCalendar) -> [TriggerOccurrence] {
        let window = TriggerWindow(after: after, through: through)
        if window.isEmpty { return [] }
        var found: [TriggerOccurrence]
        switch trigger {
        case .orderPaid:
            found = OrderTriggers.paid(facts.orders, in: window)
        case .firstOrder:
            found = OrderTriggers.first(facts.orders, in: window)
        case .noSecondOrder(let days):
            found = OrderTriggers.noSecond(days: days, facts.orders, in: window)
        case .repurchase(let days, let cycles):
            found = OrderTriggers.repurchase(days: days, cycles: cycles, facts.orders, in: window)
        case .silent(let days):
            found = OrderTriggers.silent(days: days, facts.orders, in: window)
        case .presaleBalanceDue(let deadline, let hoursBefore):
            found = OrderTriggers.presale(deadline: deadline, hoursBefore: hoursBefore, facts.orders, in: window,
                                          calendar: calendar)
        case .shipped:
            found = EventTriggers.each(.shipped, prefix: "shipped", facts.events, in: window)
        case .delivered:
            found = EventTriggers.each(.delivered, prefix: "delivered", facts.events, in: window)
        case .cartExpired:
            found = EventTriggers.each(.cartExpired, prefix: "cart-expired", facts.events, in: window)
        case .levelChanged(let to):
            found = EventTriggers.levelChanges(to: to, facts.levelChanges, in: window)
        case .cartAbandoned(let hours):
            found = CartAbandonment.occurrences(hours: hours, facts: facts, in: window)
        case .productViewed(let minutes, let times, let withinHours):
            found = ProductViewing.occurrences(minutes: minutes, times: times, withinHours: withinHours, facts: facts,
                                               in: window, calendar: calendar)
        case .birthday(let daysBefore):
            found = BirthdayTrigger.occurrences(daysBefore: daysBefore, birthday: facts.birthday, in: window,
                                                calendar: calendar)
        case .audienceEntered, .audienceLeft:
            // The store finds these by the difference between yesterday's and today's audience.
            found = []
        }
        return oldestFirst(found)
    }

    /// How far before `after` the facts (orders, events, level changes) must reach for `trigger` to be judged in a
    /// window starting at `after`: silent 30 d needs the orders of the 30 days before; cart abandoned 24 h needs the
    /// cart adds of the 48 h before (24 h to reach an add that fires in the window, 24 h more to see whether an
    /// earlier add already began its run). `wholeHistory` when every paid order matters.
    public static func lookbackSeconds(_ trigger: Trigger) -> Int64 {
        switch trigger {
        case .orderPaid, .shipped, .delivered, .cartExpired, .levelChanged, .audienceEntered, .audienceLeft, .birthday:
            return 0
        case .firstOrder, .noSecondOrder, .presaleBalanceDue:
            return wholeHistory
        case .cartAbandoned(let hours):
            return 2 * max(0, TriggerSpan.hours(hours))
        case .productViewed(_, _, let withinHours):
            return 2 * max(0, TriggerSpan.hours(withinHours))
        case .repurchase(let days, let cycles):
            return max(0, TriggerSpan.days(cycles.values.reduce(days, max)))
        case .silent(let days):
            return max(0, TriggerSpan.days(days))
        }
    }

    /// The event types `trigger` reads; the store need not load any other (empty: it reads no events).
    public static func eventTypes(_ trigger: Trigger) -> [EventType] {
        switch trigger {
        case .shipped: return [.shipped]
        case .delivered: return [.delivered]
        case .cartAbandoned: return [.addToCart]
        case .cartExpired: return [.cartExpired]
        case .productViewed: return [.view]
        case .orderPaid, .firstOrder, .presaleBalanceDue, .levelChanged, .audienceEntered, .audienceLeft, .birthday,
             .noSecondOrder, .repurchase, .silent:
            return []
        }
    }

    /// Sorted by moment, ties by key; most lists arrive sorted and are returned as they are.
    private static func oldestFirst(_ found: [TriggerOccurrence]) -> [TriggerOccurrence] {
        func precedes(_ a: TriggerOccurrence, _ b: TriggerOccurrence) -> Bool {
            a.at != b.at ? a.at < b.at : a.key < b.key
        }
        var sorted = true
        for index in found.indices.dropFirst() where precedes(found[index], found[index - 1]) {
            sorted = false
            break
        }
        return sorted ? found : found.sorted(by: precedes)
    }
}

/// The scheduler's window `(after, through]` in epoch seconds.
struct TriggerWindow {
    let after: Int64
    let through: Int64

    init(after: Instant, through: Instant) {
        self.after = after.secondsSinceEpoch
        self.through = through.secondsSinceEpoch
    }

    var isEmpty: Bool { through <= after }

    func contains(_ seconds: Int64) -> Bool { seconds > after && seconds <= through }
}

/// Trigger settings turned into seconds, held within a century either way so that an absurd setting cannot overflow.
enum TriggerSpan {
    private static let century: Int64 = 36_525 * 86_400

    static func days(_ days: Int) -> Int64 { bounded(days, unit: 86_400) }
    static func hours(_ hours: Int) -> Int64 { bounded(hours, unit: 3600) }
    static func minutes(_ minutes: Int) -> Int64 { bounded(minutes, unit: 60) }

    private static func bounded(_ count: Int, unit: Int64) -> Int64 {
        let limit = century / unit
        return Int64(clamping: count).clamped(-limit, limit) * unit
    }
}

private extension Int64 {
    func clamped(_ low: Int64, _ high: Int64) -> Int64 { Swift.min(Swift.max(self, low), high) }
}
