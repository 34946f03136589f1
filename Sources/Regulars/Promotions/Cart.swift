/// One line of a cart as the checkout sends it: a SKU, its category, the unit price before any promotion and the
/// quantity. A presale line also says the deposit per unit already paid (定金).
public struct CartLine: Sendable, Equatable, Codable {
    public var sku: String
    public var category: String?
    public var unitPrice: Money
    public var quantity: Int
    /// Deposit per unit paid in advance for a presale item; deducted from what is due now.
    public var depositPerUnit: Money?

    public init(sku: String, category: String? = nil, unitPrice: Money, quantity: Int, depositPerUnit: Money? = nil) {
        self.sku = sku
        self.category = category
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.depositPerUnit = depositPerUnit
    }

    public var listAmount: Money { unitPrice * Int64(quantity) }
}

/// A cart to price: its lines and the shipping fee the shop would charge.
public struct Cart: Sendable, Equatable, Codable {
    public var lines: [CartLine]
    public var shipping: Money

    public init(lines: [CartLine], shipping: Money = .zero) {
        self.lines = lines
        self.shipping = shipping
    }

    public var listAmount: Money { lines.reduce(.zero) { $0 + $1.listAmount } }

    /// Why a cart cannot be priced, naming the line (1-based) and field.
    public func validate() throws(PromotionError) {
        guard !lines.isEmpty else { throw .invalidCart("the cart has no lines") }
        guard lines.count <= 500 else { throw .invalidCart("the cart has \(lines.count) lines; at most 500") }
        guard shipping.fen >= 0 else { throw .invalidCart("shipping: \(shipping) is negative") }
        for (index, line) in lines.enumerated() {
            var place: String { "lines[\(index + 1)] (\(line.sku))" }  // written only for an error
            guard !line.sku.isEmpty else { throw .invalidCart("lines[\(index + 1)].sku is empty") }
            guard line.quantity >= 1, line.quantity <= 100_000 else {
                throw .invalidCart("\(place).quantity: \(line.quantity) is not between 1 and 100000")
            }
            guard line.unitPrice.fen >= 0, line.unitPrice.fen <= 1_000_000_000 else {
                throw .invalidCart("\(place).unit_price: \(line.unitPrice) is negative or above ¥10,000,000")
            }
            if let deposit = line.depositPerUnit, deposit.fen < 0 || deposit > line.unitPrice {
                throw .invalidCart("\(place).deposit: \(deposit) is negative or more than the unit price")
            }
        }
    }
}
