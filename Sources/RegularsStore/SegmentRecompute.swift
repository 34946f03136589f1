import Regulars

/// Computing segments from a store and writing what changed (SEG-1 … SEG-6): a full recompute refits the quantile
/// boundaries on everyone; an update after an import re-scores only the customers whose purchases changed, against
/// the boundaries of the last full recompute. Rule tags are re-evaluated by both.
public enum SegmentRecompute {
    public static func full(_ store: any SegmentStore, settings: ShopSettings, now: Instant) async throws -> SegmentRunReport {
        let marks = try await store.changedCustomers()
        let rules = try await store.tagRules()
        let calendar = settings.calendar
        let columns = try await store.loadShopColumns(calendar: calendar, detail: !rules.isEmpty)
        let table = SegmentTable(purchases: columns.purchases, asOfLocalSeconds: calendar.localSeconds(now),
                                 settings: settings.segmentation)
        var report = try await store.saveSegments(table, customerIDs: columns.customerIDs, full: true, clearing: marks, at: now)
        try await RuleTags.apply(rules, columns: columns, segments: table, store: store, now: now, calendar: calendar,
                                 report: &report)
        return report
    }

    /// Re-scores the customers marked as changed; a store never fully computed gets a full recompute instead.
    public static func changed(_ store: any SegmentStore, settings: ShopSettings, now: Instant) async throws -> SegmentRunReport {
        guard let (baseline, _) = try await store.loadBaseline() else {
            return try await full(store, settings: settings, now: now)
        }
        let marks = try await store.changedCustomers()
        let calendar = settings.calendar
        let asOf = calendar.localSeconds(now)
        var report = SegmentRunReport(full: false)
        if !marks.isEmpty {
            let purchases = try await store.loadPurchases(of: marks, calendar: calendar)
            let aggregates = CustomerAggregates(purchases, asOfLocalSeconds: asOf, windowDays: settings.segmentation.rfmWindowDays)
            let table = SegmentTable(aggregates: aggregates, baseline: baseline, settings: settings.segmentation)
            report = try await store.saveSegments(table, customerIDs: marks, full: false, clearing: marks, at: now)
        }
        let rules = try await store.tagRules()
        if !rules.isEmpty {
            let columns = try await store.loadShopColumns(calendar: calendar, detail: true)
            let aggregates = CustomerAggregates(columns.purchases, asOfLocalSeconds: asOf,
                                                windowDays: settings.segmentation.rfmWindowDays)
            let table = SegmentTable(aggregates: aggregates, baseline: baseline, settings: settings.segmentation)
            try await RuleTags.apply(rules, columns: columns, segments: table, store: store, now: now, calendar: calendar,
                                     report: &report)
        }
        return report
    }
}
