/// Every buyer's next order, in time order: a 4-ary min-heap keyed by (virtual tick, person), shallow so that
/// popping touches few cache lines. Memory grows with the number of buyers, never with the number of orders.
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

    private var heap: [Entry] = []
    private let counts: [Int32]

    init(population: DemoPopulation, seed: UInt64, ticks: UInt64) {
        counts = population.orderCounts
        heap.reserveCapacity(counts.count(where: { $0 > 0 }))
        for person in 0..<population.people where counts[person] > 0 {
            let life = population.life(of: person, seed: seed, ticks: ticks)
            heap.append(Entry(key: life.first << 32 | UInt64(person), end: UInt32(life.end),
                              remaining: counts[person]))
        }
        var index = (heap.count + 2) / 4
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest pending order; the person's following order is scheduled after a random gap.
    mutating func next(_ random: inout DemoRandom) -> Next? {
        guard let top = heap.first else { return nil }
        let tick = top.key >> 32
        let person = Int(top.key & 0xFFFF_FFFF)
        let ordinal = Int(counts[person] - top.remaining)
        if top.remaining > 1 {
            // The next of r remaining orders falls on average 1/(r+1) of the way to the end of the buyer's life.
            let later = UInt64(top.remaining - 1)
            let end = UInt64(top.end)
            let room = end > tick ? end - tick : 0
            let step = ((room * (random.next() >> 33)) >> 30) / (later + 1)
            var following = tick + max(1, step)
            if following >= end { following = max(tick, end - 1) }
            heap[0].key = following << 32 | UInt64(person)
            heap[0].remaining -= 1
        } else {
            let last = heap.removeLast()
            if heap.isEmpty { return Next(person: person, tick: tick, ordinal: ordinal) }
            heap[0] = last
        }
        siftDown(0)
        return Next(person: person, tick: tick, ordinal: ordinal)
    }

    private mutating func siftDown(_ start: Int) {
        let count = heap.count
        heap.withUnsafeMutableBufferPointer { entries in
            var parent = start
            let item = entries[parent]
            while true {
                let first = 4 * parent + 1
                if first >= count { break }
                var child = first
                let stop = min(first + 4, count)
                var next = first + 1
                while next < stop {
                    if entries[next].key < entries[child].key { child = next }
                    next += 1
                }
                if entries[child].key >= item.key { break }
                entries[parent] = entries[child]
                parent = child
            }
            entries[parent] = item
        }
    }
}
