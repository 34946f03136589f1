import Regulars

/// Dense indexes for short texts read straight from SQLite's buffers (SKUs, channels, tags, regions): an
/// open-addressing table keyed by the bytes, so millions of rows naming a few thousand values make no `String`s.
struct ByteInterner {
    private(set) var names = NameTable()
    private var slots: [Int32]
    private var keys: [[UInt8]] = []
    private var mask: Int

    init() {
        slots = Array(repeating: -1, count: 1024)
        mask = 1023
    }

    mutating func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        var slot = Self.hash(bytes) & mask
        while true {
            let found = slots[slot]
            if found < 0 { break }
            if keys[Int(found)].elementsEqual(bytes) { return found }
            slot = (slot + 1) & mask
        }
        let index = names.index(String(decoding: bytes, as: UTF8.self))
        if Int(index) < keys.count { return index }  // a different spelling of the same text (never for valid UTF-8)
        keys.append(Array(bytes))
        slots[slot] = index
        if keys.count * 2 > slots.count { grow() }
        return index
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (index, key) in keys.enumerated() {
            var slot = key.withUnsafeBufferPointer { Self.hash($0) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
