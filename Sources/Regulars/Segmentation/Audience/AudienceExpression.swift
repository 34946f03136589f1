/// The tree of an audience query as understood: `and`/`or` hold two or more children, none of them of their own kind
/// (nested groups are flattened), so that equal meanings written with different parentheses give equal trees.
indirect enum AudienceExpression: Sendable, Equatable {
    case and([AudienceExpression])
    case or([AudienceExpression])
    case not(AudienceExpression)
    case condition(AudienceCondition)
}

/// One condition of the language, evaluated on its own to a set of customers.
enum AudienceCondition: Sendable, Equatable {
    /// `bought|viewed|carted|favorited TARGET [for DURATION] [PERIOD]`.
    case activity(AudienceActivity)
    /// `orders >= 2`, `spend between 100 and 500` …
    case number(AudienceNumberField, AudienceComparison)
    /// `class = 重要价值`, `tag in (a, b)`, `channel != tmall` …
    case name(AudienceNameField, AudienceNameMatch)
    /// `sleep_warning`.
    case sleepWarning
    /// `birthday within 7d`: the birthday falls on one of that many local days starting with the as-of day.
    case birthday(AudienceDuration)
    /// `first_order …`, `last_order …`.
    case orderDate(AudienceOrderDateField, AudienceDateTest)
    /// `clv > 500`, `p_alive < 0.3`, `expected_purchases >= 1`: the stored predictions (PRED-1).
    case prediction(AudiencePredictionField, AudienceComparison)
    /// `churn_risk = high`, `churn_risk in (medium, high)`, `churn_risk != low` (PRED-2); values held by their English
    /// names. Unlike the other names, `!=` and `not in` match only scored customers.
    case churnRisk(AudienceNameMatch)
}

/// What a customer did to a product.
enum AudienceActivityKind: String, Sendable, CaseIterable {
    case bought, viewed, carted, favorited

    /// The event type behind the behaviour kinds (nil for purchases).
    var eventType: EventType? {
        switch self {
        case .bought: return nil
        case .viewed: return .view
        case .carted: return .addToCart
        case .favorited: return .favorite
        }
    }
}

enum AudienceProduct: Sendable, Equatable {
    case sku(String)
    case category(String)
    case anything
}

struct AudienceActivity: Sendable, Equatable {
    var kind: AudienceActivityKind
    var target: AudienceProduct
    var period: AudiencePeriod
    /// `viewed … for 5m`: at least one view lasting this many seconds.
    var minimumSeconds: AudienceDuration?
}

/// A length of time as written: `90d`, `12w`, `24h`, and for view durations also `30s`, `5m`.
struct AudienceDuration: Sendable, Equatable {
    enum Unit: String, Sendable {
        case seconds = "s", minutes = "m", hours = "h", days = "d", weeks = "w"
    }

    var amount: Int
    var unit: Unit

    var seconds: Int64 {
        switch unit {
        case .seconds: return Int64(amount)
        case .minutes: return Int64(amount) * 60
        case .hours: return Int64(amount) * 3600
        case .days: return Int64(amount) * 86_400
        case .weeks: return Int64(amount) * 7 * 86_400
        }
    }

    /// Whole local days for `d` and `w` (nil for shorter units).
    var days: Int? {
        switch unit {
        case .days: return amount
        case .weeks: return amount * 7
        case .seconds, .minutes, .hours: return nil
        }
    }

    var text: String { "\(amount)\(unit.rawValue)" }
}

/// When an activity happened; always at or before the as-of moment.
enum AudiencePeriod: Sendable, Equatable {
    case ever
    case within(AudienceDuration)
    /// Inclusive local dates.
    case between(CivilDate, CivilDate)
}

enum AudienceNumberField: String, Sendable, CaseIterable {
    case orders, spend, frequency, monetary, recency
    case rScore = "r_score", fScore = "f_score", mScore = "m_score"
    case couponShare = "coupon_share"

    /// How its values are written and held.
    var unit: AudienceNumberUnit {
        switch self {
        case .orders, .frequency: return .count
        case .spend, .monetary: return .yuan
        case .recency: return .days
        case .rScore, .fScore, .mScore: return .score
        case .couponShare: return .share
        }
    }
}

/// The predicted numbers of a customer; a customer the models did not score matches none of their conditions.
enum AudiencePredictionField: String, Sendable, CaseIterable {
    case clv
    case pAlive = "p_alive"
    case expectedPurchases = "expected_purchases"

    var unit: AudienceNumberUnit {
        switch self {
        case .clv: return .yuan
        case .pAlive: return .share
        case .expectedPurchases: return .decimal
        }
    }
}

/// Values are held as integers: counts, days and scores as they are, yuan as fen, shares in ten-thousandths,
/// decimals (expected purchases) in hundredths.
enum AudienceNumberUnit: Sendable {
    case count, yuan, days, score, share, decimal
}

enum AudienceOperator: String, Sendable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Whether `order` (the sign of value − bound) satisfies the operator.
    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

enum AudienceComparison: Sendable, Equatable {
    case compare(AudienceOperator, Int64)
    /// Inclusive, `low <= high`.
    case between(Int64, Int64)

    @inline(__always)
    func holds(_ value: Int64) -> Bool {
        switch self {
        case let .compare(op, bound): return op.holds(value < bound ? -1 : (value == bound ? 0 : 1))
        case let .between(low, high): return value >= low && value <= high
        }
    }

    /// For a measured value against bounds held `scale` to the unit (10 000 for a share, 100 for a decimal): each bound
    /// is divided back, so `0.29` written compares with the double nearest 0.29, as a value computed to it would be.
    @inline(__always)
    func holds(_ value: Double, scale: Double) -> Bool {
        @inline(__always) func order(_ bound: Int64) -> Int {
            let right = Double(bound) / scale
            return value < right ? -1 : (value == right ? 0 : 1)
        }
        switch self {
        case let .compare(op, bound): return op.holds(order(bound))
        case let .between(low, high): return order(low) >= 0 && order(high) <= 0
        }
    }

    /// For a share `numerator / denominator` (denominator > 0) against bounds in ten-thousandths, exactly.
    @inline(__always)
    func holds(numerator: Int64, denominator: Int64) -> Bool {
        @inline(__always) func order(_ bound: Int64) -> Int {
            let left = numerator * 10_000, right = bound * denominator
            return left < right ? -1 : (left == right ? 0 : 1)
        }
        switch self {
        case let .compare(op, bound): return op.holds(order(bound))
        case let .between(low, high): return order(low) >= 0 && order(high) <= 0
        }
    }
}

enum AudienceNameField: String, Sendable, CaseIterable {
    case rfmClass = "class", pyramid, lifecycle, channel, region, tag
}

/// `= v`, `!= v`, `in (…)`, `not in (…)`; `!=` and `not in` are exactly the complement of `=` and `in`.
/// Class, pyramid and lifecycle values are held by their English names.
struct AudienceNameMatch: Sendable, Equatable {
    var values: [String]
    var negated: Bool
}

enum AudienceOrderDateField: String, Sendable, CaseIterable {
    case first = "first_order", last = "last_order"
}

/// A test on a local day (days since 1970).
enum AudienceDateTest: Sendable, Equatable {
    /// Within the as-of day and the `days − 1` before it.
    case within(AudienceDuration)
    case between(CivilDate, CivilDate)
    case compare(AudienceOperator, CivilDate)
}
