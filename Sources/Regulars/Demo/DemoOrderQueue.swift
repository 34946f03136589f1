/// Every buyer's next order, in time order. A calendar queue: pending orders sit in buckets of virtual time, and a
/// bucket is sorted when its turn comes; placing a follow-up order is one append. Each buyer has exactly one pending
/// order, so memory grows with the number of buyers, never with the number of orders.
struct DemoOrderQueue {
    private struct Entry {
        /// `tick << 32 | person`: ordered by time, ties by person.
        var key: UInt64
        var end: UInt32
        var remaining: Int32
    }

    /// One order to generate: who, when (virtual tick), and how many of the person's orders came before it.
    struct Next {
        let person: Int
        let tick: UInt64
        let ordinal: Int
    }

    /// Bucket of a tick: `tick >> shift`.
    private static let shift: UInt64 = 16
    private var buckets: [[Entry]]
    private var bucket = 0
    /// The bucket being drained, sorted, and the position of its next entry.
    private var current: [Entry] = []
    private var cursor = 0
    private let counts: [Int32]

    init(population: DemoPopulation, seed: UInt64, ticks: UInt64) {
        counts = population.orderCounts
        buckets = Array(repeating: [], count: Int(ticks >> DemoOrderQueue.shift) + 1)
        for person in 0..<population.people where counts[person] > 0 {
            let life = population.life(of: person, seed: seed, ticks: ticks)
            buckets[Int(life.first >> DemoOrderQueue.shift)].append(
                Entry(key: life.first << 32 | UInt64(person), end: UInt32(life.end), remaining: counts[person]))
        }
        bucket = -1
    }

    /// The earliest pending order; the person's following order is scheduled after a random gap.
    mutating func next(_ random: inout DemoRandom) -> Next? {
        while cursor == current.count {
            bucket += 1
            guard bucket < buckets.count else { return nil }
            current = buckets[bucket]
            buckets[bucket] = []
            current.sort { $0.key < $1.key }
            cursor = 0
        }
        let entry = current[cursor]
        cursor += 1
        let tick = entry.key >> 32
        let person = Int(entry.key & 0xFFFF_FFFF)
        if entry.remaining > 1 {
            // The next of r remaining orders falls on average 1/(r+1) of the way to the end of the buyer's life.
            let later = UInt64(entry.remaining - 1)
            let end = UInt64(entry.end)
            let room = end > tick ? end - tick : 0
            let step = ((room * (random.next() >> 33)) >> 30) / (later + 1)
            var following = tick + max(1, step)
            if following >= end { following = max(tick, end - 1) }
            schedule(Entry(key: following << 32 | UInt64(person), end: entry.end, remaining: entry.remaining - 1))
        }
        return Next(person: person, tick: tick, ordinal: Int(counts[person] - entry.remaining))
    }

    private mutating func schedule(_ entry: Entry) {
        let target = Int((entry.key >> 32) >> DemoOrderQueue.shift)
        guard target == bucket else {
            buckets[target].append(entry)
            return
        }
        // Lands in the bucket being drained: insert it in order after the cursor.
        var position = current.count
        while position > cursor, current[position - 1].key > entry.key { position -= 1 }
        current.insert(entry, at: position)
    }
}
