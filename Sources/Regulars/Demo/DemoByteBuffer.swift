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

    /// `value` in decimal, zero-padded on the left to at least `width` digits (`width` at most 20).
    func padded(_ value: UInt64, width: Int) {
        reserve(40)
        // Digits are written backwards into the 20 bytes after the end, then moved into place.
        let scratchEnd = base + count + 40
        var position = scratchEnd
        var rest = value
        repeat {
            position -= 1
            position.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
        while scratchEnd - position < width {
            position -= 1
            position.pointee = UInt8(ascii: "0")
        }
        let length = scratchEnd - position
        (base + count).update(from: position, count: length)
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

    /// `20:01:33` for a second of the day.
    func clock(_ secondOfDay: Int) {
        twoDigits(secondOfDay / 3600)
        byte(UInt8(ascii: ":"))
        twoDigits(secondOfDay / 60 % 60)
        byte(UInt8(ascii: ":"))
        twoDigits(secondOfDay % 60)
    }

    @inline(__always) func twoDigits(_ value: Int) {
        reserve(2)
        base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        base[count + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
        count += 2
    }

    /// `2024-11-11 20:01:33` in the shop's local time, as `ShopCalendar.format` writes it.
    func time(_ instant: Instant, _ calendar: ShopCalendar) {
        let (date, clock) = calendar.local(instant)
        self.date(year: date.year, month: date.month, day: date.day)
        byte(UInt8(ascii: " "))
        self.clock(clock.hour * 3600 + clock.minute * 60 + clock.second)
    }

    /// `count` bytes of `text` from `offset`.
    func append(_ text: [UInt8], from offset: Int, count length: Int) {
        reserve(length)
        text.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress! + offset, count: length) }
        count += length
    }

    /// The low `width` digits of `value` in `radix`, spelled with `alphabet` (e.g. base 36: `0-9a-z`).
    @inline(__always) func digits(_ value: UInt64, radix: UInt64, width: Int, alphabet: DemoCell) {
        reserve(width)
        var rest = value
        var position = base + count + width
        for _ in 0..<width {
            position -= 1
            position.pointee = alphabet.start[Int(rest % radix)]
            rest /= radix
        }
        count += width
    }
}
