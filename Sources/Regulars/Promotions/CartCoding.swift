import Foundation

/// A cart as a checkout sends it in JSON:
/// `{"channel": "tmall", "shipping": "10", "lines": [{"sku": "A1", "category": "美妆", "price": "120", "quantity": 2}],
///   "phone": "13800000000", "device": "…", "address": "…"}` — money in yuan, `deposit` per unit on presale lines,
/// the phone, device and address for the new-customer guard.
public struct CartRequest: Sendable, Equatable {
    public var cart: Cart
    public var channel: Channel?
    public var keys: NewCustomerKeys

    public init(cart: Cart, channel: Channel? = nil, keys: NewCustomerKeys = NewCustomerKeys()) {
        self.cart = cart
        self.channel = channel
        self.keys = keys
    }

    public static func decode(_ data: Data) throws(PromotionError) -> CartRequest {
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(CartRequest.self, from: data)
        } catch let error as PromotionError {
            throw .invalidCart(error.description)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw .invalidCart(OfferCoding.path(context.codingPath + [key]) + ": missing")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let problem = context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription
                throw .invalidCart(OfferCoding.path(context.codingPath) + ": " + problem)
            @unknown default:
                throw .invalidCart("\(error)")
            }
        } catch {
            throw .invalidCart("\(error)")
        }
    }
}

extension CartRequest: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["channel", "shipping", "lines", "phone", "device", "address"])
        let lines = try reader.nested([CartLine].self, "lines") ?? []
        self.init(cart: Cart(lines: lines, shipping: try reader.optionalMoney("shipping") ?? .zero),
                  channel: try reader.optionalString("channel").map(Channel.init(rawValue:)),
                  keys: NewCustomerKeys(phone: try reader.optionalString("phone"), device: try reader.optionalString("device"),
                                        address: try reader.optionalString("address")))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("channel", channel?.rawValue)
        if cart.shipping.fen > 0 { try writer.put("shipping", cart.shipping) }
        try writer.put("lines", cart.lines)
        try writer.put("phone", keys.phone)
        try writer.put("device", keys.device)
        try writer.put("address", keys.address)
    }
}

extension CartLine {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["sku", "category", "price", "quantity", "deposit"])
        self.init(sku: try reader.string("sku"), category: try reader.optionalString("category"), unitPrice: try reader.money("price"),
                  quantity: try reader.optionalInt("quantity", atLeast: 1) ?? 1, depositPerUnit: try reader.optionalMoney("deposit"))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("sku", sku)
        try writer.put("category", category)
        try writer.put("price", unitPrice)
        try writer.put("quantity", quantity)
        try writer.put("deposit", depositPerUnit)
    }
}
