import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// A demo shop of 800 people (about 720 buyers over the two years before `fixedNow`) imported once for the whole
/// suite, with a key per role and the models fitted once; each test serves it through its own router.
struct PredictionDemoShop: SuiteTrait, TestScoping {
    struct Seeded: Sendable {
        let store: SQLiteStore
        let secrets: [APIRole: String]
    }

    @TaskLocal static var current: Seeded?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await withTemporaryDirectory { folder in
            let store = try SQLiteStore(path: folder.appendingPathComponent("server.sqlite").path)
            let spec = DemoShopSpec(customers: 800, orders: 2_400, seed: 11, end: fixedNow)
            let paths = try DemoFiles.write(spec, to: folder.appendingPathComponent("demo").path)
            for (file, kind) in [(DemoFile.customers, ImportKind.customers), (.orders, .orders)] {
                let report = try await FileImporter.importFile(atPath: paths[file]!, options: ImportOptions(kind: kind),
                                                               store: store, now: fixedNow)
                guard report.rejections.isEmpty else { throw StoreError.invalid("the demo \(file) were rejected: \(report.rejectionLines)") }
            }
            var secrets: [APIRole: String] = [:]
            for role in APIRole.allCases {
                secrets[role] = try await APIKeys.create(name: "test-\(role.rawValue)", role: role, store: store, at: fixedNow).secret
            }
            _ = try await PredictionRun.run(store, settings: try await store.loadSettings(), now: fixedNow)
            try await Self.$current.withValue(Seeded(store: store, secrets: secrets)) { try await function() }
        }
    }

    /// Runs `body` against a router over the shared store, its clock at `fixedNow`.
    static func serve(_ body: @Sendable (ServerHarness) async throws -> Void) async throws {
        let seeded = try #require(current, "the suite needs the .predictionDemoShop trait")
        let services = APIServices(store: seeded.store, clock: { fixedNow })
        let app = Application(router: buildRouter(services))
        try await app.test(.router) { client in
            try await body(ServerHarness(store: seeded.store, services: services, client: client, secrets: seeded.secrets))
        }
    }
}

extension Trait where Self == PredictionDemoShop {
    static var predictionDemoShop: Self { PredictionDemoShop() }
}

/// Eight customers with hand-countable products, as of `fixedNow` (2024-11-20 12:00 Shanghai): amy bought lipstick
/// S1 every ten days and foundation S2 once; bob bought S1 every twenty days; cat bought lipstick S3, then S1; five
/// others bought a mask (S4) once to three times over the year (too few intervals for a cycle), so a forced fit has
/// some spread to fit.
enum CycleShop {
    static let orders = """
        order_id,channel,customer_id,phone,name,province,city,status,paid_at,amount,sku,category
        1,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-10-01 10:00:00,120.00,S1,口红
        2,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-10-11 10:00:00,120.00,S1,口红
        3,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-10-21 10:00:00,120.00,S1,口红
        4,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-10-31 10:00:00,120.00,S1,口红
        5,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-11-15 10:00:00,80.00,S2,粉底
        6,jd,bob,13800000002,李大山,广东省,深圳市,paid,2024-09-01 10:00:00,60.00,S1,口红
        7,jd,bob,13800000002,李大山,广东省,深圳市,paid,2024-09-21 10:00:00,60.00,S1,口红
        8,jd,bob,13800000002,李大山,广东省,深圳市,paid,2024-10-11 10:00:00,60.00,S1,口红
        9,jd,cat,13800000003,张三丰,北京市,北京市,paid,2024-11-01 10:00:00,90.00,S3,口红
        10,jd,cat,13800000003,张三丰,北京市,北京市,paid,2024-11-12 10:00:00,60.00,S1,口红
        11,douyin,dan,13800000004,赵四,上海市,上海市,paid,2024-03-01 10:00:00,50.00,S4,面膜
        12,douyin,eve,13800000005,钱五,上海市,上海市,paid,2024-05-10 10:00:00,50.00,S4,面膜
        13,douyin,eve,13800000005,钱五,上海市,上海市,paid,2024-08-10 10:00:00,55.00,S4,面膜
        14,douyin,fay,13800000006,孙六,上海市,上海市,paid,2024-07-01 10:00:00,45.00,S4,面膜
        15,douyin,gus,13800000007,周七,上海市,上海市,paid,2024-09-15 10:00:00,40.00,S4,面膜
        16,douyin,hal,13800000008,吴八,上海市,上海市,paid,2024-01-20 10:00:00,50.00,S4,面膜
        17,douyin,hal,13800000008,吴八,上海市,上海市,paid,2024-02-10 10:00:00,50.00,S4,面膜
        18,douyin,hal,13800000008,吴八,上海市,上海市,paid,2024-06-30 10:00:00,50.00,S4,面膜
        """

