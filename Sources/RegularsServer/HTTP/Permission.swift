import RegularsStore

/// What a route needs of the caller's key. Every route declares one, in its `APIRoute`.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// No key: `/health` and `/openapi.json` only.
    case open
    /// Reading customers, segments, audiences, promotions, coupons, metrics; pricing a cart (it changes nothing).
    case read
    /// Changing customers, audiences, tags, promotions, coupons; ingestion.
    case write
    /// Keys, erasure, the audit log.
    case admin
}

extension APIRole {
    /// The permissions this role holds.
    public var permissions: Set<Permission> {
        switch self {
        case .admin: return [.open, .read, .write, .admin]
        case .operator: return [.open, .read, .write]
        case .analyst: return [.open, .read]
        }
    }

    /// Analysts see phone numbers, e-mail addresses and names masked.
    public var seesPersonalData: Bool { self != .analyst }
}
