import Foundation
import RegularsTestSupport
import Testing

@Suite("Promotions, coupons and pricing on the command line")
struct PromotionCommandTests {
    static let orders = """
        order_id,channel,customer_id,phone,status,paid_at,amount,sku,product_name,category,quantity
        1,tmall,amy,13812345678,paid,2026-11-10 10:00:00,150.00,SHOE,跑鞋,鞋,1
        2,tmall,amy,13812345678,paid,2026-10-10 10:00:00,20.00,SOCK,袜子,袜,1
        3,jd,bob,13900000000,paid,2026-11-15 10:00:00,150.00,SHOE,跑鞋,鞋,1
        """

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func createSimulatePriceRedeemAndReverse() throws {
        try #require(FileManager.default.isExecutableFile(atPath: RegularsProcess.executable.path))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-promo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("shop.sqlite").path
        #expect(try RegularsProcess.run(["import", "orders", try write(Self.orders, "orders.csv", in: folder), "--db", db]).status == 0)
        #expect(try RegularsProcess.run(["promo", "floor", "SHOE", "90", "--db", db]).status == 0)

        let template = try write(#"{"id": "v100", "name": "无门槛100", "benefit": {"type": "cash", "off": "100"}, "validity": {"days": 30}, "redemption_budget": 1}"#,
                                 "v100.json", in: folder)
        #expect(try RegularsProcess.run(["coupon", "template", template, "--db", db]).status == 0)
        let big = try write(#"{"id": "big", "name": "满200减100", "benefit": {"type": "amount_off", "threshold": "200", "off": "100"}}"#,
                            "big.json", in: folder)
        let refused = try RegularsProcess.run(["promo", "create", big, "--db", db])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("big is not published"))
        #expect(refused.stderr.contains("SHOE"))
        let simulated = try RegularsProcess.run(["promo", "simulate", big, "--db", db])
        #expect(simulated.stdout.contains("✗ below floor ¥90.00"))
        #expect(try RegularsProcess.run(["promo", "create", big, "--force", "--db", db]).status == 0)
        #expect(try RegularsProcess.run(["promo", "list", "--db", db]).stdout.contains("● big · 满200减100"))

        let badDefinition = try write(#"{"id": "x", "benefit": {"type": "tiered", "tiers": [{"threshold": "100", "of": "10"}]}}"#, "x.json", in: folder)
        let bad = try RegularsProcess.run(["promo", "create", badDefinition, "--db", db])
        #expect(bad.stderr.contains("benefit.tiers[1].of: unknown field"))

        let issued = try RegularsProcess.run(["coupon", "issue", "v100", "--customer", "amy", "bob", "--db", db, "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any]
        #expect((report?["issued"] as? [Any])?.count == 2)

        let cart = try write(#"{"channel": "tmall", "lines": [{"sku": "SHOE", "category": "鞋", "price": "150"}, {"sku": "SOCK", "category": "袜", "price": "50"}]}"#,
                             "cart.json", in: folder)
        let priced = try RegularsProcess.run(["price", cart, "--customer", "amy", "--db", db])
        #expect(priced.status == 0)
        #expect(priced.stdout.contains("SHOE [鞋] ×1  ¥150.00 → ¥90.00"), "the floor holds: \(priced.stdout)")
        #expect(priced.stdout.contains("券 "))

        let redeemed = try RegularsProcess.run(["coupon", "redeem", cart, "--customer", "amy", "--order", "T1", "--db", db])
        #expect(redeemed.status == 0)
        #expect(redeemed.stdout.contains("redeemed for order T1 (#1)"))
        // A retry of the same order (same key by default) gives the first answer, though the coupon is now used.
        let retried = try RegularsProcess.run(["coupon", "redeem", cart, "--customer", "amy", "--order", "T1", "--db", db])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("redeemed for order T1 (#1)"))
        // The template's budget of one redemption is spent: bob's coupon no longer applies.
        let second = try RegularsProcess.run(["price", cart, "--customer", "bob", "--db", db])
        #expect(second.stdout.contains("the coupon's budget is used up"))
        let reversed = try RegularsProcess.run(["coupon", "reverse", "--order", "T1", "--db", db])
        #expect(reversed.stdout.contains("coupons restored"))
        let again = try RegularsProcess.run(["coupon", "reverse", "--order", "T1", "--db", db])
        #expect(again.status != 0)

        let badCart = try write(#"{"lines": [{"sku": "SHOE", "price": "abc"}]}"#, "bad.json", in: folder)
        let badPrice = try RegularsProcess.run(["price", badCart, "--db", db])
        #expect(badPrice.stderr.contains("lines[1].price: 'abc' is not an amount of money"))
    }
}
