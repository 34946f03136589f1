/// A CSV chunk under construction: bytes are written straight into one allocation, no `String` on the hot path.
/// Demo fields never hold commas, quotes or line breaks, so no cell needs quoting.
final class DemoByteBuffer {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    /// Chunks handed out are about this size; a buffer is flushed after the row that crosses it.
    static let chunkSize = 1 << 20

    init(capacity: Int = DemoByteBuffer.chunkSize + 16_384) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isFull: Bool { count >= DemoByteBuffer.chunkSize }
    var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// Hands the bytes out and starts a new chunk.
    func take() -> [UInt8] {
        let chunk = bytes
        count = 0
        return chunk
    }

    func removeAll() { count = 0 }

    @inline(__always) private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always) func append(_ cell: DemoCell) {
        reserve(cell.count)
        (base + count).update(from: cell.start, count: cell.count)
        count += cell.count
    }

    func append(_ other: DemoByteBuffer) {
        reserve(other.count)
        (base + count).update(from: other.base, count: other.count)
        count += other.count
    }

    func append(_ text: [UInt8]) {
        reserve(text.count)
        text.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
        count += text.count
    }

    @inline(__always) func byte(_ value: UInt8) {
        reserve(1)
        base[count] = value
        count += 1
    }

    @inline(__always) func comma() { byte(UInt8(ascii: ",")) }
    @inline(__always) func newline() { byte(UInt8(ascii: "\n")) }

    /// `value` in decimal.
    @inline(__always) func integer<T: BinaryInteger>(_ value: T) { padded(UInt64(value), width: 1) }

    /// `value` in decimal, zero-padded on the left to at least `width` digits.
    func padded(_ value: UInt64, width: Int) {
        var digits = 1
        var probe = value
        while probe >= 10 { probe /= 10; digits += 1 }
        let length = max(width, digits)
        reserve(length)
        var rest = value
        var position = base + count + length
        for _ in 0..<length {
            position -= 1
            position.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        count += length
    }

    /// Yuan with two decimals, as `Money.decimalString` writes it: `129.00`.
    func money(_ fen: Int64) {
        if fen < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = fen.magnitude
        integer(magnitude / 100)
        byte(UInt8(ascii: "."))
        padded(magnitude % 100, width: 2)
    }

    /// `2024-11-11`
    func date(year: Int, month: Int, day: Int) {
        padded(UInt64(max(0, year)), width: 4)
        byte(UInt8(ascii: "-"))
        padded(UInt64(month), width: 2)
        byte(UInt8(ascii: "-"))
        padded(UInt64(day), width: 2)
    }

    /// `2024-11-11 20:01:33` in the shop's local time, as `ShopCalendar.format` writes it.
    func time(_ instant: Instant, _ calendar: ShopCalendar) {
        let (date, clock) = calendar.local(instant)
        self.date(year: date.year, month: date.month, day: date.day)
        byte(UInt8(ascii: " "))
        padded(UInt64(clock.hour), width: 2)
        byte(UInt8(ascii: ":"))
        padded(UInt64(clock.minute), width: 2)
        byte(UInt8(ascii: ":"))
        padded(UInt64(clock.second), width: 2)
    }
}
