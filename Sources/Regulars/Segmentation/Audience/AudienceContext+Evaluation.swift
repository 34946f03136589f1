/// Evaluation: conditions on a product walk only that product's entries; per-customer conditions are tight loops that
/// write 64 customers a word; `and`, `or`, `not` combine words.
extension AudienceContext {
    /// The customers the query matches.
    public func evaluate(_ query: AudienceQuery) -> CustomerSet { evaluate(query.expression) }

    func evaluate(_ expression: AudienceExpression) -> CustomerSet {
        switch expression {
        case let .and(items):
            var result = evaluate(items[0])
            for item in items.dropFirst() {
                if case let .not(inner) = item {
                    result.formSubtraction(evaluate(inner))
                } else {
                    result.formIntersection(evaluate(item))
                }
            }
            return result
        case let .or(items):
            var result = evaluate(items[0])
            for item in items.dropFirst() { result.formUnion(evaluate(item)) }
            return result
        case let .not(inner):
            return evaluate(inner).complement()
        case let .condition(condition):
            return evaluate(condition)
        }
    }

    func evaluate(_ condition: AudienceCondition) -> CustomerSet {
        switch condition {
        case let .activity(activity): return self.activity(activity)
        case let .number(field, comparison): return number(field, comparison)
        case let .name(field, match):
            let positive = name(field, match.values)
            return match.negated ? positive.complement() : positive
        case .sleepWarning:
            return segments.sleepWarning.withUnsafeBufferPointer { warning in fill { warning[$0] } }
        case let .birthday(duration): return birthday(days: duration.days ?? 1)
        case let .orderDate(field, test): return orderDate(field, test)
        case let .prediction(field, comparison): return prediction(field, comparison)
        case let .churnRisk(match):
            guard predictions != nil else { return CustomerSet(count: customerCount) }
            let positions = match.values.compactMap { ChurnLevel(rawValue: $0).flatMap(ChurnLevel.allCases.firstIndex) }
            guard match.negated else { return coded(churnCode, positions) }
            // Not the complement: an unscored customer has no level to differ from.
            let others = ChurnLevel.allCases.indices.filter { !positions.contains($0) }
            return coded(churnCode, others)
        }
    }

    // MARK: Activities

    /// The inclusive local-seconds range a period covers, never past the as-of moment.
    func seconds(_ period: AudiencePeriod) -> ClosedRange<Int64>? {
        let from: Int64, to: Int64
        switch period {
        case .ever:
            (from, to) = (.min, asOf)
        case let .within(duration):
            if let days = duration.days {
                (from, to) = ((asOfDay - Int64(days) + 1) * 86_400, asOf)
            } else {
                (from, to) = (asOf - duration.seconds, asOf)
            }
        case let .between(start, end):
            (from, to) = (start.daysSinceEpoch * 86_400, min(asOf, (end.daysSinceEpoch + 1) * 86_400 - 1))
        }
        return from <= to ? from ... to : nil
    }

    private func activity(_ activity: AudienceActivity) -> CustomerSet {
        var words = [UInt64](repeating: 0, count: (customerCount + 63) / 64)
        guard let period = seconds(activity.period) else { return CustomerSet(universe: customerCount, words: words) }
        guard let type = activity.kind.eventType else {
            switch activity.target {
            case let .sku(name):
                for sku in skuIndex[name] ?? [] { markPurchases(purchasesBySku, purchasesBySku.range(Int(sku)), period, &words) }
            case let .category(name):
                for category in categoryIndex[name] ?? [] {
                    markPurchases(purchasesByCategory, purchasesByCategory.range(Int(category)), period, &words)
                }
            case .anything:
                markAllPurchases(period, &words)
            }
            return CustomerSet(universe: customerCount, words: words)
        }
        let t = Self.eventTypes.firstIndex(of: type) ?? 0
        let skuKeys = columns.skuNames.count + 1, categoryCount = columns.categoryNames.count
        let minimum = activity.minimumSeconds.map { $0.seconds } ?? Int64.min
        switch activity.target {
        case let .sku(name):
            for sku in skuIndex[name] ?? [] {
                markEvents(eventsBySku, eventsBySku.range(t * skuKeys + Int(sku) + 1), period, minimum, &words)
            }
        case let .category(name):
            for category in categoryIndex[name] ?? [] {
                markEvents(eventsByCategory, eventsByCategory.range(t * categoryCount + Int(category)), period, minimum,
                           &words)
            }
        case .anything:
            markAllEvents(type, period, minimum, &words)
        }
        return CustomerSet(universe: customerCount, words: words)
    }

