/// Credits orders to the messages that preceded them (SPEC AUTO-6) and measures each journey against its holdout.
///
/// Last touch: an order is credited to the customer's latest touch (any journey) that is at or before the order and
/// whose journey window still covers it (`touch.at ≤ order.at < touch.at + days`); a touch whose window has passed
/// is skipped in favour of an earlier one whose window has not. Each order (customer and external id) is credited
/// at most once; equal times go to the higher message id. Pass sent touches only (not held back or dead-lettered).
///
/// Lift: per journey, an entrant converted when they paid an order in `(enteredAt, enteredAt + days)` — after the
/// moment of entry, so the order that triggered a first-order journey is not its own conversion; holdouts
/// have no touches, so entry time is the clock for both groups, and treated entrants count whether or not the
/// policy let a message through (intention to treat).
public enum Attribution {
    public static let defaultWindowDays = 7

    public static func report(touches: [Touch], entrants: [Entrant], orders: [AttributableOrder],
                              windowDays: [String: Int]) -> AttributionReport {
        func window(_ journeyID: String) -> Int64 { Int64(windowDays[journeyID] ?? defaultWindowDays) * 86_400 }
        let longestWindow = max(Int64(defaultWindowDays), Int64(windowDays.values.max() ?? 0)) * 86_400

        var touchesByCustomer: [Int64: [Int]] = [:]
        for (index, touch) in touches.enumerated() { touchesByCustomer[touch.customerID, default: []].append(index) }
        for key in touchesByCustomer.keys {
            touchesByCustomer[key]!.sort { (touches[$0].at, touches[$0].messageID) < (touches[$1].at, touches[$1].messageID) }
        }

        let distinctOrders = deduplicated(orders)
        var credit: [Int: (orders: Int, revenue: Money)] = [:]
        var attributions: [OrderAttribution] = []
        for order in distinctOrders {
            guard let list = touchesByCustomer[order.customerID] else { continue }
            // The first touch after the order, then walk back while a window could still reach the order.
            var position = upperBound(list, order.at) { touches[$0].at }
            while position > 0 {
                position -= 1
                let touch = touches[list[position]]
                if order.at.secondsSinceEpoch - touch.at.secondsSinceEpoch >= longestWindow { break }
                guard order.at.secondsSinceEpoch - touch.at.secondsSinceEpoch < window(touch.journeyID) else { continue }
                credit[list[position], default: (0, .zero)].orders += 1
                credit[list[position], default: (0, .zero)].revenue += order.amount
                attributions.append(OrderAttribution(customerID: order.customerID, orderExternalID: order.externalID,
                                                     messageID: touch.messageID, journeyID: touch.journeyID,
                                                     stepID: touch.stepID, variant: touch.variant, amount: order.amount))
                break
            }
        }

        return AttributionReport(steps: stepRows(touches, credit: credit, byVariant: false),
                                 variants: stepRows(touches, credit: credit, byVariant: true),
                                 journeys: lift(entrants, orders: distinctOrders, window: window),
                                 attributions: attributions)
    }

    /// One row per step (or step and variant), counting every touch and the orders credited to it.
    private static func stepRows(_ touches: [Touch], credit: [Int: (orders: Int, revenue: Money)], byVariant: Bool) -> [StepReport] {
        struct Key: Hashable { var journeyID: String; var stepID: String; var variant: String? }
        var rows: [Key: StepReport] = [:]
        for (index, touch) in touches.enumerated() {
            let key = Key(journeyID: touch.journeyID, stepID: touch.stepID, variant: byVariant ? touch.variant : nil)
            var row = rows[key] ?? StepReport(journeyID: key.journeyID, stepID: key.stepID, variant: key.variant)
            row.sent += 1
            if touch.delivered { row.delivered += 1 }
            if touch.opened { row.opened += 1 }
            if touch.clicked { row.clicked += 1 }
            if let credited = credit[index] {
                row.converted += 1
                row.revenue += credited.revenue
            }
            rows[key] = row
        }
        return rows.values.sorted { ($0.journeyID, $0.stepID, $0.variant ?? "") < ($1.journeyID, $1.stepID, $1.variant ?? "") }
    }

    private static func lift(_ entrants: [Entrant], orders: [AttributableOrder], window: (String) -> Int64) -> [JourneyLift] {
        var ordersByCustomer: [Int64: [AttributableOrder]] = [:]
        for order in orders { ordersByCustomer[order.customerID, default: []].append(order) }  // already in time order

        struct Tally { var entrants = 0, converted = 0; var revenue = Money.zero }
        var tallies: [String: (treated: Tally, holdout: Tally)] = [:]
        for entrant in entrants {
            let end = entrant.enteredAt + window(entrant.journeyID)
            var revenue = Money.zero
            var converted = false
            if let list = ordersByCustomer[entrant.customerID] {
                var position = lowerBound(list, entrant.enteredAt + 1) { $0.at }
                while position < list.count, list[position].at < end {
                    converted = true
                    revenue += list[position].amount
                    position += 1
                }
            }
            var pair = tallies[entrant.journeyID] ?? (Tally(), Tally())
            if entrant.holdout {
                pair.holdout.entrants += 1; pair.holdout.converted += converted ? 1 : 0; pair.holdout.revenue += revenue
            } else {
                pair.treated.entrants += 1; pair.treated.converted += converted ? 1 : 0; pair.treated.revenue += revenue
            }
            tallies[entrant.journeyID] = pair
        }
        return tallies.keys.sorted().map { journeyID in
            let pair = tallies[journeyID]!
            return JourneyLift(journeyID: journeyID, treated: pair.treated.entrants, treatedConverted: pair.treated.converted,
                               treatedRevenue: pair.treated.revenue, holdout: pair.holdout.entrants,
                               holdoutConverted: pair.holdout.converted, holdoutRevenue: pair.holdout.revenue)
        }
    }

    /// Orders in customer and time order, each (customer, external id) once.
    private static func deduplicated(_ orders: [AttributableOrder]) -> [AttributableOrder] {
        struct Key: Hashable { var customerID: Int64; var externalID: String }
        var seen: Set<Key> = []
        let sorted = orders.sorted { ($0.customerID, $0.at.secondsSinceEpoch, $0.externalID) < ($1.customerID, $1.at.secondsSinceEpoch, $1.externalID) }
        return sorted.filter { seen.insert(Key(customerID: $0.customerID, externalID: $0.externalID)).inserted }
    }

    /// The first position whose moment is after `moment`.
    private static func upperBound<Element>(_ list: [Element], _ moment: Instant, _ at: (Element) -> Instant) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if at(list[middle]) <= moment { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first position whose moment is at or after `moment`.
    private static func lowerBound<Element>(_ list: [Element], _ moment: Instant, _ at: (Element) -> Instant) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if at(list[middle]) < moment { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
