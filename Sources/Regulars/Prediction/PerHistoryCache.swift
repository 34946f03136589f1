/// Values that depend on a customer's history only through (x, T), computed once per distinct pair: the expensive
/// part of BG/NBD's conditional expectation (a ₂F₁ series) is the same for every customer with the same x and age.
struct PerHistoryCache<Value> {
    private struct Key: Hashable {
        var x: Double
        var age: Double
    }

    private var values: [Key: Value] = [:]

    mutating func value(x: Double, age: Double, compute: () -> Value) -> Value {
        let key = Key(x: x, age: age)
        if let known = values[key] { return known }
        let value = compute()
        values[key] = value
        return value
    }
}
