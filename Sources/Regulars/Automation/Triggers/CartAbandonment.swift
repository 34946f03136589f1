/// Cart abandoned (加购未付款): an `add_to_cart` with no paid order in the `hours` after it fires at the add plus
/// `hours`.
///
/// Adds come in runs: an add joins the run of the add before it when it came at most `hours` after that add and no
/// order was paid in between (both ends included); otherwise it begins a new run. Only the first add of a run can
/// fire, and it fires unless an order was paid from the add through the firing moment (both included). Key
/// `cart:<epoch seconds of the first add>`; `product` is its SKU. Deciding whether an add begins a run needs the
/// add before it, hence a look-back of twice `hours`.
enum CartAbandonment {
    static func occurrences(hours: Int, facts: TriggerFacts, in window: TriggerWindow) -> [TriggerOccurrence] {
        let span = max(0, TriggerSpan.hours(hours))
        var found: [TriggerOccurrence] = []
        var paid: PaidMoments?
        var previousAdd: Int64?
        for event in facts.events.oldestFirst where event.type == .addToCart {
            let added = event.at.secondsSinceEpoch
            if added + span > window.through { break }
            let orders = paid ?? PaidMoments(facts.orders)
            paid = orders
            let beginsRun = previousAdd.map { added - $0 > span || orders.any(from: $0, through: added) } ?? true
            previousAdd = added
            let moment = added + span
            guard beginsRun, window.contains(moment), !orders.any(from: added, through: moment) else { continue }
            found.append(TriggerOccurrence(key: "cart:" + String(added), at: Instant(secondsSinceEpoch: moment),
                                           variables: event.sku.map { ["product": $0] } ?? [:]))
        }
        return found
    }
}
