import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct CouponCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coupon",
        abstract: "Coupons (PROMO-4): templates, issuing (to a customer, an audience, by claim code), listing, redeeming a cart, reversing on refund.",
        subcommands: [Template.self, Templates.self, Issue.self, List.self, Redeem.self, Reverse.self]
    )

    struct Template: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace a coupon template from a JSON file.",
            discussion: """
                Example: {"id": "new15", "name": "新客首单立减15", "benefit": {"type": "cash", "off": "15"}, "validity": {"days": 7},
                 "targeting": {"first_order_only": true}, "total_limit": 10000, "per_customer_limit": 1, "budget": "50000"}
                """)
        @Argument(help: "The template's JSON file.") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let template = try OfferCoding.decodeTemplate(try PromoFiles.read(file), calendar: try await store.loadSettings().calendar)
            try await store.saveTemplate(template, at: currentInstant())
            print("saved coupon template \(PricingText.offerLine(template.offer, isCoupon: true)) · \(template.validity.label)")
        }
    }

    struct Templates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List coupon templates with what they issued and gave.")
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let templates = try await store.open().templates()
            if json { return try printJSON(templates) }
            if templates.isEmpty { print("no coupon templates (create one: regulars coupon template FILE.json)") }
            for stored in templates {
                let template = stored.template
                var limits = ["issued \(stored.issued)" + (template.totalLimit.map { "/\($0)" } ?? ""),
                              "redeemed \(stored.redeemed)" + (template.redemptionBudget.map { "/\($0)" } ?? ""),
                              "given \(stored.given)" + (template.offer.budget.map { "/\($0)" } ?? "")]
                if let code = template.claimCode { limits.append("claim code \(code)") }
                print(PricingText.offerLine(template.offer, isCoupon: true) + " · " + template.validity.label + " · " + limits.joined(separator: " · "))
            }
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue coupons of a template to customers or a saved audience, or let a customer claim one by its claim code.")
        @Argument(help: "The template id (or, with --claim-code, nothing).") var template: String?
        @Option(parsing: .upToNextOption, help: "Customers: ids, phones or accounts.") var customer: [String] = []
        @Option(help: "A saved audience: every member gets one.") var audience: String?
        @Option(help: "A template's claim code (领券码), claimed by the one --customer.") var claimCode: String?
        @Option(help: "Retrying with the same key issues nothing twice.") var idempotencyKey: String?
        @OptionGroup var asOf: AsOfOptions
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if claimCode != nil {
                guard customer.count == 1, audience == nil, template == nil else {
                    throw ValidationError("--claim-code takes exactly one --customer and no template or audience")
                }
            } else {
                guard template != nil else { throw ValidationError("name the template (regulars coupon templates lists them)") }
                guard !customer.isEmpty || audience != nil else { throw ValidationError("give --customer or --audience") }
            }
        }

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = asOf.instant(settings.calendar)
            var ids: [Int64] = []
            for reference in customer { ids.append(try await CustomerLookup.id(reference, in: store)) }
            if let claimCode {
                let coupon = try await store.claimCoupon(claimCode: claimCode, customer: ids[0], idempotencyKey: idempotencyKey, at: now)
                if json { return try printJSON(coupon) }
                print("customer \(coupon.customerID): \(coupon.code) (\(coupon.templateID)) valid \(coupon.validFrom) – \(coupon.validUntil)")
                return
            }
            if let audience {
                guard let saved = try await store.audience(named: audience) else { throw CommandFailure("no saved audience \(audience)") }
                let query = try AudienceTarget.parse(saved.definition)
                let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
                ids += snapshot.members(query)
            }
            let report = try await store.issueCoupons(templateID: template!, to: ids, idempotencyKey: idempotencyKey, at: now)
            if json { return try printJSON(report) }
            print("\(report.templateID): issued \(report.issued.count), refused \(report.refused.count)")
            for coupon in report.issued.prefix(20) { print("  customer \(coupon.customerID): \(coupon.code) until \(coupon.validUntil)") }
            if report.issued.count > 20 { print("  … \(report.issued.count - 20) more") }
            var reasons: [String: Int] = [:]
            for refusal in report.refused { reasons[refusal.reason, default: 0] += 1 }
            for (reason, count) in reasons.sorted(by: { $0.value > $1.value }) { print("  refused \(count): \(reason)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A customer's coupons and their states (未使用 已使用 已过期 已作废).")
        @Option(help: "The customer: id, phone or account.") var customer: String
        @OptionGroup var asOf: AsOfOptions
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let id = try await CustomerLookup.id(customer, in: store)
            let now = asOf.instant(try await store.loadSettings().calendar)
            let coupons = try await store.coupons(of: id)
            if json { return try printJSON(coupons) }
            if coupons.isEmpty { print("customer \(id) has no coupons") }
            for coupon in coupons {
                let state = coupon.state(at: now)
                print("\(coupon.code)  \(coupon.templateID)  \(state.label) (\(state.rawValue))  \(coupon.validFrom) – \(coupon.validUntil)")
            }
        }
    }

    struct Redeem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Price a cart and commit exactly that pricing for an order: its coupons, stock and budgets, all or nothing.")
        @OptionGroup var cart: CartOptions
        @Option(help: "The order this redemption belongs to (the platform's order id).") var order: String
        @Option(help: "Retrying with the same key gives the same answer and commits nothing twice (default: the order).")
        var idempotencyKey: String?
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let (prepared, request, customerID) = try await cart.prepare(store)
            let priced = try prepared.price()
            let settings = try await store.loadSettings()
            let redemption = try await store.redeem(priced, customer: customerID, orderReference: order, keys: request.keys,
                                                    guarding: settings.promotions.newCustomerGuard,
                                                    idempotencyKey: idempotencyKey ?? "order:" + order, at: prepared.request.now)
            if json { return try printJSON(redemption) }
            print(PricingText.render(priced))
            print("redeemed for order \(redemption.orderReference) (#\(redemption.id)): total \(redemption.total), points \(redemption.points)"
                  + (redemption.couponCodes.isEmpty ? "" : ", coupons " + redemption.couponCodes.joined(separator: ", ")))
        }
    }

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On a refund: give back the stock and budget of an order's redemption (some lines or all), take back their points, restore or void its coupons.")
        @Option(help: "The order.") var order: String
        @Option(help: "Refunded lines, 1-based, comma-separated (default: the whole order).") var lines: String?
        @Option(help: "Retrying with the same key reverses nothing twice.") var idempotencyKey: String?
        @Flag(help: "JSON output.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var indexes: [Int]?
            if let lines {
                indexes = try lines.split(separator: ",").map { part in
                    guard let number = Int(part.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                        throw CommandFailure("--lines: '\(part)' is not a line number (1, 2, …)")
                    }
                    return number - 1
                }
            }
            let reversal = try await store.open().reverse(orderReference: order, lines: indexes, idempotencyKey: idempotencyKey, at: currentInstant())
            if json { return try printJSON(reversal) }
            print("order \(reversal.orderReference): reversed \(reversal.lines.count) line(s), points to take back \(reversal.points)")
            for line in reversal.lines {
                print("  \(line.line + 1). \(line.sku) ×\(line.quantity): " + line.shares.map { "\($0.offerID) \($0.amount)" }.joined(separator: ", "))
            }
            if !reversal.couponsRestored.isEmpty { print("coupons restored: " + reversal.couponsRestored.joined(separator: ", ")) }
            if !reversal.couponsVoided.isEmpty { print("coupons voided: " + reversal.couponsVoided.joined(separator: ", ")) }
            for claim in reversal.returned {
                print("  returned to \(claim.offerID): " + [claim.units > 0 ? "\(claim.units) units" : nil, claim.buyers > 0 ? "\(claim.buyers) buyers" : nil,
                                                              claim.amount.fen > 0 ? "\(claim.amount)" : nil,
                                                              claim.redemptions > 0 ? "\(claim.redemptions) redemptions" : nil].compactMap { $0 }.joined(separator: ", "))
            }
        }
    }
}
