import Regulars

// PENDING: replaced by /tmp/pending/RuleTags.swift once AudienceContext exists.
enum RuleTags {
    static func apply(_ rules: [TagRule], columns: ShopColumns, segments: SegmentTable, store: any SegmentStore,
                      now: Instant, calendar: ShopCalendar, report: inout SegmentRunReport) async throws {}
}
