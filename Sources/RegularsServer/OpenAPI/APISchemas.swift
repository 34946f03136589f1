/// Schemas shared between route families, by name. Each family adds its own in its own file and lists them here.
enum APISchemas {
    static let components: [String: Schema] = KeyRoutes.schemas.merging(AuditRoutes.schemas) { first, _ in first }
}
