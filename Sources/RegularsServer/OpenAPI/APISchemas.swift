/// Schemas shared between routes, by name. Each family declares its own in its file; a name used twice is a mistake
/// the route-table test catches.
enum APISchemas {
    static let families: [[String: Schema]] = [
        KeyRoutes.schemas, AuditRoutes.schemas, CustomerRoutes.schemas, IngestionRoutes.schemas, SegmentRoutes.schemas,
        AudienceRoutes.schemas, TagRoutes.schemas, PromotionRoutes.schemas, CouponRoutes.schemas, PricingRoutes.schemas,
        JourneyRoutes.schemas, MessageRoutes.schemas,
        PredictionRoutes.schemas,
    ]

    static let components: [String: Schema] = families.reduce(into: [:]) { all, family in
        all.merge(family) { first, _ in first }
    }
}
