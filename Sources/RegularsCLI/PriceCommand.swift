import ArgumentParser
import Foundation
import Regulars
import RegularsStore

/// Options shared by pricing and redeeming a cart.
struct CartOptions: ParsableArguments {
    @Argument(help: "The cart's JSON file: {\"channel\": \"tmall\", \"shipping\": \"10\", \"lines\": [{\"sku\": \"A1\", \"category\": \"美妆\", \"price\": \"120\", \"quantity\": 2}]}")
    var cart: String
    @Option(help: "The customer: id, phone or account (none: a guest).") var customer: String?
    @Option(help: "The channel, when the cart file does not say (default tmall).") var channel: String?
    @Option(help: "Use exactly these coupon codes, comma-separated (default: the best combination of the customer's coupons).")
    var coupons: String?
    @Flag(help: "Use no coupon.") var noCoupons = false
    @OptionGroup var asOf: AsOfOptions

    func validate() throws {
        if noCoupons && coupons != nil { throw ValidationError("give --coupons or --no-coupons, not both") }
    }

    var choice: CouponChoice {
        if noCoupons { return .none }
        if let coupons { return .codes(coupons.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }) }
        return .best
    }

    func prepare(_ store: SQLiteStore) async throws -> (CheckoutPricing.Prepared, CartRequest, Int64?) {
        guard let data = FileManager.default.contents(atPath: cart) else { throw CommandFailure("cannot read \(cart)") }
        let request: CartRequest
        do {
            request = try CartRequest.decode(data)
        } catch {
            throw CommandFailure("\(cart): \(error)")
        }
        let settings = try await store.loadSettings()
        var customerID: Int64?
        if let customer { customerID = try await CustomerLookup.id(customer, in: store) }
        let channel = channel.map(Channel.init(rawValue:)) ?? request.channel ?? .tmall
        let prepared = try await CheckoutPricing.prepare(request, customer: customerID, channel: channel, choice: choice,
                                                         store: store, settings: settings, now: asOf.instant(settings.calendar))
        return (prepared, request, customerID)
    }
}

struct PriceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price a cart for a customer (PROMO-3): promotions, the best coupon combination, every discount explained. Changes nothing.",
        discussion: "Order: item prices → 会员折上折 → shop-level thresholds → coupons → shipping.")
    @OptionGroup var cart: CartOptions
    @Flag(help: "JSON output.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let (prepared, _, _) = try await cart.prepare(try store.open())
        let priced = try prepared.price()
        if json { return try printJSON(priced) }
        print(PricingText.render(priced))
    }
}