    private func markPurchases(_ buckets: AudienceBuckets, _ range: Range<Int>, _ period: ClosedRange<Int64>,
                               _ words: inout [UInt64]) {
        let from = period.lowerBound, to = period.upperBound
        buckets.entries.withUnsafeBufferPointer { entries in
        columns.purchases.customer.withUnsafeBufferPointer { customers in
        columns.purchases.localSeconds.withUnsafeBufferPointer { times in
        words.withUnsafeMutableBufferPointer { words in
            if from == .min, to == asOf { // the buckets hold nothing later: no need to read the times
                for k in range {
                    let c = Int(customers[Int(entries[k])])
                    words[c >> 6] |= 1 &<< UInt64(c & 63)
                }
                return
            }
            for k in range {
                let p = Int(entries[k])
                let time = times[p]
                if time >= from, time <= to {
                    let c = Int(customers[p])
                    words[c >> 6] |= 1 &<< UInt64(c & 63)
                }
            }
        }}}}
    }

    private func markAllPurchases(_ period: ClosedRange<Int64>, _ words: inout [UInt64]) {
        let from = period.lowerBound, to = period.upperBound, n = customerCount
        columns.purchases.customer.withUnsafeBufferPointer { customers in
        columns.purchases.localSeconds.withUnsafeBufferPointer { times in
        words.withUnsafeMutableBufferPointer { words in
            for p in 0 ..< min(customers.count, times.count) {
                let time = times[p], c = Int(customers[p])
                if time >= from, time <= to, c >= 0, c < n { words[c >> 6] |= 1 &<< UInt64(c & 63) }
            }
        }}}
    }

    private func markEvents(_ buckets: AudienceBuckets, _ range: Range<Int>, _ period: ClosedRange<Int64>,
                            _ minimum: Int64, _ words: inout [UInt64]) {
        let from = period.lowerBound, to = period.upperBound
        let checkDuration = minimum != .min
        buckets.entries.withUnsafeBufferPointer { entries in
        columns.eventCustomer.withUnsafeBufferPointer { customers in
        columns.eventLocalSeconds.withUnsafeBufferPointer { times in
        columns.eventDurationSeconds.withUnsafeBufferPointer { durations in
        words.withUnsafeMutableBufferPointer { words in
            for k in range {
                let e = Int(entries[k])
                let time = times[e]
                guard time >= from, time <= to else { continue }
                if checkDuration, e >= durations.count || Int64(durations[e]) < minimum { continue }
                let c = Int(customers[e])
                words[c >> 6] |= 1 &<< UInt64(c & 63)
            }
        }}}}}
    }

    /// Every event of the type, read front to back (a type's events lie all over its SKU buckets).
    private func markAllEvents(_ type: EventType, _ period: ClosedRange<Int64>, _ minimum: Int64, _ words: inout [UInt64]) {
        let from = period.lowerBound, to = period.upperBound, n = customerCount
        let checkDuration = minimum != .min
        columns.eventType.withUnsafeBufferPointer { types in
        columns.eventCustomer.withUnsafeBufferPointer { customers in
        columns.eventLocalSeconds.withUnsafeBufferPointer { times in
        columns.eventDurationSeconds.withUnsafeBufferPointer { durations in
        words.withUnsafeMutableBufferPointer { words in
            for e in 0 ..< min(types.count, customers.count, times.count) where types[e] == type {
                let time = times[e], c = Int(customers[e])
                guard time >= from, time <= to, c >= 0, c < n else { continue }
                if checkDuration, e >= durations.count || Int64(durations[e]) < minimum { continue }
                words[c >> 6] |= 1 &<< UInt64(c & 63)
            }
        }}}}}
    }

