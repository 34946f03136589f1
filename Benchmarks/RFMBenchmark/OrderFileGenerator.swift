import Dispatch
import Foundation

/// Writes a seeded orders CSV for the RFM benchmark: `order_id,customer_id,paid_at,amount,refund_amount,status,sku`,
/// one row per order, in time order over the two years before the as-of day. Customers are skewed (most buy once or
/// twice, a tail buys often); statuses are mostly paid or completed, with some refunded, cancelled (no paid time)
/// and partially refunded (refund below the amount). Chunks are generated on all cores and written in order.
struct OrderFileGenerator {
    var orders: Int
    var customers: Int
    var seed: UInt64
    /// Days since 1970-01-01 of the as-of day; every paid time lies before it.
    var asOfDay: Int64
    /// Order ids rising with time (as most platforms number them), or scrambled (unique, in no order).
    var scrambledIDs = false

    static let header = "order_id,customer_id,paid_at,amount,refund_amount,status,sku\n"
    static let catalogue = 300
    static let spanDays: Int64 = 730

    func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(Self.header.utf8))
        let chunkSize = 250_000
        let chunkCount = (orders + chunkSize - 1) / chunkSize
        let dates = Self.dateTexts(from: asOfDay - Self.spanDays, count: Int(Self.spanDays) + 1)
        let batch = max(1, ProcessInfo.processInfo.activeProcessorCount) * 2
        var first = 0
        while first < chunkCount {
            let count = min(batch, chunkCount - first)
            let firstChunk = first
            nonisolated(unsafe) var chunks = [[UInt8]](repeating: [], count: count)
            chunks.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let output = buffer
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    let chunk = firstChunk + k
                    let range = (chunk * chunkSize)..<min(orders, (chunk + 1) * chunkSize)
                    output[k] = rows(range, dates: dates)
                }
            }
            for chunk in chunks { try handle.write(contentsOf: chunk) }
            first += count
        }
    }

    /// The rows of orders `range` (order k's row depends only on the seed and k).
    func rows(_ range: Range<Int>, dates: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count * 84)
        let start = (asOfDay - Self.spanDays) * 86_400
        let span = Self.spanDays * 86_400
        for k in range {
            var random = SplitMix(seed: seed ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15))
            _ = random.next()
            // order_id: 16 digits, unique; rising with k, or k scrambled by an odd multiplier modulo 2^40.
            if scrambledIDs {
                appendNumber(1_000_000_000_000_000 + Int64(bitPattern: (UInt64(k) &* 0x9E37_79B9_7F4B) & 0xFF_FFFF_FFFF), to: &out)
            } else {
                appendNumber(4_000_000_000_000_000 + Int64(k) * 1_000 + Int64(random.below(1_000)), to: &out)
            }
            out.append(UInt8(ascii: ","))
            // customer_id: skewed towards low ranks (u³), then scattered over the id space.
            let u = random.unit()
            let rank = min(customers - 1, Int(Double(customers) * u * u * u))
            let customer = (rank &* 1_000_003 &+ 12_345) % customers
            out.append(UInt8(ascii: "C"))
            appendPadded(Int64(customer), width: 8, to: &out)
            out.append(UInt8(ascii: ","))
            // status, then paid_at (empty for a cancelled order).
            let roll = random.below(1_000)
            let status: String
            switch roll {
            case ..<550: status = "completed"
            case ..<800: status = "paid"
            case ..<850: status = "shipped"
            case ..<890: status = "partially_refunded"
            case ..<950: status = "refunded"
            default: status = "cancelled"
            }
            var second = start + Int64(k) * span / Int64(max(orders, 1)) + Int64(random.below(3_600))
            second = min(second, start + span - 1)
            if status != "cancelled" {
                let day = Int(second / 86_400 - (asOfDay - Self.spanDays))
                out.append(contentsOf: dates[day])
                out.append(UInt8(ascii: " "))
                let rest = Int(second % 86_400)
                appendPadded(Int64(rest / 3_600), width: 2, to: &out)
                out.append(UInt8(ascii: ":"))
                appendPadded(Int64(rest / 60 % 60), width: 2, to: &out)
                out.append(UInt8(ascii: ":"))
                appendPadded(Int64(rest % 60), width: 2, to: &out)
            }
            out.append(UInt8(ascii: ","))
            // amount and refund in yuan with two decimals.
            let amount: Int64 = random.below(10) == 0 ? 50_000 + Int64(random.below(500_000)) : 500 + Int64(random.below(50_000))
            let refund: Int64
            switch status {
            case "partially_refunded": refund = 1 + Int64(random.below(Int(amount - 1)))
            case "refunded": refund = amount
            default: refund = 0
            }
            appendYuan(amount, to: &out)
            out.append(UInt8(ascii: ","))
            appendYuan(refund, to: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: status.utf8)
            out.append(contentsOf: ",SKU".utf8)
            appendPadded(Int64(random.below(Self.catalogue)), width: 4, to: &out)
            out.append(0x0A)
        }
        return out
    }

    static func dateTexts(from firstDay: Int64, count: Int) -> [[UInt8]] {
        (0..<count).map { offset in
            let (year, month, day) = civil(firstDay + Int64(offset))
            var text: [UInt8] = []
            appendPadded(Int64(year), width: 4, to: &text)
            text.append(UInt8(ascii: "-"))
            appendPadded(Int64(month), width: 2, to: &text)
            text.append(UInt8(ascii: "-"))
            appendPadded(Int64(day), width: 2, to: &text)
            return text
        }
    }

    /// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's civil-from-days).
    static func civil(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}

private func appendNumber(_ value: Int64, to out: inout [UInt8]) {
    var digits: [UInt8] = []
    var rest = value
    repeat {
        digits.append(UInt8(48 + rest % 10))
        rest /= 10
    } while rest > 0
    out.append(contentsOf: digits.reversed())
}

private func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
    var divisor: Int64 = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
        out.append(UInt8(48 + rest / divisor % 10))
        rest %= divisor
        divisor /= 10
    }
}

private func appendYuan(_ fen: Int64, to out: inout [UInt8]) {
    appendNumber(fen / 100, to: &out)
    out.append(UInt8(ascii: "."))
    appendPadded(fen % 100, width: 2, to: &out)
}

/// SplitMix64, seeded per order so that any chunk can be generated on its own.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
