/// The demo shop's promotions, from the seeds: a 双11 阶梯满减, 王者 customers' 满1000享8折, and 新客首单 立减15 +
/// 包邮 (a coupon and a free-shipping promotion), with a cost floor and a sample cart of the demo catalogue.
public enum DemoPromotions {
    /// 双11 of the year: 2026-11-01 00:00 to 2026-11-12 00:00, shop time.
    public static func doubleEleven(year: Int, calendar: ShopCalendar) -> (starts: Instant, ends: Instant, evening: Instant) {
        (calendar.instant(CivilDate(year: year, month: 11, day: 1), ClockTime(hour: 0, minute: 0, second: 0)),
         calendar.instant(CivilDate(year: year, month: 11, day: 12), ClockTime(hour: 0, minute: 0, second: 0)),
         calendar.instant(CivilDate(year: year, month: 11, day: 11), ClockTime(hour: 20, minute: 0, second: 0)))
    }

    public static func promotions(year: Int, calendar: ShopCalendar) -> [Offer] {
        let d11 = doubleEleven(year: year, calendar: calendar)
        return [
            Offer(id: "d11-tiers", name: "双11 阶梯满减",
                  benefit: .tiered(tiers: [.init(threshold: Money(yuan: 200), off: Money(yuan: 30)),
                                           .init(threshold: Money(yuan: 400), off: Money(yuan: 70))], repeating: nil),
                  targeting: Targeting(starts: d11.starts, ends: d11.ends), stacking: Stacking(group: "platform", priority: 10)),
            Offer(id: "vip-8zhe", name: "王者专享 满1000享8折",
                  benefit: .percentOff(rate: DiscountRate(offBasisPoints: 2000), threshold: Money(yuan: 1000), cap: Money(yuan: 500)),
                  targeting: Targeting(segments: [.pyramid(.champion)]), stacking: Stacking(group: "vip")),
            Offer(id: "new-free-shipping", name: "新客首单包邮", benefit: .freeShipping(threshold: .zero),
                  targeting: Targeting(firstOrderOnly: true)),
        ]
    }

    public static let newCustomerCoupon = CouponTemplate(
        offer: Offer(id: "new15", name: "新客首单立减15", benefit: .cash(off: Money(yuan: 15)), targeting: Targeting(firstOrderOnly: true),
                     budget: Money(yuan: 50_000)),
        validity: .daysFromIssue(30), totalLimit: 10_000, perCustomerLimit: 1, claimCode: "HELLO15")

    /// A lipstick's floor: no stack may sell it below ¥60.
    public static let costFloors = ["HY-LP-101": Money(yuan: 60)]

    /// 粉底液 ×4 and a lipstick, with ¥10 shipping.
    public static let sampleCart = Cart(lines: [
        CartLine(sku: "HY-FD-901", category: "粉底液", unitPrice: Money(yuan: 249), quantity: 4),
        CartLine(sku: "HY-LP-101", category: "口红", unitPrice: Money(yuan: 139), quantity: 1),
    ], shipping: Money(yuan: 10))
}
