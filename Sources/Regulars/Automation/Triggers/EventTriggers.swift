/// The triggers that fire once per recorded event or level change, at its moment.
enum EventTriggers {
    /// Each event of `type`: key `<prefix>:<epoch seconds>` plus `:<sku>` when it has one, so the same event (same
    /// type, moment and SKU) is one occurrence however often it was recorded. `product` is the SKU.
    static func each(_ type: EventType, prefix: String, _ events: [TriggerFacts.Event],
                     in window: TriggerWindow) -> [TriggerOccurrence] {
        var found: [TriggerOccurrence] = []
        for event in events.oldestFirst where event.type == type && window.contains(event.at.secondsSinceEpoch) {
            var key = prefix + ":" + String(event.at.secondsSinceEpoch)
            if let sku = event.sku { key += ":" + sku }
            if found.reversed().prefix(while: { $0.at == event.at }).contains(where: { $0.key == key }) { continue }
            found.append(TriggerOccurrence(key: key, at: event.at, variables: event.sku.map { ["product": $0] } ?? [:]))
        }
        return found
    }

    /// Each move to level `to` (nil: to any level) from a different level or none. Key
    /// `level:<epoch seconds>:<level>`; variables `level` and, when there was one, `previous_level`.
    static func levelChanges(to target: String?, _ changes: [TriggerFacts.LevelChange],
                             in window: TriggerWindow) -> [TriggerOccurrence] {
        var found: [TriggerOccurrence] = []
        for change in changes where window.contains(change.at.secondsSinceEpoch) {
            guard let level = change.to, change.from != level, target == nil || target == level else { continue }
            let key = "level:" + String(change.at.secondsSinceEpoch) + ":" + level
            if found.contains(where: { $0.key == key }) { continue }
            var variables = ["level": level]
            if let from = change.from { variables["previous_level"] = from }
            found.append(TriggerOccurrence(key: key, at: change.at, variables: variables))
        }
        return found
    }
}
