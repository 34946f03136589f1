/// The ready journeys Regulars ships (the seeds' plans), as journey files operators can read, copy and edit.
/// Coupon templates they use: `second-order-10`, `birthday-20`, `recall-15`.
public enum ShippedJourneys {
    public static let all: [(id: String, yaml: String)] = [
        ("new-customer-7-day", newCustomer),
        ("birthday-care", birthday),
        ("silent-30-recall", silentRecall),
        ("presale-balance-reminder", presaleBalance),
        ("repurchase-reminder", repurchase),
        ("shipping-care", shippingCare),
    ]

    /// Every shipped journey read (they are tested to read without error).
    public static func definitions() throws(JourneyFileError) -> [JourneyDefinition] {
        var definitions: [JourneyDefinition] = []
        for journey in all { definitions.append(try JourneyFile.parse(journey.yaml)) }
        return definitions
    }

    /// The file of the shipped journey with this id.
    public static func yaml(_ id: String) -> String? { all.first { $0.id == id }?.yaml }
}
