/// Sorting of 64-bit integers in linear time, several times quicker than a comparison sort for the million-customer
/// columns quantiles are taken over: a counting sort when the values span a small range (days, order counts), else a
/// least-significant-digit radix sort in passes of 16 bits over only the digits the range needs.
public enum IntegerSort {
    public static func ascending(_ values: [Int64]) -> [Int64] {
        guard values.count > 4_096 else { return values.sorted() }
        var low = Int64.max, high = Int64.min
        for value in values {
            low = min(low, value)
            high = max(high, value)
        }
        // Offsets from the lowest value, as unsigned (exact even when the span exceeds Int64.max).
        let span = UInt64(bitPattern: high &- low)
        if span < UInt64(max(1 << 16, values.count)) {
            var counts = [Int](repeating: 0, count: Int(span) + 1)
            counts.withUnsafeMutableBufferPointer { counts in
                for value in values { counts[Int(UInt64(bitPattern: value &- low))] += 1 }
            }
            return [Int64](unsafeUninitializedCapacity: values.count) { sorted, initialized in
                var k = 0
                for offset in counts.indices where counts[offset] > 0 {
                    let value = low &+ Int64(offset)
                    for _ in 0 ..< counts[offset] {
                        sorted[k] = value
                        k += 1
                    }
                }
                initialized = k
            }
        }
        var keys = values.map { UInt64(bitPattern: $0 &- low) }
        var spare = [UInt64](repeating: 0, count: keys.count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        let bits = 64 - span.leadingZeroBitCount
        for shift in stride(from: 0, to: bits, by: 16) {
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
        }
        return keys.map { Int64(bitPattern: $0 &+ UInt64(bitPattern: low)) }
    }
}
