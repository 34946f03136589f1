extension JourneyDefinition {
    /// Whether the customer is in this journey's holdout: a stable draw per journey and customer, so a customer is
    /// held out of a journey every time or never, and about `holdoutPercent` of entrants are.
    public func isHoldout(_ customer: Int64) -> Bool {
        guard holdoutPercent > 0 else { return false }
        return Int(StableHash.value(of: "holdout:\(id):\(customer)") % 100) < holdoutPercent
    }
}
