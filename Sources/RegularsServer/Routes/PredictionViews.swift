import Foundation
import Regulars
import RegularsStore

/// The prediction routes' JSON bodies: the same content as `regulars predict … --json`, with the server's own small
/// structs (the CLI's reports live in the CLI target). A number a fit left infinite or undefined (the log-likelihood
/// of a fit that failed, the mean spend of a Gamma-Gamma with q ≤ 1) is left out rather than failing the answer.
public enum PredictionViews {
    static func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    /// BG/NBD's r, α (in the model's time unit), a and b.
    public struct Purchase: Encodable {
        public var r: Double?
        public var alpha: Double?
        public var a: Double?
        public var b: Double?

        public init(_ parameters: BGNBDParameters) {
            r = finite(parameters.r)
            alpha = finite(parameters.alpha)
            a = finite(parameters.a)
            b = finite(parameters.b)
        }
    }

    /// Gamma-Gamma's p, q and v (v in yuan).
    public struct Spend: Encodable {
        public var p: Double?
        public var q: Double?
        public var v: Double?

        public init(_ parameters: GammaGammaParameters) {
            p = finite(parameters.p)
            q = finite(parameters.q)
            v = finite(parameters.v)
        }
    }

    /// Customers at each churn level, every level present.
    static func churnCounts(_ counts: [ChurnLevel: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: ChurnLevel.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    // MARK: Schemas

    static let purchaseSchema: Schema = .object([
        "r": .number, "alpha": .number, "a": .number, "b": .number,
    ], "BG/NBD: purchase rates gamma(r, alpha) with alpha in the model's time unit, drop-out beta(a, b); a parameter the fit left infinite is absent")
    static let spendSchema: Schema = .object([
        "p": .number, "q": .number, "v": .number,
    ], "Gamma-Gamma: spend per purchase gamma(p, ν), ν gamma(q, v), v in yuan")
    static let churnCountsSchema: Schema = .object([
        "low": .int(min: 0), "medium": .int(min: 0), "high": .int(min: 0),
    ], required: ["low", "medium", "high"], "Customers at each churn-risk level (低 / 中 / 高)")
    static let churnLevel: Schema = .oneOf(ChurnLevel.allCases.map(\.rawValue))
}

/// `POST /v1/predictions/fit`: what `regulars predict fit --json` reports.
public struct PredictionFitBody: Encodable {
    public struct HoldoutGroup: Encodable {
        public var boughtBefore: String
        public var customers: Int
        public var actual: Double?
        public var predicted: Double?
    }

    public struct Holdout: Encodable {
        public var days: Int
        public var customers: Int
        public var calibration: PredictionViews.Purchase
        public var groups: [HoldoutGroup]
        public var actualTotal: Double?
        public var predictedTotal: Double?
        public var totalError: Double?
    }

    public var modelID: Int64?
    public var reliable: Bool
    public var applied: Bool
    public var converged: Bool
    public var warnings: [String]
    public var unit: String
    public var fittedAt: Instant
    public var buyers: Int
    public var repeatBuyers: Int
    public var historyDays: Int
    public var purchase: PredictionViews.Purchase
    public var purchaseLogLikelihood: Double?
    public var purchaseIterations: Int
    public var spend: PredictionViews.Spend?
    public var spendLogLikelihood: Double?
    public var meanSpend: Double?
    public var holdout: Holdout?
    public var scored: Int
    public var churnLevels: [String: Int]
    public var seconds: Double

    public init(_ outcome: PredictionRun.Outcome, seconds: Double) {
        let model = outcome.model
        let finite = PredictionViews.finite
        modelID = outcome.modelID
        reliable = model.isReliable
        applied = outcome.applied
        converged = model.converged
        warnings = model.warnings
        unit = model.unit.rawValue
        fittedAt = model.fittedAt
        buyers = model.buyers
        repeatBuyers = model.repeatBuyers
        historyDays = model.historyDays
        purchase = PredictionViews.Purchase(model.purchase)
        purchaseLogLikelihood = finite(model.purchaseLogLikelihood)
        purchaseIterations = outcome.purchaseFit.optimization.iterations
        spend = model.spend.map(PredictionViews.Spend.init)
        spendLogLikelihood = model.spendLogLikelihood.flatMap(finite)
        meanSpend = model.spend.flatMap { finite($0.populationMeanSpend) }
        holdout = outcome.holdout.map { table in
            Holdout(days: table.holdoutDays, customers: table.customers,
                    calibration: PredictionViews.Purchase(table.calibrationFit.parameters),
                    groups: table.groups.map {
                        HoldoutGroup(boughtBefore: $0.label, customers: $0.customers, actual: finite($0.actual),
                                     predicted: finite($0.predicted))
                    },
                    actualTotal: finite(table.actualTotal), predictedTotal: finite(table.predictedTotal),
                    totalError: table.totalError.flatMap(finite))
        }
        scored = outcome.scored
        churnLevels = PredictionViews.churnCounts(outcome.churnLevels)
        self.seconds = seconds
    }

    static let schema: Schema = .object([
        "modelID": .int(min: 1),
        "reliable": .boolean, "applied": .boolean, "converged": .boolean,
        "warnings": .array(.string("Why the numbers should not be trusted yet (数据不足)")),
        "unit": .oneOf(PredictionSettings.TimeUnit.allCases.map(\.rawValue)), "fittedAt": .instant,
        "buyers": .int(min: 0), "repeatBuyers": .int(min: 0), "historyDays": .int(min: 0),
        "purchase": .ref("BGNBDParameters"), "purchaseLogLikelihood": .number, "purchaseIterations": .int(min: 0),
        "spend": .ref("GammaGammaParameters"), "spendLogLikelihood": .number,
        "meanSpend": .number,
        "holdout": .object([
            "days": .int(min: 1), "customers": .int(min: 0), "calibration": .ref("BGNBDParameters"),
            "groups": .array(.object(["boughtBefore": .string("Repeat purchases before the holdout: 0, 1, …, 7+"),
                                      "customers": .int(min: 0), "actual": .number, "predicted": .number],
                                     required: ["boughtBefore", "customers"],
                                     "Mean repeat purchases per customer in the holdout, actual and predicted")),
            "actualTotal": .number, "predictedTotal": .number, "totalError": .number,
        ], required: ["days", "customers", "calibration", "groups"],
           "Fitted on all but the last days, then compared with what those customers bought in them"),
        "scored": .int(min: 0), "churnLevels": .ref("ChurnLevelCounts"), "seconds": .number,
    ], required: ["reliable", "applied", "converged", "warnings", "unit", "fittedAt", "buyers", "repeatBuyers", "historyDays",
                  "purchase", "purchaseIterations", "scored", "churnLevels", "seconds"],
       "A fit; modelID is absent when it was not stored (not reliable and not accepted)")
}

/// `GET /v1/predictions/model`: the model saved last and how many customers it puts at each churn level.
struct PredictionModelBody: Encodable {
    var id: Int64
    var reliable: Bool
    var converged: Bool
    var warnings: [String]
    var unit: String
    var fittedAt: Instant
    var buyers: Int
    var repeatBuyers: Int
    var historyDays: Int
    var purchase: PredictionViews.Purchase
    var purchaseLogLikelihood: Double?
    var spend: PredictionViews.Spend?
    var spendLogLikelihood: Double?
    var meanSpend: Double?
    var churnLevels: [String: Int]

    init(id: Int64, model: PredictionModel, churnLevels: [ChurnLevel: Int]) {
        let finite = PredictionViews.finite
        self.id = id
        reliable = model.isReliable
        converged = model.converged
        warnings = model.warnings
        unit = model.unit.rawValue
        fittedAt = model.fittedAt
        buyers = model.buyers
        repeatBuyers = model.repeatBuyers
        historyDays = model.historyDays
        purchase = PredictionViews.Purchase(model.purchase)
        purchaseLogLikelihood = finite(model.purchaseLogLikelihood)
        spend = model.spend.map(PredictionViews.Spend.init)
        spendLogLikelihood = model.spendLogLikelihood.flatMap(finite)
        meanSpend = model.spend.flatMap { finite($0.populationMeanSpend) }
        self.churnLevels = PredictionViews.churnCounts(churnLevels)
    }

    static let schema: Schema = .object([
        "id": .int(min: 1), "reliable": .boolean, "converged": .boolean, "warnings": .array(.string()),
        "unit": .oneOf(PredictionSettings.TimeUnit.allCases.map(\.rawValue)), "fittedAt": .instant,
        "buyers": .int(min: 0), "repeatBuyers": .int(min: 0), "historyDays": .int(min: 0),
        "purchase": .ref("BGNBDParameters"), "purchaseLogLikelihood": .number,
        "spend": .ref("GammaGammaParameters"), "spendLogLikelihood": .number, "meanSpend": .number,
        "churnLevels": .ref("ChurnLevelCounts"),
    ], required: ["id", "reliable", "converged", "warnings", "unit", "fittedAt", "buyers", "repeatBuyers", "historyDays",
                  "purchase", "churnLevels"])
}

/// One customer's stored predictions (name and phone masked for analysts).
struct CustomerPredictionBody: Encodable {
    var customerID: Int64
    var name: String?
    var phone: String?
    var pAlive: Double?
    var expectedPurchases: Double?
    var expectedSpend: Money
    var clv: Money
    var churnScore: Double?
    var churnLevel: String
    var churnLabel: String
    var modelID: Int64
    var scoredAt: Instant

    init(_ row: CustomerPredictionRow) {
        customerID = row.customerID
        name = row.name
        phone = row.phone
        pAlive = PredictionViews.finite(row.pAlive)
        expectedPurchases = PredictionViews.finite(row.expectedPurchases)
        expectedSpend = row.expectedSpend
        clv = row.clv
        churnScore = PredictionViews.finite(row.churnScore)
        churnLevel = row.churnLevel.rawValue
        churnLabel = row.churnLevel.label
        modelID = row.modelID
        scoredAt = row.scoredAt
    }

    static let schema: Schema = .object([
        "customerID": .int(min: 1), "name": .string("Masked for analysts"), "phone": .string("Masked for analysts"),
        "pAlive": .number, "expectedPurchases": .number, "expectedSpend": .money, "clv": .money, "churnScore": .number,
        "churnLevel": PredictionViews.churnLevel, "churnLabel": .string(), "modelID": .int(min: 1), "scoredAt": .instant,
    ], required: ["customerID", "pAlive", "expectedPurchases", "expectedSpend", "clv", "churnScore", "churnLevel",
                  "churnLabel", "modelID", "scoredAt"],
       "P(alive), expected purchases over the CLV horizon, expected spend per purchase, CLV and churn risk")
}

/// `GET /v1/predictions/customers`: the top customers by CLV or churn risk, and which model they come from.
struct PredictionRankingBody: Encodable {
    struct ModelNote: Encodable {
        var id: Int64
        var fittedAt: Instant
        var reliable: Bool
        var warnings: [String]
    }

    var by: String
    var model: ModelNote
    var customers: [CustomerPredictionBody]

    static let schema: Schema = .object([
        "by": .oneOf(PredictionRanking.allCases.map(\.rawValue)),
        "model": .object(["id": .int(min: 1), "fittedAt": .instant, "reliable": .boolean, "warnings": .array(.string())],
                         required: ["id", "fittedAt", "reliable", "warnings"],
                         "The model saved last; when it is not reliable the rows are older or forced predictions"),
        "customers": .array(.ref("CustomerPrediction")),
    ], required: ["by", "model", "customers"])
}

/// `GET /v1/customers/{id}/next-purchases`: what `regulars predict next --json` reports.
public struct NextPurchasesBody: Encodable {
    public struct Product: Encodable {
        public var sku: String
        public var category: String?
        public var purchases: Int
        public var lastBought: String
        public var cycleDays: Double?
        public var cycleSource: String?
        public var cycleLabel: String?
        public var expectedNext: String?
        public var daysOverdue: Int64?
    }

    public var customerID: Int64
    public var asOf: String
    public var probabilityAlive: Double?
    public var expectedPurchases: Double?
    public var products: [Product]

    public init(customerID: Int64, asOfDay: Int64, items: [NextPurchaseItem], columns: ShopColumns,
         prediction: CustomerPredictionRow?) {
        self.customerID = customerID
        asOf = CivilDate(daysSinceEpoch: asOfDay).description
        probabilityAlive = prediction.flatMap { PredictionViews.finite($0.pAlive) }
        expectedPurchases = prediction.flatMap { PredictionViews.finite($0.expectedPurchases) }
        products = items.map { item in
            let sku = Int(item.sku)
            let category = sku < columns.skuCategory.count ? Int(columns.skuCategory[sku]) : -1
            return Product(sku: columns.skuNames[sku],
                           category: category >= 0 && category < columns.categoryNames.count ? columns.categoryNames[category] : nil,
                           purchases: item.purchaseDays, lastBought: CivilDate(daysSinceEpoch: item.lastDay).description,
                           cycleDays: item.cycleDays.flatMap(PredictionViews.finite), cycleSource: item.source?.rawValue,
                           cycleLabel: item.source?.label,
                           expectedNext: item.expectedDay.map { CivilDate(daysSinceEpoch: $0).description },
                           daysOverdue: item.daysOverdue)
        }
    }

    static let schema: Schema = .object([
        "customerID": .int(min: 1), "asOf": .string(format: "date", "The shop-time day the dates are counted from"),
        "probabilityAlive": .number, "expectedPurchases": .number,
        "products": .array(.object([
            "sku": .string(), "category": .string(), "purchases": .int(min: 1),
            "lastBought": .string(format: "date"), "cycleDays": .number,
            "cycleSource": .oneOf(CycleSource.allCases.map(\.rawValue), "own: their own median interval; product; category"),
            "cycleLabel": .string(), "expectedNext": .string(format: "date"),
            "daysOverdue": .int,
        ], required: ["sku", "purchases", "lastBought"],
           "purchases: distinct days they bought it on; daysOverdue: positive when overdue by that many days, 0 when due today, negative when due in that many days; no cycle: no own, product or category cycle yet")),
    ], required: ["customerID", "asOf", "products"])
}

/// `GET /v1/predictions/demand`: what `regulars predict demand --json` reports.
public struct DemandBody: Encodable {
    public struct Contributor: Encodable {
        public var customerID: Int64
        public var expectedUnits: Double?
        public var expectedPurchases: Double?
        public var unitsPerPurchase: Double?
    }

    public var product: String
    public var isCategory: Bool
    public var days: Int
    public var audience: String
    public var asOf: Instant
    public var modelID: Int64
    public var customers: Int
    public var buyers: Int
    public var unitsBoughtSoFar: Int64
    public var expectedUnits: Double?
    public var reliable: Bool
    public var warnings: [String]
    public var top: [Contributor]

    public init(_ forecast: DemandForecast, product: String, isCategory: Bool, days: Int, audience: String, asOf: Instant,
         columns: ShopColumns, modelID: Int64, model: PredictionModel) {
        self.product = product
        self.isCategory = isCategory
        self.days = days
        self.audience = audience
        self.asOf = asOf
        self.modelID = modelID
        customers = forecast.customers
        buyers = forecast.buyers
        unitsBoughtSoFar = forecast.unitsBought
        expectedUnits = PredictionViews.finite(forecast.expectedUnits)
        reliable = model.isReliable
        warnings = model.warnings
        let finite = PredictionViews.finite
        top = forecast.top.map {
            Contributor(customerID: columns.customerIDs[Int($0.customer)], expectedUnits: finite($0.expectedUnits),
                        expectedPurchases: finite($0.expectedPurchases), unitsPerPurchase: finite($0.unitsPerPurchase))
        }
    }

    static let schema: Schema = .object([
        "product": .string("The SKU or category asked about"), "isCategory": .boolean, "days": .int(min: 1),
        "audience": .string("The saved audience's name, the query as understood, or 'every customer'"),
        "asOf": .instant, "modelID": .int(min: 1),
        "customers": .int(min: 0), "buyers": .int(min: 0),
        "unitsBoughtSoFar": .int(min: 0), "expectedUnits": .number, "reliable": .boolean, "warnings": .array(.string()),
        "top": .array(.object(["customerID": .int(min: 1), "expectedUnits": .number, "expectedPurchases": .number,
                               "unitsPerPurchase": .number],
                              required: ["customerID"],
                              "One of the largest contributors, largest first (a number a degenerate model made infinite is absent)")),
    ], required: ["product", "isCategory", "days", "audience", "asOf", "modelID", "customers", "buyers", "unitsBoughtSoFar",
                  "reliable", "warnings", "top"])
}