    static func load(_ server: ServerHarness) async throws {
        let report = try await importCSV(orders, kind: .orders, into: server.store)
        #expect(report.rejections.isEmpty, "\(report.rejectionLines)")
    }
}

private extension JSONValue {
    /// A JSON number, whole or not (the encoder writes 10.0 as 10).
    var numeric: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

/// A query value with everything but letters and digits percent-encoded (spaces, `=`, `:`, Chinese).
private func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}

@Suite("Prediction routes", .serialized, .predictionDemoShop)
struct PredictionRouteTests {
    // MARK: On the demo shop

    @Test func fittingIsForOperatorsAnswersTheFitAndIsAudited() async throws {
        try await PredictionDemoShop.serve { server in
            #expect(try await server.send(.post, "/v1/predictions/fit", as: nil, json: "{}").status == .unauthorized)
            #expect(try await server.send(.post, "/v1/predictions/fit", as: .analyst, json: "{}").status == .forbidden)
            #expect(try await server.send(.post, "/v1/predictions/fit", as: .operator,
                                          json: #"{"holdoutDays": -1}"#).status == .unprocessableContent)

            let fit = try await server.send(.post, "/v1/predictions/fit", as: .operator, json: #"{"holdoutDays": 60}"#)
            #expect(fit.status == .ok)
            let body = fit.json
            #expect(body["reliable"] == true, "\(body["warnings"] ?? .null)")
            #expect(body["applied"] == true)
            #expect(body["warnings"]?.arrayValue?.isEmpty == true)
            #expect(body["unit"] == "days")
            #expect(body["fittedAt"] == "2024-11-20T04:00:00Z")
            let buyers = try #require(body["buyers"]?.integerValue)
            let repeatBuyers = try #require(body["repeatBuyers"]?.integerValue)
            #expect(buyers >= 500 && buyers <= 800)
            #expect(repeatBuyers > 0 && repeatBuyers < buyers)
            for name in ["r", "alpha", "a", "b"] { #expect((body["purchase"]?[name]?.numeric ?? 0) > 0, "\(name)") }
            #expect((body["purchaseLogLikelihood"]?.numeric ?? 0) < 0)
            #expect(body["spend"]?["q"] != nil)
            #expect(body["holdout"]?["days"] == 60)
            let groups = try #require(body["holdout"]?["groups"]?.arrayValue)
            #expect(groups.first?["boughtBefore"] == "0")
            // Everyone is scored, and each scored customer is at exactly one churn level.
            #expect(body["scored"]?.integerValue == buyers)
            let levels = ["low", "medium", "high"].compactMap { body["churnLevels"]?[$0]?.integerValue }
            #expect(levels.count == 3 && levels.reduce(0, +) == buyers)

            let modelID = try #require(body["modelID"]?.integerValue)
            let model = try await server.send(.get, "/v1/predictions/model", as: .analyst)
            #expect(model.status == .ok)
            #expect(model.json["id"]?.integerValue == modelID)
            #expect(model.json["purchase"] == body["purchase"])
            #expect(model.json["spend"] == body["spend"])
            #expect(model.json["buyers"]?.integerValue == buyers)
            #expect(model.json["churnLevels"] == body["churnLevels"], "the stored counts are the fit's")

            let entries = try await server.send(.get, "/v1/audit").json["entries"]?.arrayValue ?? []
            let fits = entries.filter { $0["action"] == "predictions.fit" }
            #expect(fits.map { $0["target"]?.stringValue } == ["prediction-model:\(modelID)"],
                    "the fit is audited with its model; refused requests are not")

            // Holding back all but the first day leaves a calibration fit on first purchases only: its predictions are
            // not finite, and are left out of the answer rather than failing it.
            let history = try #require(body["historyDays"]?.integerValue)
            let whole = try await server.send(.post, "/v1/predictions/fit", as: .operator,
                                              json: #"{"holdoutDays": \#(history - 1)}"#)
            #expect(whole.status == .ok)
            let first = try #require(whole.json["holdout"]?["groups"]?.arrayValue?.first)
            #expect(first["boughtBefore"] == "0" && first["actual"] != nil)
            #expect(first["predicted"] == nil, "\(whole.text)")
            #expect(whole.json["purchase"] == body["purchase"], "the holdout does not change the model")
        }
    }

    @Test func topCustomersAreRankedAndMaskedForAnalysts() async throws {
        try await PredictionDemoShop.serve { server in
            let byCLV = try await server.send(.get, "/v1/predictions/customers?limit=25", as: .operator)
            #expect(byCLV.status == .ok)
            #expect(byCLV.json["by"] == "clv")
            #expect(byCLV.json["model"]?["reliable"] == true)
            let rows = try #require(byCLV.json["customers"]?.arrayValue)
            #expect(rows.count == 25)
            let values = rows.compactMap { $0["clv"]?.stringValue.flatMap(Double.init) }
            #expect(values.count == 25 && values == values.sorted(by: >), "highest CLV first")
            #expect(rows.allSatisfy { $0["phone"]?.stringValue?.contains("*") != true }, "operators see phones")

            let masked = try #require(try await server.send(.get, "/v1/predictions/customers?limit=25", as: .analyst)
                .json["customers"]?.arrayValue)
            #expect(masked.map { $0["customerID"] } == rows.map { $0["customerID"] })
            for (shown, full) in zip(masked, rows) {
                #expect(shown["phone"]?.stringValue == full["phone"]?.stringValue.map(PhoneNumber.mask))
                #expect(shown["name"]?.stringValue == full["name"]?.stringValue.map(PersonName.mask))
                #expect(shown["clv"] == full["clv"])
            }
            #expect(masked.contains { $0["phone"]?.stringValue?.contains("****") == true })

            let byChurn = try #require(try await server.send(.get, "/v1/predictions/customers?by=churn&limit=40", as: .analyst)
                .json["customers"]?.arrayValue)
            let scores = byChurn.compactMap { $0["churnScore"]?.numeric }
            #expect(scores.count == 40 && scores == scores.sorted(by: >), "highest churn score first")
            #expect(byChurn.first?["churnLevel"] == "high")
            #expect(byChurn.first?["churnLabel"] == "高")

            #expect(try await server.send(.get, "/v1/predictions/customers?by=value", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/predictions/customers?limit=0", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/predictions/customers", as: nil).status == .unauthorized)
        }
    }

