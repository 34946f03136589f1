/// What was wrong with a promotion, a coupon, a cart or a redemption, in words an operator can act on.
public enum PromotionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A definition that cannot work (`where` is the field path, e.g. `benefit.tiers[2].off`).
    case invalidDefinition(where: String, problem: String)
    case invalidCart(String)
    /// A redemption or issuance that the rules or the store refused; nothing was changed.
    case refused(String)

    public var description: String {
        switch self {
        case .invalidDefinition(let path, let problem): return path.isEmpty ? problem : "\(path): \(problem)"
        case .invalidCart(let problem): return "cart: \(problem)"
        case .refused(let reason): return reason
        }
    }
}
