/// A set of customers as a bitset over dense customer indexes `0 ..< universe`: what an audience query returns, and
/// what its boolean operators combine word by word (SEG-7).
public struct CustomerSet: Sendable, Equatable {
    /// The number of customers the set ranges over (members are `0 ..< universe`).
    public let universe: Int
    /// 64 customers a word, customer `i` at bit `i % 64` of word `i / 64`; bits past `universe` are always zero.
    var words: [UInt64]

    /// An empty set over `count` customers.
    public init(count: Int) {
        precondition(count >= 0, "a customer set cannot range over a negative number of customers")
        universe = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Every customer of the universe.
    public static func all(count: Int) -> CustomerSet {
        var set = CustomerSet(count: count)
        set.formComplement()
        return set
    }

    init(universe: Int, words: [UInt64]) {
        self.universe = universe
        self.words = words
    }

    /// The number of members.
    public var count: Int {
        words.withUnsafeBufferPointer { words in
            var total = 0
            for word in words { total &+= word.nonzeroBitCount }
            return total
        }
    }

    /// Whether no customer is in the set.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Whether customer `index` is a member (false outside the universe).
    public func contains(_ index: Int) -> Bool {
        guard index >= 0, index < universe else { return false }
        return words[index >> 6] & (1 &<< UInt64(index & 63)) != 0
    }

    /// The members' indexes, ascending.
    public var indexes: [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        words.withUnsafeBufferPointer { words in
            for (w, word) in words.enumerated() where word != 0 {
                var rest = word
                while rest != 0 {
                    result.append(Int32(w << 6 + rest.trailingZeroBitCount))
                    rest &= rest &- 1
                }
            }
        }
        return result
    }

    /// Adds customer `index`, which must lie inside the universe.
    public mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < universe, "customer \(index) is outside 0 ..< \(universe)")
        words[index >> 6] |= 1 &<< UInt64(index & 63)
    }

    /// Takes customer `index` out (nothing happens outside the universe).
    public mutating func remove(_ index: Int) {
        guard index >= 0, index < universe else { return }
        words[index >> 6] &= ~(1 &<< UInt64(index & 63))
    }
}

extension CustomerSet {
    /// Customers in both sets (`and`).
    public func intersection(_ other: CustomerSet) -> CustomerSet {
        var copy = self
        copy.formIntersection(other)
        return copy
    }

    /// Customers in either set (`or`).
    public func union(_ other: CustomerSet) -> CustomerSet {
        var copy = self
        copy.formUnion(other)
        return copy
    }

    /// Customers of the universe not in the set (`not`).
    public func complement() -> CustomerSet {
        var copy = self
        copy.formComplement()
        return copy
    }

    /// Customers in this set and not in `other`.
    public func subtracting(_ other: CustomerSet) -> CustomerSet {
        var copy = self
        copy.formSubtraction(other)
        return copy
    }

    /// Keeps only customers also in `other` (same universe).
    public mutating func formIntersection(_ other: CustomerSet) {
        combine(other) { $0 & $1 }
    }

    /// Adds the customers of `other` (same universe).
    public mutating func formUnion(_ other: CustomerSet) {
        combine(other) { $0 | $1 }
    }

    /// Takes out the customers of `other` (same universe).
    public mutating func formSubtraction(_ other: CustomerSet) {
        combine(other) { $0 & ~$1 }
    }

    /// Turns the set into its complement within the universe.
    public mutating func formComplement() {
        words.withUnsafeMutableBufferPointer { words in
            for w in words.indices { words[w] = ~words[w] }
            let tail = universe & 63
            if tail != 0 { words[words.count - 1] &= (1 &<< UInt64(tail)) &- 1 }
        }
    }

    /// `and`: the intersection.
    public static func & (lhs: CustomerSet, rhs: CustomerSet) -> CustomerSet { lhs.intersection(rhs) }
    /// `or`: the union.
    public static func | (lhs: CustomerSet, rhs: CustomerSet) -> CustomerSet { lhs.union(rhs) }
    /// `not`: the complement within the universe.
    public static prefix func ~ (set: CustomerSet) -> CustomerSet { set.complement() }

    @inline(__always)
    private mutating func combine(_ other: CustomerSet, _ operation: (UInt64, UInt64) -> UInt64) {
        precondition(universe == other.universe, "customer sets over \(universe) and \(other.universe) customers")
        other.words.withUnsafeBufferPointer { theirs in
            words.withUnsafeMutableBufferPointer { ours in
                for w in ours.indices { ours[w] = operation(ours[w], theirs[w]) }
            }
        }
    }
}
