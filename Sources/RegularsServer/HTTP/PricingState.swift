/// State the pricing and coupon routes keep for the server's life.
public final class PricingState: Sendable {
    public init() {}
}
