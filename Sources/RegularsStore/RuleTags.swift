import Regulars

/// Rule tags (SEG-5): each rule's audience-language definition evaluated over the loaded columns; the tag's
/// rule-given holders become exactly the customers it matches.
public enum RuleTags {
    static func apply(_ rules: [TagRule], columns: ShopColumns, segments: SegmentTable, store: any SegmentStore,
                      now: Instant, calendar: ShopCalendar, report: inout SegmentRunReport) async throws {
        guard !rules.isEmpty else { return }
        // Rules may ask for predictions (`churn_risk = high`): the stored ones, as audiences see them.
        let predictions = try await AudienceSnapshot.storedPredictions(store, customerIDs: columns.customerIDs)
        let context = AudienceContext(columns: columns, segments: segments, asOfLocalSeconds: calendar.localSeconds(now),
                                      predictions: predictions)
        for rule in rules {
            // A definition was checked when it was saved; one that no longer parses (a word since removed) is skipped.
            guard let query = try? AudienceQuery(parsing: rule.definition) else { continue }
            let members = context.evaluate(query).indexes.map { columns.customerIDs[Int($0)] }
            let (added, removed) = try await store.applyRuleTag(rule.tag, members: members, at: now)
            report.ruleTagsAdded += added
            report.ruleTagsRemoved += removed
        }
    }

    /// Saves a rule and gives its tag to the customers it matches now.
    public static func define(_ rule: TagRule, store: any SegmentStore, settings: ShopSettings,
                              now: Instant) async throws -> (added: Int, removed: Int) {
        try await store.saveTagRule(rule)
        let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
        var report = SegmentRunReport(full: false)
        try await apply([rule], columns: snapshot.columns, segments: snapshot.segments, store: store, now: now,
                        calendar: settings.calendar, report: &report)
        return (report.ruleTagsAdded, report.ruleTagsRemoved)
    }
}
