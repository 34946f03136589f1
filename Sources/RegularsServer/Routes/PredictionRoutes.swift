import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Prediction (PRED-1 … PRED-4): fitting BG/NBD and Gamma-Gamma and storing every customer's predictions, the model,
/// the top customers by CLV or churn risk, one customer's predictions and next purchases, and a product's expected
/// demand from an audience. What `regulars predict` shows, over the API; names and phones masked for analysts.
enum PredictionRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.post, "/v1/predictions/fit", .write, operation: "predictions.fit",
                 summary: "Fits the models on every purchase as of now, checks them on a holdout and stores each customer's predictions (kept as they were when the fit is not reliable, unless acceptUnreliable)",
                 body: .object([
                    "holdoutDays": .int(min: 0, max: 3650),
                    "acceptUnreliable": .boolean,
                 ], "holdoutDays: the last days held back to check the fit (0: none; default: the prediction_holdout_days setting); acceptUnreliable: store the predictions even when the data is too small or too short for a stable fit"),
                 responses: [APIResponseDoc(200, "The fit, the holdout check and what was stored", .ref("PredictionFit"))]) { call in
            let request = try call.decode(FitRequest.self)
            let started = ContinuousClock.now
            let outcome = try await PredictionRun.run(call.store, settings: try await call.settings(), now: call.now,
                                                      holdoutDays: request.holdoutDays,
                                                      acceptUnreliable: request.acceptUnreliable ?? false)
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return try .json(PredictionFitBody(outcome, seconds: seconds),
                             target: outcome.modelID.map { "prediction-model:\($0)" } ?? "predictions")
        },
        APIRoute(.get, "/v1/predictions/model", .read, operation: "predictions.model",
                 summary: "The model saved last: parameters, log-likelihoods, reliability, and customers at each churn level",
                 responses: [
                    APIResponseDoc(200, "The model", .ref("PredictionModel")),
                    APIResponseDoc(404, "No model was saved yet", .ref("Problem"), contentType: "application/problem+json"),
                 ]) { call in
            guard let latest = try await call.store.latestPredictionModel() else {
                throw Problem.notFound("no model yet: POST /v1/predictions/fit")
            }
            return try .json(PredictionModelBody(id: latest.id, model: latest.model,
                                                 churnLevels: try await call.store.churnLevelCounts()))
        },
        APIRoute(.get, "/v1/predictions/customers", .read, operation: "predictions.customers",
                 summary: "The customers with the highest CLV or churn risk, from the stored predictions (masked for analysts)",
                 parameters: [
                    .query("by", .oneOf(PredictionRanking.allCases.map(\.rawValue)), "Rank by clv or churn (default clv)"),
                    .query("limit", .int(min: 1, max: 10_000), "At most this many (default 100)"),
                 ],
                 responses: [APIResponseDoc(200, "The customers, highest first (ties by id)", .ref("PredictionRanking"))]) { call in
            let ranking = try rankingParameter(call)
            let limit = try call.query("limit", default: 100, in: 1...10_000)
            let latest = try await requireModel(call)
            let rows = try await call.store.topPredictions(by: ranking, limit: limit)
            let shown = call.seesPersonalData ? rows : rows.map { $0.masked() }
            return try .json(PredictionRankingBody(
                by: ranking.rawValue,
                model: .init(id: latest.id, fittedAt: latest.model.fittedAt, reliable: latest.model.isReliable,
                             warnings: latest.model.warnings),
                customers: shown.map(CustomerPredictionBody.init)))
        },
        APIRoute(.get, "/v1/customers/:id/prediction", .read, operation: "customers.prediction",
                 summary: "A customer's stored predictions: P(alive), expected purchases and spend, CLV, churn risk (masked for analysts)",
                 parameters: [CustomerRoutes.customerID],
                 responses: [APIResponseDoc(200, "The predictions", .ref("CustomerPrediction"))]) { call in
            let id = try call.pathID("id")
            guard let row = try await call.store.prediction(of: id) else {
                let profile = try await CustomerRoutes.existingCustomer(call, recent: 0)
                guard try await call.store.latestPredictionModel() != nil else {
                    throw Problem.notFound("no predictions yet: POST /v1/predictions/fit")
                }
                throw Problem.notFound("customer \(profile.id) has no predictions: they had not bought when the models were last fitted")
            }
            return try .json(CustomerPredictionBody(call.seesPersonalData ? row : row.masked()))
        },
        APIRoute(.get, "/v1/customers/:id/next-purchases", .read, operation: "customers.nextPurchases",
                 summary: "When the customer is due to buy each of their products again: their own cycle, else the product's, else the category's",
                 parameters: [CustomerRoutes.customerID],
                 responses: [APIResponseDoc(200, "Their products, as `regulars predict next` lists them", .ref("NextPurchases"))]) { call in
            let profile = try await CustomerRoutes.existingCustomer(call, recent: 0)
            let settings = try await call.settings()
            let calendar = settings.calendar
            let columns = try await call.store.loadShopColumns(calendar: calendar, detail: true)
            let cycles = RepurchaseCycles(columns: columns, asOfLocalSeconds: calendar.localSeconds(call.now),
                                          minimumIntervals: settings.prediction.minimumCycleIntervals)
            let items = columns.index(ofCustomer: profile.id).map {
                NextPurchase.items(for: Int32($0), columns: columns, cycles: cycles)
            } ?? []
            return try .json(NextPurchasesBody(customerID: profile.id, asOfDay: cycles.asOfDay, items: items, columns: columns,
                                               prediction: try await call.store.prediction(of: profile.id)))
        },
        APIRoute(.get, "/v1/predictions/demand", .read, operation: "predictions.demand",
                 summary: "Units of a SKU or category an audience is expected to buy in the next days, to stock before their campaign",
                 parameters: [
                    .query("sku", .string(minLength: 1), "The product's SKU (give sku or category)"),
                    .query("category", .string(minLength: 1), "A category instead of one SKU"),
                    .query("days", .int(min: 1, max: 3650), "Days ahead (default 30)"),
                    .query("audience", .string(minLength: 1, maxLength: 4_000),
                           "A saved audience's name or a definition in the audience language (default: every customer)"),
                    .query("top", .int(min: 0, max: 10_000), "Largest contributors to list (default 10)"),
                 ],
                 responses: [APIResponseDoc(200, "The forecast", .ref("DemandForecast"))]) { call in
            let sku = call.query("sku"), category = call.query("category")
            guard (sku == nil) != (category == nil) else {
                throw Problem.invalid(at: sku == nil ? "sku" : "category", "give one of sku or category")
            }
            let days = try call.query("days", default: 30, in: 1...3650)
            let top = try call.query("top", default: 10, in: 0...10_000)
            let audience = try await audienceParameter(call)
            let latest = try await requireModel(call)
            let settings = try await call.settings()
            let columns: ShopColumns
            let members: [Int32]
            if let audience {
                let snapshot = try await AudienceSnapshot.load(call.store, settings: settings, now: call.now)
                columns = snapshot.columns
                members = snapshot.context.evaluate(audience.query).indexes
            } else {
                columns = try await call.store.loadShopColumns(calendar: settings.calendar, detail: true)
                members = (0..<Int32(columns.customerCount)).map { $0 }
            }
            let product: DemandForecast.Product
            if let sku {
                guard let index = columns.skuNames.firstIndex(of: sku) else {
                    throw Problem.invalid(at: "sku", "no purchase line names SKU '\(sku)'")
                }
                product = .sku(Int32(index))
            } else {
                guard let category, let index = columns.categoryNames.firstIndex(of: category) else {
                    throw Problem.invalid(at: "category", "no purchased product is in category '\(category ?? "")'")
                }
                product = .category(Int32(index))
            }
            let asOf = settings.calendar.localSeconds(call.now)
            let summary = RepeatPurchaseSummary(columns.purchases, calibrationEnd: asOf, unit: latest.model.unit)
            let expected = CustomerScoring.expectedPurchases(summary, model: latest.model.purchase, days: days,
                                                             customerCount: columns.customerCount)
            let forecast = DemandForecast(columns: columns, product: product, customers: members, expectedPurchases: expected,
                                          asOfLocalSeconds: asOf, top: top)
            return try .json(DemandBody(forecast, product: sku ?? category ?? "", isCategory: sku == nil, days: days,
                                        audience: audience?.name ?? "every customer", asOf: call.now, columns: columns,
                                        modelID: latest.id, model: latest.model))
        },
    ]

    static let schemas: [String: Schema] = [
        "PredictionFit": PredictionFitBody.schema,
        "PredictionModel": PredictionModelBody.schema,
        "PredictionRanking": PredictionRankingBody.schema,
        "CustomerPrediction": CustomerPredictionBody.schema,
        "NextPurchases": NextPurchasesBody.schema,
        "DemandForecast": DemandBody.schema,
        "BGNBDParameters": PredictionViews.purchaseSchema,
        "GammaGammaParameters": PredictionViews.spendSchema,
        "ChurnLevelCounts": PredictionViews.churnCountsSchema,
    ]

    struct FitRequest: Decodable {
        var holdoutDays: Int?
        var acceptUnreliable: Bool?
    }

    private static func rankingParameter(_ call: APICall) throws -> PredictionRanking {
        guard let text = call.query("by") else { return .clv }
        guard let ranking = PredictionRanking(rawValue: text) else { throw Problem.invalid(at: "by", "'\(text)' is not clv or churn") }
        return ranking
    }

    /// The model saved last; before the first fit there is nothing to rank or forecast from (409: fit first).
    private static func requireModel(_ call: APICall) async throws -> (id: Int64, model: PredictionModel) {
        guard let latest = try await call.store.latestPredictionModel() else {
            throw Problem.conflict("no fitted model yet: POST /v1/predictions/fit first")
        }
        return latest
    }

    /// The `audience` parameter: a saved audience by name, else a definition (a 422 with the parser's message when
    /// it does not read); nil when absent (every customer).
    private static func audienceParameter(_ call: APICall) async throws -> (name: String, query: AudienceQuery)? {
        guard let text = call.query("audience") else { return nil }
        if try await call.store.audience(named: text) != nil {
            let (saved, query) = try await AudienceDefinition.saved(call, name: text)
            return (saved.name, query)
        }
        let query = try AudienceDefinition.parse(text, at: "audience")
        return (query.canonical, query)
    }
}
