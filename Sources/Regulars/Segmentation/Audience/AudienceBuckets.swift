/// Integer entries grouped by an integer key in one flat array (compressed sparse rows): the entries of key `k` are
/// `entries[offsets[k] ..< offsets[k + 1]]`, in the order they were given. Built in two counting passes.
struct AudienceBuckets: Sendable {
    private(set) var offsets: [Int]
    private(set) var entries: [Int32]

    /// Groups items `0 ..< count` by `key` (a negative key leaves the item out), storing `entry` of each.
    init(keyCount: Int, count: Int, key: (Int) -> Int, entry: (Int) -> Int32) {
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        for item in 0 ..< count {
            let k = key(item)
            if k >= 0 { offsets[k + 1] += 1 }
        }
        for k in 0 ..< keyCount { offsets[k + 1] += offsets[k] }
        var entries = [Int32](repeating: 0, count: offsets[keyCount])
        var next = offsets
        for item in 0 ..< count {
            let k = key(item)
            guard k >= 0 else { continue }
            entries[next[k]] = entry(item)
            next[k] += 1
        }
        self.offsets = offsets
        self.entries = entries
    }

    /// Where the entries of `key` lie in `entries`.
    func range(_ key: Int) -> Range<Int> { offsets[key] ..< offsets[key + 1] }

    /// Where the entries of keys `keys` lie, together (the keys are contiguous, so their entries are too).
    func range(_ keys: Range<Int>) -> Range<Int> { offsets[keys.lowerBound] ..< offsets[keys.upperBound] }
}
