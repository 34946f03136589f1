extension OrderRecord {
    /// A stable fingerprint of everything the order says: re-importing an unchanged order is recognised as a
    /// duplicate, a changed one (a refund, a new status) as an update.
    public var contentHash: Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Int64?) {
            var v = UInt64(bitPattern: value ?? Int64.min)
            for _ in 0..<8 {
                hash ^= v & 0xFF
                hash &*= 0x0000_0100_0000_01b3
                v >>= 8
            }
        }
        func mix(_ text: String?) { StableHash.combine(&hash, text ?? "\u{0}") }
        mix(channel.rawValue)
        mix(externalID)
        mix(buyer.channel.rawValue)
        mix(buyer.account)
        mix(buyer.phone)
        mix(buyer.maskedPhone)
        mix(buyer.email)
        mix(buyer.unionID)
        mix(buyerName)
        mix(province)
        mix(city)
        mix(status.rawValue)
        mix(createdAt?.secondsSinceEpoch)
        mix(paidAt?.secondsSinceEpoch)
        mix(amount.fen)
        mix(refunded.fen)
        mix(deposit?.fen)
        mix(balance?.fen)
        // Mixed in only when known, so orders imported before discounts were read keep their fingerprint.
        if let discount { mix(discount.fen) }
        for line in lines {
            mix(line.product.sku)
            mix(line.product.name)
            mix(line.product.category)
            mix(line.product.brand)
            mix(Int64(line.quantity))
            mix(line.unitPrice.fen)
            mix(line.amount.fen)
        }
        return Int64(bitPattern: hash)
    }
}
