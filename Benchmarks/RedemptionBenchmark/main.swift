// Redemption benchmark: a coupon template with a budget of 1,000 redemptions, 1,600 customers each holding one of its
// coupons, and 16 concurrent tasks redeeming them all against one temporary SQLite store. Exactly 1,000 must succeed;
// the rate counts every attempt (a refusal is a write transaction too: its idempotency key is kept). Run in release:
//     swift run -c release RedemptionBenchmark [--customers 1600] [--budget 1000] [--tasks 16]
import Foundation
import Regulars
import RegularsStore

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    return parsed
}

/// A one-line cart of ¥100 with ¥30 off by `code`, built through `PricedCart`'s Codable form.
func couponCart(_ code: String, template: String) throws -> PricedCart {
    func money(_ fen: Int64) -> [String: Any] { ["fen": fen] }
    let object: [String: Any] = [
        "lines": [["sku": "S1", "quantity": 1, "listAmount": money(10_000), "amount": money(7_000),
                   "shares": [["offerID": template, "amount": money(3_000)]], "points": 70] as [String: Any]],
        "discounts": [["offerID": template, "name": template, "label": "无门槛30元", "stage": PricingStage.coupon.rawValue,
                       "couponCode": code, "amount": money(3_000), "shippingSaved": money(0)] as [String: Any]],
        "notApplied": [Any](), "hints": [Any](), "gifts": [Any](),
        "listAmount": money(10_000), "goodsAmount": money(7_000), "shipping": money(0), "total": money(7_000),
        "depositsPaid": money(0), "balanceDue": money(7_000), "points": 70, "couponCodes": [code],
        "claims": [["offerID": template, "units": 0, "buyers": 0, "amount": money(3_000), "isCoupon": true] as [String: Any]],
    ]
    return try JSONDecoder().decode(PricedCart.self, from: JSONSerialization.data(withJSONObject: object))
}

let customers = option("--customers", default: 1_600)
let budget = option("--budget", default: 1_000)
let tasks = option("--tasks", default: 16)
let now = Instant(secondsSinceEpoch: 1_732_075_200)
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regulars-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

let store = try SQLiteStore(path: folder.appendingPathComponent("redemption.sqlite").path)
let csv = "customer_id,channel,name\n" + (1...customers).map { "u\($0),miniapp,顾客\($0)" }.joined(separator: "\n")
_ = try await FileImporter.importBytes(Array(csv.utf8), file: "customers.csv", options: ImportOptions(kind: .customers),
                                       store: store, now: now)
guard let first = try store.scalar("SELECT MIN(id) FROM customers"), let last = try store.scalar("SELECT MAX(id) FROM customers"),
      last - first + 1 == customers else {
    print("redemption: the import did not create \(customers) customers with consecutive ids")
    exit(2)
}
try await store.saveTemplate(CouponTemplate(offer: Offer(id: "bench", name: "无门槛30元", benefit: .cash(off: Money(yuan: 30))),
                                            validity: .daysFromIssue(30), redemptionBudget: budget), at: now)
let coupons = try await store.issueCoupons(templateID: "bench", to: Array(first...last), idempotencyKey: nil, at: now).issued
let jobs = try coupons.map { (cart: try couponCart($0.code, template: "bench"), customer: $0.customerID, order: "order-\($0.code)") }

let start = DispatchTime.now().uptimeNanoseconds
let succeeded = try await withThrowingTaskGroup(of: Int.self) { group in
    for task in 0..<tasks {
        let mine = stride(from: task, to: jobs.count, by: tasks).map { jobs[$0] }
        group.addTask {
            var succeeded = 0
            for job in mine {
                do {
                    _ = try await store.redeem(job.cart, customer: job.customer, orderReference: job.order, keys: NewCustomerKeys(),
                                               guarding: [], idempotencyKey: "key-\(job.order)", at: now)
                    succeeded += 1
                } catch PromotionError.refused {
                    continue
                }
            }
            return succeeded
        }
    }
    var total = 0
    for try await count in group { total += count }
    return total
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
print("redemption: \(tasks) tasks, \(succeeded) of \(jobs.count) succeeded (limit \(budget)), \(Int(Double(jobs.count) / seconds)) redemptions/s")
if succeeded != min(budget, jobs.count) { exit(1) }
