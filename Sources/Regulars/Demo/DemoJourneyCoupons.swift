/// The coupon templates the shipped journeys issue (second-order, birthday, recall), as the demo shop sets them up.
public enum DemoJourneyCoupons {
    public static let all: [CouponTemplate] = [
        CouponTemplate(offer: Offer(id: "second-order-10", name: "复购券 满99减10",
                                    benefit: .amountOff(threshold: Money(yuan: 99), off: Money(yuan: 10)), budget: Money(yuan: 20_000)),
                       validity: .daysFromIssue(14), totalLimit: 20_000, perCustomerLimit: 1),
        CouponTemplate(offer: Offer(id: "birthday-20", name: "生日礼券 满150减20",
                                    benefit: .amountOff(threshold: Money(yuan: 150), off: Money(yuan: 20)), budget: Money(yuan: 20_000)),
                       validity: .daysFromIssue(30), totalLimit: 20_000, perCustomerLimit: 3),
        CouponTemplate(offer: Offer(id: "recall-15", name: "老客回归券 满120减15",
                                    benefit: .amountOff(threshold: Money(yuan: 120), off: Money(yuan: 15)), budget: Money(yuan: 20_000)),
                       validity: .daysFromIssue(14), totalLimit: 20_000, perCustomerLimit: 3),
    ]
}
