/// Picks an A/B variant by weight, the same one every time for the same seed.
public enum VariantChooser {
    /// The index of the chosen variant. Weights below 1 are never chosen; when no weight is positive (or there are no
    /// variants) the answer is 0. Seed with the customer and the step, e.g. `"\(customerID):\(journeyID):\(stepID)"`.
    public static func choose(_ variants: [MessageVariant], seed: String) -> Int {
        var total: UInt64 = 0
        for variant in variants where variant.weight > 0 { total += UInt64(variant.weight) }
        guard total > 0 else { return 0 }
        var pick = spread(StableHash.value(of: seed)) % total
        for (index, variant) in variants.enumerated() where variant.weight > 0 {
            if pick < UInt64(variant.weight) { return index }
            pick -= UInt64(variant.weight)
        }
        return 0
    }

    /// FNV-1a's low bits follow the last bytes of near-identical seeds closely; a finaliser (splitmix64's) spreads
    /// every input bit over the whole word before taking a remainder.
    private static func spread(_ hash: UInt64) -> UInt64 {
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
