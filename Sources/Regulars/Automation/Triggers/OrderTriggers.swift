/// The triggers read from a customer's orders. A "paid order" is one whose money was received (`status.wasPaid`,
/// so a later full refund does not undo it); an unpaid presale order (status `.pending`) is none.
enum OrderTriggers {
    typealias Order = TriggerFacts.PaidOrder

    /// Every paid order, at its paid moment. Key `order:<externalID>`.
    static func paid(_ orders: [Order], in window: TriggerWindow) -> [TriggerOccurrence] {
        var found: [TriggerOccurrence] = []
        for order in orders where order.status.wasPaid && window.contains(order.at.secondsSinceEpoch) {
            found.append(TriggerOccurrence(key: "order:" + order.externalID, at: order.at, variables: variables(order)))
        }
        return found
    }

    /// The customer's first paid order ever, at its paid moment. Key `first-order`.
    static func first(_ orders: [Order], in window: TriggerWindow) -> [TriggerOccurrence] {
        guard let index = firstPaid(orders), window.contains(orders[index].at.secondsSinceEpoch) else { return [] }
        let order = orders[index]
        return [TriggerOccurrence(key: "first-order", at: order.at, variables: variables(order))]
    }

    /// `days` after the first paid order, unless another paid order came after it by then. Key `no-second-order`.
    static func noSecond(days: Int, _ orders: [Order], in window: TriggerWindow) -> [TriggerOccurrence] {
        guard let index = firstPaid(orders) else { return [] }
        let order = orders[index]
        let moment = order.at.secondsSinceEpoch + max(0, TriggerSpan.days(days))
        guard window.contains(moment), !paidAfter(index, through: moment, in: orders) else { return [] }
        return [TriggerOccurrence(key: "no-second-order", at: Instant(secondsSinceEpoch: moment),
                                  variables: variables(order))]
    }

    /// `days` after each paid order that no paid order followed by then — the customer's last order as of that
    /// moment. Key `silent:<externalID of that order>`.
    static func silent(days: Int, _ orders: [Order], in window: TriggerWindow) -> [TriggerOccurrence] {
        var found: [TriggerOccurrence] = []
        let span = max(0, TriggerSpan.days(days))
        for (index, order) in orders.enumerated() where order.status.wasPaid {
            let moment = order.at.secondsSinceEpoch + span
            guard window.contains(moment), !paidAfter(index, through: moment, in: orders) else { continue }
            found.append(TriggerOccurrence(key: "silent:" + order.externalID, at: Instant(secondsSinceEpoch: moment),
                                           variables: variables(order)))
        }
        return found
    }

    /// Each purchase (a full refund leaves nothing to buy again) plus its cycle: the smallest `cycles` entry among its
    /// items — an item's SKU entry before its category's — or `days` when none has one. Not when a later paid order
    /// by then holds one of its SKUs or categories (for an order without items: any later paid order). Key
    /// `repurchase:<externalID>`; `product` is the item that set the cycle (else the first).
    static func repurchase(days: Int, cycles: [String: Int], _ orders: [Order],
                           in window: TriggerWindow) -> [TriggerOccurrence] {
        var found: [TriggerOccurrence] = []
        for (index, order) in orders.enumerated() where order.status.isPurchase {
            let (cycle, item) = cycleOf(order, days: days, cycles: cycles)
            let moment = order.at.secondsSinceEpoch + max(0, TriggerSpan.days(cycle))
            guard window.contains(moment) else { continue }
            let boughtAgain = paidAfter(index, through: moment, in: orders) { later in
                order.items.isEmpty || later.items.contains { bought in
                    order.items.contains { $0.sku == bought.sku || ($0.category != nil && $0.category == bought.category) }
                }
            }
            guard !boughtAgain else { continue }
            var variables = ["order": order.externalID]
            if let item { variables["product"] = productName(item) }
            found.append(TriggerOccurrence(key: "repurchase:" + order.externalID, at: Instant(secondsSinceEpoch: moment),
                                           variables: variables))
        }
        return found
    }

    /// An order with a deposit (> 0) whose balance is unpaid (status `.pending`): at `deadline − hoursBefore`, or at
    /// the deposit if that is later, provided that is still before the deadline. Key `presale:<externalID>`;
    /// `deadline` is `MM月dd日 HH:mm`, `balance` the amount due when known.
    static func presale(deadline: LocalDateTime, hoursBefore: Int, _ orders: [Order], in window: TriggerWindow,
                        calendar: ShopCalendar) -> [TriggerOccurrence] {
        let due = calendar.instant(deadline.date, deadline.time).secondsSinceEpoch
        let reminder = due - TriggerSpan.hours(hoursBefore)
        var found: [TriggerOccurrence] = []
        for order in orders where order.status == .pending && (order.deposit ?? .zero) > .zero {
            let moment = max(order.at.secondsSinceEpoch, reminder)
            guard moment < due, window.contains(moment) else { continue }
            var variables = variables(order)
            variables["deadline"] = TriggerText.monthDayTime(deadline)
            if let balance = order.balance { variables["balance"] = balance.description }
            found.append(TriggerOccurrence(key: "presale:" + order.externalID, at: Instant(secondsSinceEpoch: moment),
                                           variables: variables))
        }
        return found
    }

    // MARK: - Helpers

    /// The earliest paid order (ties: the one listed first).
    private static func firstPaid(_ orders: [Order]) -> Int? {
        var best: Int?
        for (index, order) in orders.enumerated() where order.status.wasPaid {
            if let current = best, orders[current].at <= order.at { continue }
            best = index
        }
        return best
    }

    /// Whether a paid order later than `orders[index]` (by moment, then by place in the list) was paid by `end`
    /// inclusive and passes `matching`.
    private static func paidAfter(_ index: Int, through end: Int64, in orders: [Order],
                                  matching: (Order) -> Bool = { _ in true }) -> Bool {
        let start = orders[index].at.secondsSinceEpoch
        for (other, order) in orders.enumerated() where other != index && order.status.wasPaid {
            let at = order.at.secondsSinceEpoch
            guard at <= end, at > start || (at == start && other > index) else { continue }
            if matching(order) { return true }
        }
        return false
    }

    private static func cycleOf(_ order: Order, days: Int,
                                cycles: [String: Int]) -> (days: Int, item: Order.Item?) {
        var best: (days: Int, item: Order.Item)?
        if !cycles.isEmpty {
            for item in order.items {
                guard let cycle = cycles[item.sku] ?? item.category.flatMap({ cycles[$0] }) else { continue }
                if let current = best, current.days <= cycle { continue }
                best = (cycle, item)
            }
        }
        return best.map { ($0.days, $0.item) } ?? (days, order.items.first)
    }

    private static func variables(_ order: Order) -> [String: String] {
        guard let item = order.items.first else { return ["order": order.externalID] }
        return ["order": order.externalID, "product": productName(item)]
    }

    private static func productName(_ item: Order.Item) -> String {
        if let name = item.name, !name.isEmpty { return name }
        return item.sku
    }
}

extension TriggerFacts.PaidOrder {
    typealias Item = (sku: String, name: String?, category: String?)
}
