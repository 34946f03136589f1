/// A least-significant-digit radix sort of 64-bit integers: four passes of 16 bits, linear in the count, several
/// times quicker than a comparison sort for the million-customer columns quantiles are taken over.
public enum IntegerSort {
    public static func ascending(_ values: [Int64]) -> [Int64] {
        guard values.count > 4_096 else { return values.sorted() }
        let signBit: UInt64 = 1 << 63
        var keys = values.map { UInt64(bitPattern: $0) ^ signBit }
        var spare = [UInt64](repeating: 0, count: keys.count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        var passes = 0
        for shift in stride(from: 0, to: 64, by: 16) {
            // A digit that is the same in every key needs no pass (common: the high digits of small amounts).
            let first = (keys[0] >> UInt64(shift)) & 0xFFFF
            if keys.allSatisfy({ ($0 >> UInt64(shift)) & 0xFFFF == first }) { continue }
            for i in counts.indices { counts[i] = 0 }
            for key in keys { counts[Int((key >> UInt64(shift)) & 0xFFFF)] += 1 }
            var total = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = total
                total += c
            }
            keys.withUnsafeBufferPointer { source in
                spare.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { offsets in
                        for key in source {
                            let digit = Int((key >> UInt64(shift)) & 0xFFFF)
                            target[offsets[digit]] = key
                            offsets[digit] += 1
                        }
                    }
                }
            }
            swap(&keys, &spare)
            passes += 1
        }
        return keys.map { Int64(bitPattern: $0 ^ signBit) }
    }
}