    // MARK: Per-customer conditions

    /// The customers `0 ..< customerCount` for which `predicate` holds, 64 to a word.
    @inline(__always)
    func fill(_ predicate: (Int) -> Bool) -> CustomerSet {
        let n = customerCount
        var words = [UInt64](repeating: 0, count: (n + 63) / 64)
        words.withUnsafeMutableBufferPointer { words in
            for w in 0 ..< words.count {
                let base = w << 6
                var bits: UInt64 = 0
                for b in 0 ..< min(64, n - base) {
                    let bit: UInt64 = predicate(base + b) ? 1 : 0
                    bits |= bit &<< UInt64(b)
                }
                words[w] = bits
            }
        }
        return CustomerSet(universe: n, words: words)
    }

    private func number(_ field: AudienceNumberField, _ comparison: AudienceComparison) -> CustomerSet {
        let aggregates = segments.aggregates
        switch field {
        case .orders:
            return aggregates.orders.withUnsafeBufferPointer { v in fill { comparison.holds(Int64(v[$0])) } }
        case .spend:
            return aggregates.spend.withUnsafeBufferPointer { v in fill { comparison.holds(v[$0]) } }
        case .frequency:
            return aggregates.frequency.withUnsafeBufferPointer { v in fill { comparison.holds(Int64(v[$0])) } }
        case .monetary:
            return aggregates.monetary.withUnsafeBufferPointer { v in fill { comparison.holds(v[$0]) } }
        case .recency:
            let today = asOfDay
            return aggregates.orders.withUnsafeBufferPointer { orders in
                aggregates.lastDay.withUnsafeBufferPointer { last in
                    fill { orders[$0] > 0 && comparison.holds(today - last[$0]) }
                }
            }
        case .rScore: return score(segments.rScore, comparison)
        case .fScore: return score(segments.fScore, comparison)
        case .mScore: return score(segments.mScore, comparison)
        case .couponShare:
            return purchaseCount.withUnsafeBufferPointer { all in
                discountedCount.withUnsafeBufferPointer { discounted in
                    fill { all[$0] > 0 && comparison.holds(numerator: Int64(discounted[$0]), denominator: Int64(all[$0])) }
                }
            }
        }
    }

    /// Only scored customers match; without stored predictions, no one does.
    private func prediction(_ field: AudiencePredictionField, _ comparison: AudienceComparison) -> CustomerSet {
        guard let predictions else { return CustomerSet(count: customerCount) }
        return predictions.scored.withUnsafeBufferPointer { scored in
            switch field {
            case .clv:
                return predictions.clv.withUnsafeBufferPointer { v in fill { scored[$0] && comparison.holds(v[$0]) } }
            case .pAlive:
                return predictions.pAlive.withUnsafeBufferPointer { v in
                    fill { scored[$0] && comparison.holds(v[$0], scale: 10_000) }
                }
            case .expectedPurchases:
                return predictions.expectedPurchases.withUnsafeBufferPointer { v in
                    fill { scored[$0] && comparison.holds(v[$0], scale: 100) }
                }
            }
        }
    }

    /// Scores of 0 (outside the RFM window, or no purchases) match nothing.
    private func score(_ scores: [UInt8], _ comparison: AudienceComparison) -> CustomerSet {
        scores.withUnsafeBufferPointer { v in fill { v[$0] != 0 && comparison.holds(Int64(v[$0])) } }
    }

