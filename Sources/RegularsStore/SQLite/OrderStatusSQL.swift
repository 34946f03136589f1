import Regulars

/// The order states as SQL lists, from `OrderStatus` so that queries and the model never disagree.
enum OrderStatusSQL {
    /// Orders that count as purchases: `status IN \(purchased)`.
    static let purchased = list(OrderStatus.purchased)
    /// Orders that were paid at some point (purchases and full refunds): their net is `amount - refunded`.
    static let wasPaid = list(OrderStatus.allCases.filter(\.wasPaid))

    private static func list(_ states: [OrderStatus]) -> String {
        "(" + states.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }
}
