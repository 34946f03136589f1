/// Every route of the API, in one table: each declares its method, path, permission and bodies in its family's
/// file; the router, the permission test and `/openapi.json` are all built from this list.
public enum RouteTable {
    public static let all: [APIRoute] = ServiceRoutes.routes + KeyRoutes.routes + AuditRoutes.routes
        + CustomerRoutes.routes + IngestionRoutes.routes
        + SegmentRoutes.routes + AudienceRoutes.routes + TagRoutes.routes
        + PromotionRoutes.routes + CouponRoutes.routes + PricingRoutes.routes
        + JourneyRoutes.routes + MessageRoutes.routes + TrackingRoutes.routes
        + PredictionRoutes.routes

    /// Named schemas, shared between routes (`Schema.ref`).
    public static let components: [String: Schema] = APISchemas.components

    /// The OpenAPI 3.1 document of `all`.
    public static let document: JSONValue = OpenAPIDocument.build(routes: all, components: components)
}
