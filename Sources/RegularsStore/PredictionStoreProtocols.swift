import Regulars

/// Fitted prediction models and every customer's latest predictions (PRED-1, PRED-2): written whole by each scoring
/// run, read by the audience language (`churn_risk = high`, `clv > 500`), the CLI and the console.
public protocol PredictionStore: Sendable {
    /// Keeps `model` and makes the stored predictions exactly the scored customers of `columns` (index `i` is customer
    /// `customerIDs[i]`), in one transaction; customers not scored, merged away or erased meanwhile get no row.
    /// Returns the model's id.
    func savePredictions(model: PredictionModel, columns: CustomerPredictionColumns, customerIDs: [Int64],
                         at now: Instant) async throws -> Int64
    /// The model saved last, with its id; nil before the first save.
    func latestPredictionModel() async throws -> (id: Int64, model: PredictionModel)?
    /// The stored predictions over `customerIDs` (ascending, as `ShopColumns.customerIDs`): customers without a row
    /// are unscored.
    func loadPredictionColumns(customerIDs: [Int64]) async throws -> CustomerPredictionColumns
    /// The live customers with the highest CLV or churn score, highest first (ties by customer id).
    func topPredictions(by ranking: PredictionRanking, limit: Int) async throws -> [CustomerPredictionRow]
    /// The predictions of the live customer `customerID` ended up in (after merges); nil when there are none.
    func prediction(of customerID: Int64) async throws -> CustomerPredictionRow?
    /// Live scored customers by churn level; every level is present, 0 when nobody is at it.
    func churnLevelCounts() async throws -> [ChurnLevel: Int]
}

/// What `topPredictions` ranks by.
public enum PredictionRanking: String, Sendable, Codable, CaseIterable {
    /// Discounted value over the horizon.
    case clv
    /// Churn score (1 − P(alive), weighted by value).
    case churn
}

/// One customer's stored predictions, with the name and phone to recognise them by (unmasked: call `masked()` to show).
public struct CustomerPredictionRow: Sendable, Codable, Equatable {
    public var customerID: Int64
    public var name: String?
    public var phone: String?
    public var pAlive: Double
    /// Over the CLV horizon.
    public var expectedPurchases: Double
    /// Per purchase.
    public var expectedSpend: Money
    public var clv: Money
    public var churnScore: Double
    public var churnLevel: ChurnLevel
    public var modelID: Int64
    public var scoredAt: Instant

    public init(customerID: Int64, name: String?, phone: String?, pAlive: Double, expectedPurchases: Double,
                expectedSpend: Money, clv: Money, churnScore: Double, churnLevel: ChurnLevel, modelID: Int64,
                scoredAt: Instant) {
        self.customerID = customerID
        self.name = name
        self.phone = phone
        self.pAlive = pAlive
        self.expectedPurchases = expectedPurchases
        self.expectedSpend = expectedSpend
        self.clv = clv
        self.churnScore = churnScore
        self.churnLevel = churnLevel
        self.modelID = modelID
        self.scoredAt = scoredAt
    }

    /// The row with name and phone masked, as lists show them to anyone not asking to unmask.
    public func masked() -> CustomerPredictionRow {
        var copy = self
        copy.name = name.map(PersonName.mask)
        copy.phone = phone.map(PhoneNumber.mask)
        return copy
    }
}