    @Test func oneCustomersPredictionAndNextPurchases() async throws {
        try await PredictionDemoShop.serve { server in
            let top = try #require(try await server.send(.get, "/v1/predictions/customers?limit=1", as: .operator)
                .json["customers"]?.arrayValue?.first)
            let id = try #require(top["customerID"]?.integerValue)

            let own = try await server.send(.get, "/v1/customers/\(id)/prediction", as: .operator)
            #expect(own.status == .ok)
            #expect(own.json == top, "the same row as in the ranking")
            let masked = try await server.send(.get, "/v1/customers/\(id)/prediction", as: .analyst)
            #expect(masked.json["phone"]?.stringValue == top["phone"]?.stringValue.map(PhoneNumber.mask))
            #expect(masked.json["clv"] == top["clv"])

            let next = try await server.send(.get, "/v1/customers/\(id)/next-purchases", as: .analyst)
            #expect(next.status == .ok)
            #expect(next.json["customerID"]?.integerValue == id)
            #expect(next.json["asOf"] == "2024-11-20")
            #expect(next.json["probabilityAlive"] == top["pAlive"])
            let products = try #require(next.json["products"]?.arrayValue)
            #expect(!products.isEmpty, "the most valuable customer bought something")
            #expect(products.allSatisfy { ($0["lastBought"]?.stringValue ?? "9") <= "2024-11-20" })
            // Soonest first; products without a cycle last.
            let expected = products.map { $0["expectedNext"]?.stringValue ?? "9999-12-31" }
            #expect(expected == expected.sorted())

            // Nobody without purchases is scored; an id nobody has is a 404 too.
            let idle = try #require(try server.store.scalar("""
                SELECT MIN(id) FROM customers WHERE merged_into IS NULL
                    AND id NOT IN (SELECT customer_id FROM customer_predictions)
                """))
            let unscored = try await server.send(.get, "/v1/customers/\(idle)/prediction", as: .analyst)
            #expect(unscored.status == .notFound)
            #expect(unscored.problem?.detail?.contains("has no predictions") == true)
            let nothing = try await server.send(.get, "/v1/customers/\(idle)/next-purchases", as: .analyst)
            #expect(nothing.status == .ok)
            #expect(nothing.json["products"]?.arrayValue?.isEmpty == true)
            #expect(nothing.json["probabilityAlive"] == nil)
            #expect(try await server.send(.get, "/v1/customers/999999/prediction", as: .analyst).status == .notFound)
            #expect(try await server.send(.get, "/v1/customers/999999/next-purchases", as: .analyst).status == .notFound)
        }
    }

    @Test func demandAddsUpItsContributorsAndGrowsWithTheProductAndThePeriod() async throws {
        try await PredictionDemoShop.serve { server in
            let columns = try await server.store.loadShopColumns(calendar: ShopCalendar.shanghai, detail: true)
            var lines = [Int](repeating: 0, count: columns.skuNames.count)
            for sku in columns.lineSku { lines[Int(sku)] += 1 }
            let busiest = try #require(lines.indices.max { lines[$0] < lines[$1] })
            let sku = columns.skuNames[busiest]
            let category = columns.categoryNames[Int(columns.skuCategory[busiest])]

            let all = try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&top=10000", as: .analyst)
            #expect(all.status == .ok)
            #expect(all.json["product"]?.stringValue == sku)
            #expect(all.json["isCategory"] == false)
            #expect(all.json["days"] == 30)
            #expect(all.json["audience"] == "every customer")
            #expect(all.json["customers"]?.integerValue == Int64(columns.customerCount))
            let units = try #require(all.json["expectedUnits"]?.numeric)
            #expect(units > 0)
            let contributors = try #require(all.json["top"]?.arrayValue)
            let shares = contributors.compactMap { $0["expectedUnits"]?.numeric }
            #expect(shares == shares.sorted(by: >))
            #expect(abs(shares.reduce(0, +) - units) < 1e-9 * max(1, units), "every contributor listed adds up to the total")
            for contributor in contributors.prefix(20) {
                let product = (contributor["expectedPurchases"]?.numeric ?? 0) * (contributor["unitsPerPurchase"]?.numeric ?? 0)
                #expect(abs(product - (contributor["expectedUnits"]?.numeric ?? -1)) < 1e-9)
            }
            #expect(try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))", as: .analyst)
                .json["top"]?.arrayValue?.count == 10, "ten contributors by default")

            let longer = try #require(try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&days=90", as: .analyst)
                .json["expectedUnits"]?.numeric)
            #expect(longer > units)
            let wider = try await server.send(.get, "/v1/predictions/demand?category=\(encoded(category))", as: .analyst)
            #expect(wider.json["isCategory"] == true)
            #expect((wider.json["expectedUnits"]?.numeric ?? 0) >= units)

            let query = "churn_risk = low"
            let audience = try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&audience=\(encoded(query))",
                                                 as: .analyst)
            #expect(audience.status == .ok)
            #expect(audience.json["audience"] == "churn_risk = low")
            let counted = try await server.send(.post, "/v1/audiences/preview", as: .analyst, body: ["definition": query])
            #expect(audience.json["customers"] == counted.json["customers"])
            #expect((audience.json["expectedUnits"]?.numeric ?? .infinity) <= units)

            let unknown = try await server.send(.get, "/v1/predictions/demand?sku=NO-SUCH-SKU", as: .analyst)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problem?.errors?.first?.pointer == "sku")
            #expect(unknown.problem?.detail?.contains("NO-SUCH-SKU") == true)
            let broken = try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&audience=\(encoded("churn_risk = "))",
                                               as: .analyst)
            #expect(broken.status == .unprocessableContent)
            #expect(broken.problem?.errors?.first?.pointer == "audience")
            #expect(broken.problem?.detail?.contains("cannot be read") == true)
            #expect(try await server.send(.get, "/v1/predictions/demand", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&category=\(encoded(category))",
                                          as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/predictions/demand?sku=\(encoded(sku))&days=0",
                                          as: .analyst).status == .unprocessableContent)
        }
    }

    // MARK: On a tiny hand-made shop

    @Test func beforeAnyFitThereIsNothingToReadAndATooSmallFitIsNotStored() async throws {
        try await withServer { server in
            try await CycleShop.load(server)
            let model = try await server.send(.get, "/v1/predictions/model", as: .analyst)
            #expect(model.status == .notFound)
            #expect(model.problem?.detail?.contains("/v1/predictions/fit") == true)
            #expect(try await server.send(.get, "/v1/predictions/customers", as: .analyst).status == .conflict)
            #expect(try await server.send(.get, "/v1/predictions/demand?sku=S1", as: .analyst).status == .conflict)
            let amy = try await SegmentShop.id("amy", server)
            let none = try await server.send(.get, "/v1/customers/\(amy)/prediction", as: .analyst)
            #expect(none.status == .notFound)
            #expect(none.problem?.detail?.contains("no predictions yet") == true)

            // Eight buyers are far too few: the fit is answered but neither stored nor applied.
            let refused = try await server.send(.post, "/v1/predictions/fit", as: .operator, json: "{}")
            #expect(refused.status == .ok)
            #expect(refused.json["reliable"] == false)
            #expect(refused.json["applied"] == false)
            #expect(refused.json["modelID"] == nil)
            #expect(refused.json["buyers"] == 8)
            #expect(refused.json["repeatBuyers"] == 5)
            #expect(refused.json["historyDays"] == 305)
            #expect(refused.json["scored"] == 0)
            #expect(refused.json["warnings"]?.arrayValue?.isEmpty == false)
            #expect(try await server.send(.get, "/v1/predictions/model", as: .analyst).status == .notFound)

            let forced = try await server.send(.post, "/v1/predictions/fit", as: .admin, json: #"{"acceptUnreliable": true}"#)
            #expect(forced.json["applied"] == true, "\(forced.status) \(forced.text)")
            #expect(forced.json["scored"] == 8)
            let stored = try await server.send(.get, "/v1/predictions/model", as: .analyst)
            #expect(stored.status == .ok)
            #expect(stored.json["reliable"] == false)
            #expect(stored.json["id"] == forced.json["modelID"])
            let listed = try await server.send(.get, "/v1/predictions/customers", as: .analyst)
            #expect(listed.json["model"]?["reliable"] == false)
            #expect(listed.json["customers"]?.arrayValue?.count == 8)
            #expect(try await server.send(.get, "/v1/customers/\(amy)/prediction", as: .analyst).status == .ok)
        }
    }

    @Test func nextPurchasesUseTheOwnThenTheProductThenTheCategoryCycle() async throws {
        try await withServer { server in
            try await CycleShop.load(server)
            let amy = try await server.send(.get, "/v1/customers/\(try await SegmentShop.id("amy", server))/next-purchases",
                                            as: .analyst)
            #expect(amy.status == .ok)
            #expect(amy.json["asOf"] == "2024-11-20")
            #expect(amy.json["probabilityAlive"] == nil, "no fit yet")
            let amyProducts = try #require(amy.json["products"]?.arrayValue)
            #expect(amyProducts.map { $0["sku"] } == ["S1", "S2"])
            // S1 every ten days, last on 10-31: due 11-10, ten days overdue on 11-20.
            #expect(amyProducts[0]["category"] == "口红")
            #expect(amyProducts[0]["purchases"] == 4)
            #expect(amyProducts[0]["lastBought"] == "2024-10-31")
            #expect(amyProducts[0]["cycleDays"]?.numeric == 10)
            #expect(amyProducts[0]["cycleSource"] == "own")
            #expect(amyProducts[0]["cycleLabel"] == "本人周期")
            #expect(amyProducts[0]["expectedNext"] == "2024-11-10")
            #expect(amyProducts[0]["daysOverdue"] == 10)
            // S2 once, nobody bought foundation twice: no cycle at all.
            #expect(amyProducts[1]["lastBought"] == "2024-11-15")
            #expect(amyProducts[1]["cycleDays"] == nil && amyProducts[1]["expectedNext"] == nil && amyProducts[1]["daysOverdue"] == nil)

            let cat = try await server.send(.get, "/v1/customers/\(try await SegmentShop.id("cat", server))/next-purchases",
                                            as: .analyst)
            let catProducts = try #require(cat.json["products"]?.arrayValue)
            // S3 has no repeat of its own; lipstick's intervals are 10, 10, 10 (amy), 20, 20 (bob) and 11 (cat):
            // median 10.5, rounded up to 11 days after 11-01. S1's five intervals give 10 days after 11-12.
            #expect(catProducts.map { $0["sku"] } == ["S3", "S1"])
            #expect(catProducts[0]["cycleSource"] == "category")
            #expect(catProducts[0]["cycleDays"]?.numeric == 10.5)
            #expect(catProducts[0]["expectedNext"] == "2024-11-12")
            #expect(catProducts[0]["daysOverdue"] == 8)
            #expect(catProducts[1]["cycleSource"] == "product")
            #expect(catProducts[1]["cycleDays"]?.numeric == 10)
            #expect(catProducts[1]["expectedNext"] == "2024-11-22")
            #expect(catProducts[1]["daysOverdue"] == -2, "due in two days")
        }
    }

    @Test func demandCountsUnitsPerPurchaseDayOverTheAudience() async throws {
        try await withServer { server in
            try await CycleShop.load(server)
            #expect(try await server.send(.post, "/v1/predictions/fit", as: .operator,
                                          json: #"{"acceptUnreliable": true, "holdoutDays": 0}"#).json["holdout"] == nil)
            let everyone = try await server.send(.get, "/v1/predictions/demand?sku=S1&top=5", as: .analyst)
            #expect(everyone.status == .ok)
            #expect(everyone.json["customers"] == 8)
            #expect(everyone.json["buyers"] == 3)
            #expect(everyone.json["unitsBoughtSoFar"] == 8)
            #expect(everyone.json["reliable"] == false)
            // S1 units per purchase day: amy 4 of 5 days, bob 3 of 3, cat 1 of 2.
            let ids = [try await SegmentShop.id("amy", server), try await SegmentShop.id("bob", server),
                       try await SegmentShop.id("cat", server)]
            let perPurchase = Dictionary(uniqueKeysWithValues: (everyone.json["top"]?.arrayValue ?? []).compactMap { row in
                row["customerID"]?.integerValue.map { ($0, row["unitsPerPurchase"]?.numeric ?? -1) }
            })
            #expect(perPurchase == [ids[0]: 0.8, ids[1]: 1, ids[2]: 0.5])

            let lipstick = try await server.send(.get, "/v1/predictions/demand?category=\(encoded("口红"))", as: .analyst)
            #expect(lipstick.json["unitsBoughtSoFar"] == 9)
            #expect(lipstick.json["product"] == "口红")

            // A saved audience by name: only amy bought foundation.
            let saved = try await server.send(.post, "/v1/audiences", as: .operator,
                                              body: ["name": "粉底客", "definition": "bought sku:S2"])
            #expect(saved.status == .created)
            let audience = try await server.send(.get, "/v1/predictions/demand?sku=S1&audience=\(encoded("粉底客"))", as: .analyst)
            #expect(audience.json["audience"] == "粉底客")
            #expect(audience.json["customers"] == 1)
            #expect(audience.json["unitsBoughtSoFar"] == 4)
            #expect(audience.json["top"]?.arrayValue?.compactMap { $0["customerID"]?.integerValue } == [ids[0]])
        }
    }
}
