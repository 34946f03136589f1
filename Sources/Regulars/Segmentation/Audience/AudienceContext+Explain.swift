/// `explain`: the query tree, node by node, with what each node matches on its own and what looks wrong in it.
extension AudienceContext {
    /// One line per node of the query tree, depth-first: its depth, a description in Chinese+English (e.g. "bought sku:A within 90d — 90天内购买过 sku:A"), the count of customers it matches on its own, and notes such as "unknown sku 'A'".
    public func explain(_ query: AudienceQuery) -> [AudienceExplanation] {
        var lines: [AudienceExplanation] = []
        _ = explain(query.expression, depth: 0, into: &lines)
        return lines
    }

    private func explain(_ expression: AudienceExpression, depth: Int, into lines: inout [AudienceExplanation])
        -> CustomerSet {
        let english: String
        switch expression {
        case .and: english = "and"
        case .or: english = "or"
        case .not: english = "not"
        case let .condition(condition): english = AudienceCanonical.text(condition)
        }
        let line = lines.count
        lines.append(AudienceExplanation(depth: depth, description: english + " — " + AudienceVocabulary.chinese(expression),
                                         count: 0, notes: notes(expression)))
        var result: CustomerSet
        switch expression {
        case let .and(items), let .or(items):
            var isAnd = false
            if case .and = expression { isAnd = true }
            result = explain(items[0], depth: depth + 1, into: &lines)
            for item in items.dropFirst() {
                let next = explain(item, depth: depth + 1, into: &lines)
                if isAnd { result.formIntersection(next) } else { result.formUnion(next) }
            }
        case let .not(inner):
            result = explain(inner, depth: depth + 1, into: &lines)
            result.formComplement()
        case let .condition(condition):
            result = evaluate(condition)
        }
        lines[line].count = result.count
        return result
    }

    /// Names the shop does not know (they match nobody), and empty periods.
    private func notes(_ expression: AudienceExpression) -> [String] {
        guard case let .condition(condition) = expression else { return [] }
        switch condition {
        case let .activity(activity):
            var notes: [String] = []
            switch activity.target {
            case let .sku(name) where skuIndex[name] == nil: notes.append("unknown sku '\(name)'")
            case let .category(name) where categoryIndex[name] == nil: notes.append("unknown category '\(name)'")
            default: break
            }
            if seconds(activity.period) == nil { notes.append("the period lies after the as-of day") }
            return notes
        case let .name(field, match):
            let known: [String: [Int32]]
            switch field {
            case .channel: known = channelIndex
            case .region: known = regionIndex
            case .tag: known = tagIndex
            case .rfmClass, .pyramid, .lifecycle: return []
            }
            return match.values.filter { known[$0] == nil }.map { value in
                var note = "unknown \(field.rawValue) '\(value)'"
                if field == .region {
                    let similar = columns.regionNames.filter { $0.hasPrefix(value) && $0 != value }.prefix(3)
                    if !similar.isEmpty { note += " (known: \(similar.joined(separator: ", ")))" }
                }
                return note
            }
        case .prediction, .churnRisk:
            return predictions == nil ? ["no predictions stored yet: prediction conditions match no one until a fit is saved"] : []
        case .number, .sleepWarning, .birthday, .orderDate:
            return []
        }
    }
}
