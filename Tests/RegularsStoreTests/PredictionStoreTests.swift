import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Predictions in the store")
struct PredictionStoreTests {
    static let customersHeader = "customer_id,channel,name,phone"

    /// Four customers, ids 1 … 4 in this order.
    func seed(_ store: SQLiteStore) async throws -> [Int64] {
        _ = try await importCSV("""
            \(Self.customersHeader)
            tb_a,tmall,王芳,13800000001
            jd_b,jd,李雷,13900000002
            dy_c,douyin,张伟,
            mini_d,miniapp,,
            """, kind: .customers, into: store)
        let ids = try await store.loadShopColumns(calendar: ShopSettings().calendar, detail: false).customerIDs
        #expect(ids == [1, 2, 3, 4])
        return ids
    }

    func model(fittedAt: Instant = fixedNow, reliable: Bool = true) -> PredictionModel {
        PredictionModel(unit: .weeks, purchase: BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426),
                        spend: reliable ? GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44) : nil, fittedAt: fittedAt,
                        buyers: reliable ? 2357 : 40, repeatBuyers: reliable ? 1411 : 3, historyDays: reliable ? 546 : 30,
                        purchaseLogLikelihood: reliable ? -9582.429 : -.infinity,
                        spendLogLikelihood: reliable ? -4000.125 : nil, converged: reliable,
                        warnings: reliable ? [] : ["只有 40 位买家（至少需要 500 位）", "did not converge"])
    }

    /// Columns over `count` customers with the given ones scored: (index, P(alive), expected purchases, CLV fen,
    /// churn score, level); expected spend is 100 fen per point of P(alive).
    func columns(_ count: Int, _ rows: [(Int, Double, Double, Int64, Double, ChurnLevel)]) -> CustomerPredictionColumns {
        var columns = CustomerPredictionColumns(count: count)
        for (c, pAlive, purchases, clv, churn, level) in rows {
            columns.scored[c] = true
            columns.pAlive[c] = pAlive
            columns.expectedPurchases[c] = purchases
            columns.expectedSpend[c] = Int64(pAlive * 10_000)
            columns.clv[c] = clv
            columns.churnScore[c] = churn
            columns.churnLevel[c] = level
        }
        return columns
    }

    @Test func aFreshStoreHasTheTablesAndNothingInThem() async throws {
        try await withTestStore { store, _ in
            let schema = try store.scalar("""
                SELECT COUNT(*) FROM sqlite_master WHERE name IN ('prediction_models', 'customer_predictions',
                    'customer_predictions_clv', 'customer_predictions_churn')
                """)
            #expect(schema == 4)
            #expect(try await store.latestPredictionModel() == nil)
            #expect(try await store.churnLevelCounts() == [.low: 0, .medium: 0, .high: 0])
            #expect(try await store.topPredictions(by: .clv, limit: 10).isEmpty)
            #expect(try await store.prediction(of: 1) == nil)
            #expect(try await store.loadPredictionColumns(customerIDs: [1, 2]) == CustomerPredictionColumns(count: 2))
        }
    }

    @Test func modelAndColumnsRoundTrip() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let saved = columns(4, [(0, 0.875, 2.25, 123_456, 0.1, .low), (1, 0.3, 0.75, 5_000, 0.65, .high),
                                    (3, 1, 0, 0, 0.45, .medium)])
            let id = try await store.savePredictions(model: model(), columns: saved, customerIDs: ids, at: fixedNow)
            let latest = try #require(try await store.latestPredictionModel())
            #expect(latest.id == id)
            #expect(latest.model == model())
            #expect(try store.scalar("SELECT reliable FROM prediction_models") == 1)
            #expect(try store.scalar("SELECT fitted_at FROM prediction_models") == fixedNow.secondsSinceEpoch)
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_predictions") == 3, "customer 3 was not scored")

            #expect(try await store.loadPredictionColumns(customerIDs: ids) == saved)
            // Any ids, in any order: each position gets its own customer's numbers.
            let some = try await store.loadPredictionColumns(customerIDs: [4, 3, 9, 1])
            #expect(some.scored == [true, false, false, true])
            #expect(some.pAlive == [1, 0, 0, 0.875])
            #expect(some.churnLevel == [.medium, nil, nil, .low])
            #expect(some.clv == [0, 0, 0, 123_456])
        }
    }

    @Test func anUnreliableModelKeepsItsWarningsAndInfiniteLikelihood() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let weak = model(reliable: false)
            _ = try await store.savePredictions(model: weak, columns: columns(4, []), customerIDs: ids, at: fixedNow)
            let latest = try #require(try await store.latestPredictionModel())
            #expect(latest.model == weak)
            #expect(latest.model.purchaseLogLikelihood == -.infinity)
            #expect(try store.scalar("SELECT reliable FROM prediction_models") == 0)
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_predictions") == 0)
        }
    }

    @Test func aNewRunReplacesEveryRow() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let first = try await store.savePredictions(
                model: model(), columns: columns(4, [(0, 0.9, 1, 100, 0.1, .low), (1, 0.5, 1, 200, 0.5, .medium)]),
                customerIDs: ids, at: fixedNow)
            let later = Instant(secondsSinceEpoch: fixedNow.secondsSinceEpoch + 86_400)
            let second = try await store.savePredictions(
                model: model(fittedAt: later), columns: columns(4, [(1, 0.2, 0.5, 300, 0.8, .high), (2, 0.6, 2, 50, 0.3, .medium)]),
                customerIDs: ids, at: later)
            #expect(second > first)
            #expect(try await store.latestPredictionModel()?.model.fittedAt == later)
            #expect(try store.scalar("SELECT COUNT(*) FROM prediction_models") == 2, "earlier fits are kept")
            #expect(try await store.prediction(of: 1) == nil, "customer 1 was not scored by the second run")
            let two = try #require(try await store.prediction(of: 2))
            #expect(two.modelID == second)
            #expect(two.scoredAt == later)
            #expect(two.churnLevel == .high)
            #expect(two.clv == Money(fen: 300))
            #expect(try await store.loadPredictionColumns(customerIDs: ids).scored == [false, true, true, false])
            #expect(try await store.churnLevelCounts() == [.low: 0, .medium: 1, .high: 1])
        }
    }

    @Test func topCustomersByClvAndByChurn() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            _ = try await store.savePredictions(
                model: model(), columns: columns(4, [(0, 0.9, 3, 50_000, 0.05, .low), (1, 0.4, 1, 80_000, 0.7, .high),
                                                     (2, 0.2, 0.5, 50_000, 0.9, .high), (3, 0.6, 1, 1_000, 0.4, .medium)]),
                customerIDs: ids, at: fixedNow)
            let byValue = try await store.topPredictions(by: .clv, limit: 3)
            #expect(byValue.map(\.customerID) == [2, 1, 3], "80 000 first, then the 50 000 tie by id")
            #expect(byValue.map(\.clv) == [Money(fen: 80_000), Money(fen: 50_000), Money(fen: 50_000)])
            let byChurn = try await store.topPredictions(by: .churn, limit: 10)
            #expect(byChurn.map(\.customerID) == [3, 2, 4, 1])
            #expect(byChurn.map(\.churnLevel) == [.high, .high, .medium, .low])

            let top = try #require(byValue.first)
            #expect(top.name == "李雷")
            #expect(top.phone == "13900000002")
            #expect(top.pAlive == 0.4)
            #expect(top.expectedPurchases == 1)
            #expect(top.expectedSpend == Money(fen: 4_000))
            #expect(top.churnScore == 0.7)
            #expect(top.masked().phone == PhoneNumber.mask("13900000002"))
            #expect(top.masked().name == PersonName.mask("李雷"))
            #expect(try await store.prediction(of: 4)?.name == nil)
            #expect(try await store.topPredictions(by: .clv, limit: 0).isEmpty)
            #expect(try await store.churnLevelCounts() == [.low: 1, .medium: 1, .high: 2])
        }
    }

    @Test func mergedAwayCustomersAreLeftOutAndFindTheirSurvivor() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let scored = columns(4, [(0, 0.9, 3, 50_000, 0.05, .low), (2, 0.2, 0.5, 90_000, 0.9, .high)])
            _ = try await store.savePredictions(model: model(), columns: scored, customerIDs: ids, at: fixedNow)
            // 张伟 turns out to hold 王芳's phone: customer 3 is merged into customer 1.
            _ = try await importCSV("\(Self.customersHeader)\ndy_c,douyin,,13800000001\n", kind: .customers, into: store)
            #expect(try store.scalar("SELECT merged_into FROM customers WHERE id = 3") == 1)
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_predictions WHERE customer_id = 3") == 0,
                    "the merge drops the absorbed customer's row")

            #expect(try await store.topPredictions(by: .clv, limit: 10).map(\.customerID) == [1])
            #expect(try await store.prediction(of: 3)?.customerID == 1, "an absorbed id answers with its survivor")
            #expect(try await store.churnLevelCounts() == [.low: 1, .medium: 0, .high: 0])

            // A run scored on columns loaded before the merge skips the merged-away customer instead of failing.
            _ = try await store.savePredictions(model: model(), columns: scored, customerIDs: ids, at: fixedNow)
            #expect(try store.text("SELECT group_concat(customer_id) FROM customer_predictions") == "1")
        }
    }

    @Test func erasingACustomerErasesTheirPredictions() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            _ = try await store.savePredictions(
                model: model(), columns: columns(4, [(0, 0.9, 3, 50_000, 0.05, .low), (1, 0.4, 1, 80_000, 0.7, .high)]),
                customerIDs: ids, at: fixedNow)
            _ = try #require(try await store.eraseCustomer(2, at: fixedNow))
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_predictions WHERE customer_id = 2") == 0)
            #expect(try await store.topPredictions(by: .churn, limit: 10).map(\.customerID) == [1])
        }
    }

    @Test func numbersThatCannotBeStoredAreRefusedBeforeAnythingIsWritten() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let good = try await store.savePredictions(model: model(), columns: columns(4, [(0, 0.9, 3, 50_000, 0.05, .low)]),
                                                       customerIDs: ids, at: fixedNow)
            await #expect(throws: StoreError.invalid("predictions for 4 customers do not line up with 3 customer ids")) {
                _ = try await store.savePredictions(model: model(), columns: columns(4, []), customerIDs: [1, 2, 3],
                                                    at: fixedNow)
            }
            await #expect(throws: StoreError.invalid("customer 2: P(alive) 1.5 is not between 0 and 1; predictions not saved")) {
                _ = try await store.savePredictions(model: model(), columns: columns(4, [(1, 1.5, 1, 1, 0.1, .low)]),
                                                    customerIDs: ids, at: fixedNow)
            }
            var noLevel = columns(4, [(2, 0.5, 1, 1, 0.1, .low)])
            noLevel.churnLevel[2] = nil
            await #expect(throws: StoreError.invalid("customer 3: scored without a churn level; predictions not saved")) {
                _ = try await store.savePredictions(model: model(), columns: noLevel, customerIDs: ids, at: fixedNow)
            }
            #expect(try await store.latestPredictionModel()?.id == good)
            #expect(try await store.prediction(of: 1)?.modelID == good)
        }
    }

    @Test func audienceSnapshotsAskTheStoredPredictions() async throws {
        try await withTestStore { store, _ in
            let ids = try await seed(store)
            let settings = ShopSettings()
            let query = try AudienceQuery(parsing: "churn_risk = high or clv > 500")
            let before = try await AudienceSnapshot.load(store, settings: settings, now: fixedNow)
            #expect(before.predictions == nil)
            #expect(before.members(query) == [])
            _ = try await store.savePredictions(
                model: model(), columns: columns(4, [(0, 0.9, 3, 50_001, 0.05, .low), (1, 0.4, 1, 100, 0.7, .high),
                                                     (3, 0.6, 1, 1_000, 0.4, .medium)]),
                customerIDs: ids, at: fixedNow)
            let after = try await AudienceSnapshot.load(store, settings: settings, now: fixedNow)
            #expect(after.predictions?.scored == [true, true, false, true])
            #expect(after.members(query) == [1, 2])
            #expect(after.members(try AudienceQuery(parsing: "churn_risk != high")) == [1, 4])
        }
    }
}
