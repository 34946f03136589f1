/// The catalogue's index of which promotions cover which SKUs and categories, and what it gives for one cart: per
/// promotion, a bitmask of the cart lines its scope covers (so pricing compares no strings per promotion).
struct CoverageIndex: Sendable {
    private let bySKU: [String: [Int32]]
    private let byCategory: [String: [Int32]]
    private let everywhere: [Int32]
    /// Promotions whose scope excludes a SKU or category.
    private let excludedBySKU: [String: [Int32]]
    private let excludedByCategory: [String: [Int32]]
    /// Bundles cover the lines of their SKUs, not their scope: pricing finds those lines itself.
    private let isBundle: [Bool]

    init(_ promotions: [Offer]) {
        var bySKU: [String: [Int32]] = [:]
        var byCategory: [String: [Int32]] = [:]
        var excludedBySKU: [String: [Int32]] = [:]
        var excludedByCategory: [String: [Int32]] = [:]
        var everywhere: [Int32] = []
        for (index, offer) in promotions.enumerated() {
            let number = Int32(index)
            let scope = offer.scope
            for sku in Set(scope.excludedSKUs) { excludedBySKU[sku, default: []].append(number) }
            for category in Set(scope.excludedCategories) { excludedByCategory[category, default: []].append(number) }
            if scope.skus.isEmpty && scope.categories.isEmpty {
                everywhere.append(number)
                continue
            }
            for sku in Set(scope.skus) { bySKU[sku, default: []].append(number) }
            for category in Set(scope.categories) { byCategory[category, default: []].append(number) }
            // A bundle covers its SKUs even when its scope does not list them.
            if case .bundle(let skus, _) = offer.benefit {
                for sku in Set(skus).subtracting(scope.skus) { bySKU[sku, default: []].append(number) }
            }
        }
        self.bySKU = bySKU
        self.byCategory = byCategory
        self.everywhere = everywhere
        self.excludedBySKU = excludedBySKU
        self.excludedByCategory = excludedByCategory
        isBundle = promotions.map { if case .bundle = $0.benefit { true } else { false } }
    }

    /// For one cart: per promotion, the lines the index lists it for (`touched`: the promotion is considered) and
    /// the lines its exclusions take out again.
    struct Coverage {
        let words: Int
        let lineCount: Int
        var touched: [UInt64]
        var excluded: [UInt64]
        let isBundle: [Bool]

        func touches(_ promotion: Int) -> Bool {
            for word in 0..<words where touched[promotion * words + word] != 0 { return true }
            return false
        }

        /// The lines `promotion`'s scope covers, in cart order, into `lines`; false for a bundle (its lines are not
        /// its scope's).
        func lines(of promotion: Int, into lines: inout [Int]) -> Bool {
            lines.removeAll(keepingCapacity: true)
            guard !isBundle[promotion] else { return false }
            for word in 0..<words {
                var bits = touched[promotion * words + word] & ~excluded[promotion * words + word]
                while bits != 0 {
                    lines.append(word * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
            return true
        }
    }

    func coverage(of cart: Cart) -> Coverage {
        let lineCount = cart.lines.count
        let words = (lineCount + 63) / 64
        var touched = [UInt64](repeating: 0, count: isBundle.count * words)
        var excluded = [UInt64](repeating: 0, count: isBundle.count * words)
        for (line, cartLine) in cart.lines.enumerated() {
            let bit: UInt64 = 1 << UInt64(line % 64)
            let word = line / 64
            if let listed = bySKU[cartLine.sku] { for p in listed { touched[Int(p) * words + word] |= bit } }
            if let listed = excludedBySKU[cartLine.sku] { for p in listed { excluded[Int(p) * words + word] |= bit } }
            if let category = cartLine.category {
                if let listed = byCategory[category] { for p in listed { touched[Int(p) * words + word] |= bit } }
                if let listed = excludedByCategory[category] { for p in listed { excluded[Int(p) * words + word] |= bit } }
            }
        }
        for p in everywhere {
            for word in 0..<words {
                let remaining = lineCount - word * 64
                touched[Int(p) * words + word] = remaining >= 64 ? .max : (1 << UInt64(remaining)) - 1
            }
        }
        return Coverage(words: words, lineCount: lineCount, touched: touched, excluded: excluded, isBundle: isBundle)
    }
}
