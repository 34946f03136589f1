/// Product viewed without ordering (浏览未下单), per SKU.
///
/// At each `view` of a SKU the evaluator looks at that SKU's views from `withinHours` before it through it (both
/// included): the threshold is reached when their durations add up to more than `minutes` × 60 seconds or they are
/// at least `times` views. The occurrence is at the view that reaches it — provided no earlier view in those hours
/// had reached it already (so the customer hears once, however long they keep looking) and no paid order in those
/// hours held the SKU. Key `viewed:<sku>:<local day of that view>`: with `withinHours` under 24 two occurrences may
/// share a day and a key, and the first enrols (at most once per SKU and local day). `product` is the SKU. Judging
/// whether earlier views had reached it reaches back twice `withinHours`.
enum ProductViewing {
    static func occurrences(minutes: Int, times: Int, withinHours: Int, facts: TriggerFacts, in window: TriggerWindow,
                            calendar: ShopCalendar) -> [TriggerOccurrence] {
        let events = facts.events.oldestFirst
        // Views with a SKU, grouped by SKU, oldest first inside each group; later views cannot matter.
        var views: [(sku: String, index: Int)] = []
        for (index, event) in events.enumerated() where event.type == .view {
            if event.at.secondsSinceEpoch > window.through { break }
            if let sku = event.sku { views.append((sku, index)) }
        }
        if views.isEmpty { return [] }
        views.sort { $0.sku != $1.sku ? $0.sku < $1.sku : $0.index < $1.index }

        let span = max(0, TriggerSpan.hours(withinHours))
        let enough = TriggerSpan.minutes(minutes)
        var found: [TriggerOccurrence] = []
        var groupStart = 0
        while groupStart < views.count {
            let sku = views[groupStart].sku
            var groupEnd = groupStart
            while groupEnd < views.count, views[groupEnd].sku == sku { groupEnd += 1 }
            var oldest = groupStart
            var seconds: Int64 = 0
            var lastReached: Int64?
            for position in groupStart..<groupEnd {
                let view = events[views[position].index]
                let at = view.at.secondsSinceEpoch
                seconds += Int64(view.durationSeconds ?? 0)
                while events[views[oldest].index].at.secondsSinceEpoch < at - span {
                    seconds -= Int64(events[views[oldest].index].durationSeconds ?? 0)
                    oldest += 1
                }
                guard seconds > enough || position - oldest + 1 >= times else { continue }
                let reachedBefore = lastReached.map { $0 >= at - span } ?? false
                lastReached = at
                guard !reachedBefore, window.contains(at), !ordered(sku, from: at - span, through: at, facts.orders)
                else { continue }
                let key = "viewed:" + sku + ":" + calendar.local(view.at).date.description
                found.append(TriggerOccurrence(key: key, at: view.at, variables: ["product": sku]))
            }
            groupStart = groupEnd
        }
        return found
    }

    private static func ordered(_ sku: String, from: Int64, through: Int64, _ orders: [TriggerFacts.PaidOrder]) -> Bool {
        orders.contains { order in
            order.status.wasPaid && order.at.secondsSinceEpoch >= from && order.at.secondsSinceEpoch <= through
                && order.items.contains { $0.sku == sku }
        }
    }
}