    private func name(_ field: AudienceNameField, _ values: [String]) -> CustomerSet {
        switch field {
        case .rfmClass:
            return coded(classCode, values.compactMap { RFMClass(rawValue: $0).flatMap(RFMClass.allCases.firstIndex) })
        case .pyramid:
            return coded(pyramidCode, values.compactMap { PyramidLevel(rawValue: $0).flatMap(PyramidLevel.allCases.firstIndex) })
        case .lifecycle:
            return coded(lifecycleCode,
                         values.compactMap { LifecycleStage(rawValue: $0).flatMap(LifecycleStage.allCases.firstIndex) })
        case .channel:
            var result = CustomerSet(count: customerCount)
            for value in values {
                for channel in channelIndex[value] ?? [] where Int(channel) < channelBuyers.count {
                    result.formUnion(channelBuyers[Int(channel)])
                }
            }
            return result
        case .region:
            var wanted = [Bool](repeating: false, count: columns.regionNames.count)
            for value in values { for region in regionIndex[value] ?? [] { wanted[Int(region)] = true } }
            let count = wanted.count
            return wanted.withUnsafeBufferPointer { wanted in
                columns.province.withUnsafeBufferPointer { province in
                    columns.city.withUnsafeBufferPointer { city in
                        fill { c in
                            let p = Int(province[c]), q = Int(city[c])
                            return (p >= 0 && p < count && wanted[p]) || (q >= 0 && q < count && wanted[q])
                        }
                    }
                }
            }
        case .tag:
            var words = [UInt64](repeating: 0, count: (customerCount + 63) / 64)
            customersByTag.entries.withUnsafeBufferPointer { customers in
                words.withUnsafeMutableBufferPointer { words in
                    for value in values {
                        for tag in tagIndex[value] ?? [] {
                            for k in customersByTag.range(Int(tag)) {
                                let c = Int(customers[k])
                                words[c >> 6] |= 1 &<< UInt64(c & 63)
                            }
                        }
                    }
                }
            }
            return CustomerSet(universe: customerCount, words: words)
        }
    }

    /// Customers whose code is 1 + one of `positions`.
    private func coded(_ codes: [UInt8], _ positions: [Int]) -> CustomerSet {
        var mask: UInt64 = 0
        for position in positions { mask |= 1 &<< UInt64(position + 1) }
        return codes.withUnsafeBufferPointer { codes in fill { mask &>> UInt64(codes[$0]) & 1 != 0 } }
    }

    /// Birthdays (`month * 100 + day`) falling on the as-of day or the `days − 1` after it; a 29 February birthday
    /// falls on 28 February in a common year.
    private func birthday(days: Int) -> CustomerSet {
        var wanted = [Bool](repeating: false, count: 1232)
        for offset in 0 ..< min(days, 366) {
            let date = CivilDate(daysSinceEpoch: asOfDay + Int64(offset))
            wanted[date.month * 100 + date.day] = true
            if date.month == 2, date.day == 28, CivilDate.daysIn(month: 2, year: date.year) == 28 { wanted[229] = true }
        }
        return wanted.withUnsafeBufferPointer { wanted in
            columns.birthday.withUnsafeBufferPointer { birthdays in
                fill { c in
                    let b = Int(birthdays[c])
                    return b > 0 && b < 1232 && wanted[b]
                }
            }
        }
    }

    private func orderDate(_ field: AudienceOrderDateField, _ test: AudienceDateTest) -> CustomerSet {
        let aggregates = segments.aggregates
        let days = field == .first ? aggregates.firstDay : aggregates.lastDay
        let check: AudienceComparison
        switch test {
        case let .within(duration): check = .compare(.greaterOrEqual, asOfDay - Int64(duration.days ?? 1) + 1)
        case let .between(from, to): check = .between(from.daysSinceEpoch, to.daysSinceEpoch)
        case let .compare(op, date): check = .compare(op, date.daysSinceEpoch)
        }
        return aggregates.orders.withUnsafeBufferPointer { orders in
            days.withUnsafeBufferPointer { days in fill { orders[$0] > 0 && check.holds(days[$0]) } }
        }
    }
}
