import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the purchases of an orders file straight from its bytes into `PurchaseColumns`, without a store: what
/// `regulars analyze rfm` scores. The rules are the import's (`OrderFileReader`): rows of one order are one order
/// wherever they appear, its customer, status, times and refund come from its first row, an amount repeated on each
/// line row counts once (differing line amounts add up); a purchase is an order whose settled status `isPurchase`, its
/// net the amount less the refund (never below 0), its time the paid time (else the created time) as the shop's local
/// wall clock. A bad row rejects its order.
///
/// Built for files of tens of millions of rows (see DESIGN.md, Performance): the bytes are cut at row ends into one
/// part per core; each part is parsed from bytes (plain `2024-11-11 20:01:33` dates and `129.00` amounts without
/// `String`; anything else through `DateTimeParser` and `MoneyParser`) and interns order and customer ids in its own
/// open-addressing tables keyed by the raw bytes (order ids that only rise, or only fall, need no table: a repeat can
/// only be the last order); then the parts' tables are merged and the orders settled in file order, each part on its
/// own core. A cut made inside a quoted field is found when the parts are joined and that part read again. On this
/// path each random memory access is the cost that counts, so rows go through in batches whose table slots are loaded
/// together, and customer keys live in the table's slots.
public struct PurchaseFileReader: Sendable {
    /// What a file held.
    public struct Result: Sendable {
        /// One entry per purchase with a customer, in file order; customer indexes into `customers`.
        public var purchases: PurchaseColumns
        public var customers: CustomerKeys
        /// Data rows read (blank rows not counted).
        public var rows: Int
        /// Distinct orders, rejected ones included.
        public var orders: Int
        /// Purchases, with a customer or without.
        public var purchaseOrders: Int
        /// Orders that are not purchases: pending, cancelled, refunded in full.
        public var skipped: Int
        /// Purchases whose order names no customer (or only a masked one): counted, never scored.
        public var withoutCustomer: Int
        /// Orders left out because one of their rows was bad.
        public var rejectedOrders: Int
        /// Every bad row, in line order.
        public var rejections: [RowRejection]
        /// The first line whose ids or status words are not UTF-8: the file is in another encoding (GB18030), and the
        /// caller should convert it and read it again.
        public var notUTF8Line: Int?
        /// How long each step took (reading the parts, joining customers, joining orders, settling), for `--timing`.
        public var steps: [(step: String, seconds: Double)] = []
    }

    /// The customers' ids (and channels, when the file has a channel column) by dense index.
    public struct CustomerKeys: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = [0]
        var channelIndex: [UInt16] = []
        /// Channel names, when the file has a channel column.
        public internal(set) var channelNames: [String] = []

        public var count: Int { ends.count - 1 }
        public var hasChannels: Bool { !channelNames.isEmpty }

        /// The customer id as written in the file (cleaned of spreadsheet wrappers).
        public subscript(index: Int) -> String {
            bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[ends[index]..<ends[index + 1]]), as: UTF8.self) }
        }

        /// The id's raw UTF-8 bytes.
        public func withBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[ends[index]..<ends[index + 1]])) }
        }

        public func channel(_ index: Int) -> String? { hasChannels ? channelNames[Int(channelIndex[index])] : nil }
    }

    let plan: ImportPlan
    let calendar: ShopCalendar

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.calendar = calendar
    }

    /// The number of parts `read` uses when not told: one per core, one for small files.
    public static func defaultParts(forBytes count: Int) -> Int {
        count < 1 << 20 ? 1 : max(1, min(64, ProcessInfo.processInfo.activeProcessorCount))
    }

    public func read(_ bytes: [UInt8], parts: Int? = nil) -> Result {
        bytes.withUnsafeBytes { read($0, parts: parts) }
    }

    /// Reads `bytes` (UTF-8, with or without BOM) in `parts` parts on as many threads. `release` hears ranges of
    /// bytes the reader is done with (a caller that mapped the file can drop those pages), about every `releaseEvery`
    /// bytes; bytes may be read again after they were released.
    public func read(_ bytes: UnsafeRawBufferPointer, parts requested: Int? = nil, releaseEvery: Int = 16 << 20,
                     release: (@Sendable (Range<Int>) -> Void)? = nil) -> Result {
        let layout = Layout(plan: plan)
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return Result(purchases: PurchaseColumns(customerCount: 0), customers: CustomerKeys(), rows: 0, orders: 0,
                          purchaseOrders: 0, skipped: 0, withoutCustomer: 0, rejectedOrders: 0, rejections: [],
                          notUTF8Line: nil)
        }
        nonisolated(unsafe) let file = base
        // The data starts after the header row; line numbers are counted as `CSVScanner.forEachRow` counts them.
        let bom = count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        var header = PartParser(file: file, count: count, layout: layout, plan: plan, calendar: calendar,
                                expectedOrders: 0, release: nil, releaseEvery: releaseEvery)
        let (dataStart, firstDataLine) = header.skipRows(from: bom, through: plan.headerLine)
        header.deallocate()

        // Parts cut after a line feed; a cut inside a quoted field is repaired when the parts are joined.
        let wanted = max(1, requested ?? Self.defaultParts(forBytes: count - dataStart))
        var starts = [dataStart]
        for k in 1..<wanted {
            let target = max(dataStart + (count - dataStart) * k / wanted, starts[starts.count - 1])
            guard let feed = Self.lineFeed(in: base, from: target, to: count), feed + 1 < count else { break }
            if feed + 1 > starts[starts.count - 1] { starts.append(feed + 1) }
        }
        let ends = Array(starts.dropFirst()) + [count]
        let partStarts = starts
        let averageRow = Self.averageRowLength(base, from: dataStart, count: count)

        nonisolated(unsafe) var parsers: [PartParser] = []
        parsers.reserveCapacity(starts.count)
        for k in starts.indices {
            parsers.append(PartParser(file: file, count: count, layout: layout, plan: plan, calendar: calendar,
                                      expectedOrders: (ends[k] - starts[k]) / averageRow + 16, release: release,
                                      releaseEvery: releaseEvery))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        parsers.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let parts = buffer
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                parts[k].parse(from: partStarts[k], to: ends[k])
            }
        }
        // A part whose previous part did not end where it starts was cut inside a quoted field: read it again from
        // where the previous one ended.
        for k in parsers.indices.dropFirst() where parsers[k - 1].finalPosition != starts[k] {
            let from = min(parsers[k - 1].finalPosition, ends[k])
            parsers[k].deallocate()
            parsers[k] = PartParser(file: file, count: count, layout: layout, plan: plan, calendar: calendar,
                                    expectedOrders: (ends[k] - from) / averageRow + 16, release: release,
                                    releaseEvery: releaseEvery)
            parsers[k].parse(from: from, to: ends[k])
        }
        let parsed = DispatchTime.now().uptimeNanoseconds
        var result = Merger(parts: parsers, layout: layout, firstDataLine: firstDataLine).result()
        result.steps.insert(("parse \(parsers.count) parts", Double(parsed - started) / 1e9), at: 0)
        return result
    }

    static func lineFeed(in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var position = from
        while position < to {
            if base[position] == 0x0A { return position }
            position += 1
        }
        return nil
    }

    /// Bytes per row in the first 64 KiB of data: sizes the parts' tables.
    static func averageRowLength(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        let end = min(count, start + 65_536)
        var feeds = 0
        for position in start..<end where base[position] == 0x0A { feeds += 1 }
        return max(8, (end - start) / max(1, feeds))
    }
}

// MARK: - Columns and roles

/// Which fields the reader decodes, by column.
struct Layout: Sendable {
    enum Role: Int, CaseIterable {
        case orderID, customerID, channel, status, paidAt, createdAt, amount, totalAmount, refund, sku, productName,
             lineAmount
    }

    /// The role of each column up to the last one needed (-1: not read).
    var roles: [Int8]
    var delimiter: UInt8
    var hasChannel: Bool
    var hasTotal: Bool
    /// Whether rows can name products, so that amounts on line rows must be told apart from an order's amount.
    var hasProducts: Bool
    var fallbackChannel: String

    init(plan: ImportPlan) {
        let fields: [(Role, ImportField)] = [
            (.orderID, .orderID), (.customerID, .customerID), (.channel, .channel), (.status, .status),
            (.paidAt, .paidAt), (.createdAt, .createdAt), (.amount, .amount), (.totalAmount, .totalAmount),
            (.refund, .refundAmount), (.sku, .sku), (.productName, .productName), (.lineAmount, .lineAmount),
        ]
        var roles: [Int8] = []
        for (role, field) in fields {
            let column = plan.column(field)
            guard column >= 0 else { continue }
            if column >= roles.count { roles += [Int8](repeating: -1, count: column + 1 - roles.count) }
            roles[column] = Int8(role.rawValue)
        }
        self.roles = roles
        delimiter = plan.delimiter
        hasChannel = plan.column(.channel) >= 0
        hasTotal = plan.column(.totalAmount) >= 0
        hasProducts = plan.column(.sku) >= 0 || plan.column(.productName) >= 0
        fallbackChannel = plan.channel?.rawValue ?? ""
    }
}

/// The rows of one order beyond the first, folded into what decides its amount (`OrderFileReader.finish`): the
/// amount of the first row naming no product, else the first amount of any row, unless the line rows' amounts are
/// the lines' own (they differ, or add up to the order row's amount), in which case they add up.
struct OrderRows {
    var firstAmount: Int64?
    var orderRowAmount: Int64?
    var lines = 0
    var linesWithAmount = 0
    var lineSum: Int64 = 0
    var firstLineAmount: Int64?
    var lineAmountsDiffer = false
    /// A line row had a line amount of its own: the row amounts are then the order's.
    var lineAmountColumn = false

    init(amount: Int64?, product: Bool, lineAmount: Bool) {
        firstAmount = amount
        if product {
            lines = 1
            lineAmountColumn = lineAmount
            if let amount {
                linesWithAmount = 1
                lineSum = amount
                firstLineAmount = amount
            }
        } else {
            orderRowAmount = amount
        }
    }

    /// Adds the rows of the same order that come later in the file.
    mutating func append(_ later: OrderRows) {
        firstAmount = firstAmount ?? later.firstAmount
        orderRowAmount = orderRowAmount ?? later.orderRowAmount
        if let mine = firstLineAmount, let theirs = later.firstLineAmount, mine != theirs { lineAmountsDiffer = true }
        lineAmountsDiffer = lineAmountsDiffer || later.lineAmountsDiffer
        firstLineAmount = firstLineAmount ?? later.firstLineAmount
        lines += later.lines
        linesWithAmount += later.linesWithAmount
        lineSum &+= later.lineSum
        lineAmountColumn = lineAmountColumn || later.lineAmountColumn
    }

    /// The order's amount; nil when no row gives one (a cancelled order's is 0).
    func amount(cancelled: Bool) -> Int64? {
        let everyLineHasOne = lines > 0 && linesWithAmount == lines && !lineAmountColumn
        let lineAmounts = everyLineHasOne
            && (orderRowAmount.map { $0 == lineSum && lines > 1 } ?? (linesWithAmount > 1 && lineAmountsDiffer))
        if let orderRowAmount, lineAmounts { return orderRowAmount }
        if !lineAmounts, let first = orderRowAmount ?? firstAmount { return first }
        if lineAmounts { return lineSum }
        return cancelled ? 0 : nil
    }
}

// MARK: - Hashing and tables

/// Where loads made only to bring memory into the cache leave their sum, so that they are not optimised away.
nonisolated(unsafe) var purchaseReaderSink: UInt64 = 0

@inline(__always)
func purchaseKeyHash(_ p: UnsafePointer<UInt8>, _ n: Int, _ seed: UInt64) -> UInt64 {
    var h = seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n {
        h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        i += 8
    }
    let rest = n - i
    if rest > 0 {
        var word: UInt64
        if n >= 8 {
            word = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - rest))
        } else {
            word = 0
            for k in 0..<rest { word |= UInt64(p[i + k]) << UInt64(8 * k) }
        }
        h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
    }
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
}

@inline(__always)
func purchaseBytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= n {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Open addressing with linear probing. A slot's first word holds the hash's high 32 bits beside the entry's index + 1
/// (0: empty); probing starts at the hash's low bits, so equal tags in a probe sequence are rare and only they compare
/// keys. Slots of `width` words keep more beside it (customers: the key itself, so that a lookup touches memory once).
struct SlotTable: @unchecked Sendable {
    var slots: UnsafeMutablePointer<UInt64>
    var mask: Int
    var count = 0
    let width: Int

    init(expected: Int, width: Int = 1) {
        var capacity = 64
        while capacity * 7 < expected * 10 { capacity <<= 1 }
        self.width = width
        slots = LargeMemory.allocate(UInt64.self, capacity: capacity * width, random: true)
        slots.initialize(repeating: 0, count: capacity * width)
        mask = capacity - 1
    }

    var capacity: Int { mask + 1 }
    var needsGrowth: Bool { count * 10 >= capacity * 7 }

    @inline(__always)
    func slot(_ position: Int) -> UnsafeMutablePointer<UInt64> { slots + position * width }

    func deallocate() { slots.deallocate() }

    /// A table twice as large holding the same entries; `hash(index)` recomputes an entry's hash.
    mutating func grow(_ hash: (Int) -> UInt64) { grow(to: capacity * 2, hash) }

    private mutating func grow(to capacity: Int, _ hash: (Int) -> UInt64) {
        let old = slots, oldCapacity = self.capacity
        slots = LargeMemory.allocate(UInt64.self, capacity: capacity * width, random: true)
        slots.initialize(repeating: 0, count: capacity * width)
        mask = capacity - 1
        for k in 0..<oldCapacity where old[k * width] != 0 {
            let h = hash(Int(old[k * width] & 0xFFFF_FFFF) - 1)
            var position = Int(truncatingIfNeeded: h) & mask
            while slots[position * width] != 0 { position = (position + 1) & mask }
            (slots + position * width).update(from: old + k * width, count: width)
        }
        old.deallocate()
    }
}

/// Memory for the reader's large tables and columns. A table's loads land all over it, so each one would otherwise
/// also miss the TLB: tables ask for transparent huge pages (2 MiB), where the system allows them. Columns, written
/// and read in order, do not (a huge page costs more to hand out than the TLB misses it saves them).
enum LargeMemory {
    static func allocate<T>(_ type: T.Type, capacity: Int, random: Bool = false) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        #if canImport(Glibc)
        let bytes = capacity * MemoryLayout<T>.stride
        let huge = 2 << 20
        if random, bytes >= 2 * huge {
            let address = Int(bitPattern: pointer)
            let start = (address + huge - 1) / huge * huge, end = (address + bytes) / huge * huge
            if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        }
        #endif
        return pointer
    }
}

/// A growable column of plain values in manually managed memory: appends without `Array`'s uniqueness checks, for
/// the reader's per-order columns. Whoever owns it calls `deallocate()` once.
struct Column<Element: BitwiseCopyable>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = LargeMemory.allocate(Element.self, capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { reserve(count + 1) }
        base[count] = value
        count += 1
    }

    /// Appends `n` bytes from `source` (a byte column), eight at a time.
    @inline(__always)
    mutating func append(bytes source: UnsafePointer<UInt8>, count n: Int) where Element == UInt8 {
        if count + n + 8 > capacity { reserve(count + n + 8) }
        let target = UnsafeMutableRawPointer(base + count)
        let from = UnsafeRawPointer(source)
        // Short keys by overlapping word moves (a loop here would become a call to memmove).
        if n >= 8 && n <= 16 {
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
        } else if n < 4 {
            if n > 0 { target.storeBytes(of: source[0], as: UInt8.self) }
            if n > 1 { target.storeBytes(of: source[1], toByteOffset: 1, as: UInt8.self) }
            if n > 2 { target.storeBytes(of: source[2], toByteOffset: 2, as: UInt8.self) }
        } else {
            target.copyMemory(from: from, byteCount: n)
        }
        count += n
    }

    mutating func reserve(_ minimum: Int) {
        guard minimum > capacity else { return }
        var grown = capacity * 2
        while grown < minimum { grown *= 2 }
        let moved = LargeMemory.allocate(Element.self, capacity: grown)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }

    subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) nonmutating set { base[index] = newValue }
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func deallocate() { base.deallocate() }
}

/// What a few distinct cell texts (status words, channel names) mean, remembered by their raw bytes.
struct WordCache {
    var hashes: [UInt64] = []
    var lengths: [Int] = []
    var starts: [Int] = []
    var values: [UInt16] = []
    var bytes: [UInt8] = []

    var count: Int { values.count }

    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> UInt16? {
        for k in hashes.indices where hashes[k] == h && lengths[k] == n {
            if bytes.withUnsafeBufferPointer({ purchaseBytesEqual($0.baseAddress! + starts[k], p, n) }) { return values[k] }
        }
        return nil
    }

    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64, value: UInt16) {
        hashes.append(h)
        lengths.append(n)
        starts.append(bytes.count)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        values.append(value)
    }
}

// MARK: - One part of the file

/// Values of a cell read from bytes.
enum PurchaseCell {
    case none
    case value(Int64)
    case invalid(String)
}

/// Reads the rows of one part of the file: its orders (first-row fields, amounts), customers and rejections.
///
/// Rows go through two stages a batch at a time: a batch is read (fields, keys, hashes) and its rows' home slots in
/// the order and customer tables are loaded; after the next batch is read, the batch is settled row by row. The loads
/// of a batch are independent, so they wait for memory together instead of one after another.
struct PartParser: @unchecked Sendable {
    static let quote = UInt8(ascii: "\"")
    static let noValue = Int64.min
    static let noAmount = UInt32.max
    static let large = UInt32.max - 1
    // State bits of an order.
    static let statusMask: UInt16 = 0x7
    static let rejected: UInt16 = 1 << 3
    static let statusFromText: UInt16 = 1 << 4
    static let hasRows: UInt16 = 1 << 5
    static let folded: UInt16 = 1 << 6
    static let firstRowProduct: UInt16 = 1 << 7
    static let firstRowLineAmount: UInt16 = 1 << 8
    static let statuses = OrderStatus.allCases
    static let cancelledCode = UInt16(OrderStatus.allCases.firstIndex(of: .cancelled)!)
    static let paidCode = UInt16(OrderStatus.allCases.firstIndex(of: .paid)!)
    static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000
    /// Codes of `status(_:)` besides the statuses' indexes.
    static let noStatus: UInt16 = 254
    static let unknownStatus: UInt16 = 255

    static let batch = 16
    static let stages = 2
    static let roleTotal = Layout.Role.allCases.count

    let file: UnsafePointer<UInt8>
    let count: Int
    let layout: Layout
    let plan: ImportPlan
    let calendar: ShopCalendar
    let release: (@Sendable (Range<Int>) -> Void)?
    let releaseEvery: Int
    let delimiter: UInt8
    let roleCount: Int
    let roles: UnsafeMutablePointer<Int8>

    // The current row's fields by role: start, end, and kind (0 plain, 1 quoted, 2 quoted with "" or text after
    // the closing quote: read through `CSVRow`'s rules). They point into the batch rows' blocks.
    var fieldStart: UnsafeMutablePointer<Int>
    var fieldEnd: UnsafeMutablePointer<Int>
    var fieldKind: UnsafeMutablePointer<UInt8>
    var present: UInt32 = 0
    let rowFieldStart: UnsafeMutablePointer<Int>
    let rowFieldEnd: UnsafeMutablePointer<Int>
    let rowFieldKind: UnsafeMutablePointer<UInt8>
    // Per batch row (`stages * batch` of them): fields present, line, keys (length -1: none), channel, hashes.
    var rowPresent: Column<UInt32>
    var rowLine: Column<Int>
    var rowOrderKey: Column<UnsafePointer<UInt8>>
    var rowOrderLength: Column<Int>
    var rowOrderHash: Column<UInt64>
    var rowChannel: Column<UInt16>
    var rowCustomerKey: Column<UnsafePointer<UInt8>>
    var rowCustomerLength: Column<Int>
    var rowCustomerHash: Column<UInt64>
    var rowCustomerWords: Column<UInt64>
    /// Keys that had to be rewritten (quoted with `""`): one buffer per batch row and key.
    var slowKeys: [UnsafeMutableBufferPointer<UInt8>] = []
    var sink: UInt64 = 0

    // Progress.
    var line = 0
    var rows = 0
    var finalPosition = 0
    var released = 0
    var notUTF8Line: Int?

    // Orders: where each key is (`keyPlace`), first-row fields in columns.
    /// While the part's order ids only rise (or only fall) from one order to the next, as in exports sorted by time
    /// from a platform whose ids grow with time, a repeated id can only be the last order's: no table is needed. The
    /// first id out of line builds `orders` and `orderHash` for the orders so far, and the part goes on with them.
    var sortedMode: Bool
    /// +1 rising, -1 falling, 0 not known yet (fewer than two orders).
    var direction = 0
    let expectedOrders: Int
    var orders: SlotTable
    var orderKeyPlace: Column<UInt64>
    /// Each order key's hash: growing the table and joining parts need no second look at the file.
    var orderHash: Column<UInt64>
    /// Keys that are not as such in the file (quoted with `""`).
    var spilledKeys: Column<UInt8>
    var orderChannel: Column<UInt16>
    var orderCustomer: Column<Int32>
    var orderSeconds: Column<Int64>
    /// The first row's amount (low 32 bits, fen; `noAmount` when empty) and refund (high 32 bits), both `large` when
    /// they do not fit, then kept in `largeMoney`: one word per order instead of two.
    var orderMoney: Column<UInt64>
    var largeMoney: [Int32: (amount: Int64?, refund: Int64)] = [:]
    var orderTotal: Column<Int64>
    var orderState: Column<UInt16>
    var orderRows: [Int32: OrderRows] = [:]
    /// Orders whose first row had no amount: the line to name if none of their rows has one.
    var missingAmountLine: [Int32: Int] = [:]
    var rejections: [RowRejection] = []

    // Customers: keys in an arena; the table's slots hold up to 15 bytes of each key as two words (`fixedWords`).
    var customers: SlotTable
    var customerKeys: Column<UInt8>
    var customerKeyEnds: Column<Int>
    var customerChannel: Column<UInt16>

    // Channels, status words and the last date seen.
    var channelNames: [String] = []
    var channelSeeds: [UInt64] = []
    var channelCache = WordCache()
    var statusCache = WordCache()
    /// Status words of up to 15 bytes seen so far (most are), as `fixedWords` pairs, with their codes.
    var shortStatusWords: [UInt64] = []
    var shortStatusCodes: [UInt16] = []
    var lastDateKey: UInt64 = 0
    var lastDateTail: UInt16 = 0
    var lastDateDays: Int64 = Int64.min

    init(file: UnsafePointer<UInt8>, count: Int, layout: Layout, plan: ImportPlan, calendar: ShopCalendar,
         expectedOrders: Int, release: (@Sendable (Range<Int>) -> Void)?, releaseEvery: Int) {
        self.file = file
        self.count = count
        self.layout = layout
        self.plan = plan
        self.calendar = calendar
        self.release = release
        self.releaseEvery = releaseEvery
        delimiter = layout.delimiter
        roleCount = layout.roles.count
        roles = .allocate(capacity: max(1, layout.roles.count))
        roles.initialize(from: layout.roles, count: layout.roles.count)
        let rowSlots = Self.batch * Self.stages
        let fields = Self.roleTotal * rowSlots
        rowFieldStart = .allocate(capacity: fields)
        rowFieldEnd = .allocate(capacity: fields)
        rowFieldKind = .allocate(capacity: fields)
        rowFieldStart.initialize(repeating: 0, count: fields)
        rowFieldEnd.initialize(repeating: 0, count: fields)
        rowFieldKind.initialize(repeating: 0, count: fields)
        fieldStart = rowFieldStart
        fieldEnd = rowFieldEnd
        fieldKind = rowFieldKind
        rowPresent = Column(capacity: rowSlots)
        rowLine = Column(capacity: rowSlots)
        rowOrderKey = Column(capacity: rowSlots)
        rowOrderLength = Column(capacity: rowSlots)
        rowOrderHash = Column(capacity: rowSlots)
        rowChannel = Column(capacity: rowSlots)
        rowCustomerKey = Column(capacity: rowSlots)
        rowCustomerLength = Column(capacity: rowSlots)
        rowCustomerHash = Column(capacity: rowSlots)
        rowCustomerWords = Column(capacity: 2 * rowSlots)
        slowKeys = (0..<(2 * rowSlots)).map { _ in UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64) }

        let expectedCustomers = max(1024, expectedOrders / 2)
        sortedMode = !layout.hasChannel
        orders = SlotTable(expected: sortedMode ? 0 : expectedOrders)
        self.expectedOrders = expectedOrders
        orderKeyPlace = Column(capacity: expectedOrders)
        orderHash = Column(capacity: expectedOrders)
        spilledKeys = Column(capacity: 1024)
        orderChannel = Column(capacity: layout.hasChannel ? expectedOrders : 16)
        orderCustomer = Column(capacity: expectedOrders)
        orderSeconds = Column(capacity: expectedOrders)
        orderMoney = Column(capacity: expectedOrders)
        orderTotal = Column(capacity: layout.hasTotal ? expectedOrders : 16)
        orderState = Column(capacity: expectedOrders)
        customers = SlotTable(expected: expectedCustomers, width: 3)
        customerKeys = Column(capacity: expectedCustomers * 12)
        customerKeyEnds = Column(capacity: expectedCustomers + 1)
        customerKeyEnds.append(0)
        customerChannel = Column(capacity: layout.hasChannel ? expectedCustomers : 16)
        // Without a channel column every key is on one channel.
        if !layout.hasChannel { addChannel(layout.fallbackChannel) }
    }

    func deallocate() {
        roles.deallocate()
        rowFieldStart.deallocate()
        rowFieldEnd.deallocate()
        rowFieldKind.deallocate()
        rowPresent.deallocate()
        rowLine.deallocate()
        rowOrderKey.deallocate()
        rowOrderLength.deallocate()
        rowOrderHash.deallocate()
        rowChannel.deallocate()
        rowCustomerKey.deallocate()
        rowCustomerLength.deallocate()
        rowCustomerHash.deallocate()
        rowCustomerWords.deallocate()
        for buffer in slowKeys { buffer.deallocate() }
        orders.deallocate()
        orderKeyPlace.deallocate()
        orderHash.deallocate()
        spilledKeys.deallocate()
        orderChannel.deallocate()
        orderCustomer.deallocate()
        orderSeconds.deallocate()
        orderMoney.deallocate()
        orderTotal.deallocate()
        orderState.deallocate()
        customerKeys.deallocate()
        customerKeyEnds.deallocate()
        customerChannel.deallocate()
        customers.deallocate()
    }

    var orderCount: Int { orderState.count }
    var customerCount: Int { customerKeyEnds.count - 1 }

    @discardableResult
    mutating func addChannel(_ name: String) -> UInt16 {
        if let known = channelNames.firstIndex(of: name) { return UInt16(known) }
        channelNames.append(name)
        channelSeeds.append(Self.channelSeed(name))
        return UInt16(channelNames.count - 1)
    }

    /// Keys are hashed with their channel's name, so that parts (which number channels apart) hash them alike.
    static func channelSeed(_ name: String) -> UInt64 {
        var bytes = Array(name.utf8) + [0]
        return bytes.withUnsafeMutableBufferPointer { purchaseKeyHash($0.baseAddress!, $0.count - 1, 0x5EED) }
    }

    // MARK: Rows

    /// Skips the rows up to and including the one starting on line `headerLine`; returns where data starts and the
    /// line it starts on.
    mutating func skipRows(from start: Int, through headerLine: Int) -> (Int, Int) {
        var position = start
        line = 1
        while position < count {
            let rowLine = line
            _ = readFields(&position)
            if rowLine >= headerLine { break }
        }
        return (position, line)
    }

    /// Reads one row's fields from `position` to just after its end; returns whether it holds anything.
    @inline(__always)
    mutating func readFields(_ position: inout Int) -> Bool {
        present = 0
        var content = false
        var column = 0
        var pos = position
        while true {
            let start: Int, end: Int
            var kind: UInt8 = 0
            if pos < count, file[pos] == Self.quote {
                pos += 1
                start = pos
                var escaped = false
                while pos < count {
                    let byte = file[pos]
                    if byte == Self.quote {
                        if pos + 1 < count, file[pos + 1] == Self.quote {
                            escaped = true
                            pos += 2
                            continue
                        }
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    pos += 1
                }
                end = min(pos, count)
                pos = min(pos + 1, count)
                let afterQuote = pos
                while pos < count {
                    let byte = file[pos]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D { break }
                    pos += 1
                }
                kind = escaped || pos > afterQuote ? 2 : 1
                if end > start || pos > afterQuote { content = true }
            } else {
                start = pos
                pos = plainFieldEnd(pos)
                end = pos
                if end > start { content = true }
            }
            if column < roleCount {
                let role = Int(roles[column])
                if role >= 0 {
                    fieldStart[role] = start
                    fieldEnd[role] = end
                    fieldKind[role] = kind
                    present |= 1 << UInt32(role)
                }
            }
            if pos >= count { break }
            let byte = file[pos]
            if byte == delimiter {
                pos += 1
                column += 1
                continue
            }
            pos += 1
            if byte == 0x0D, pos < count, file[pos] == 0x0A { pos += 1 }
            line += 1
            break
        }
        position = pos
        return content
    }

    /// The end of an unquoted field: the next delimiter, CR or LF, eight bytes at a time.
    @inline(__always)
    mutating func plainFieldEnd(_ start: Int) -> Int {
        var pos = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = UInt64(delimiter) &* ones
        let raw = UnsafeRawPointer(file)
        while pos + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            let d = word ^ delimiters, lf = word ^ (0x0A &* ones), cr = word ^ (0x0D &* ones)
            let hits = ((d &- ones) & ~d | (lf &- ones) & ~lf | (cr &- ones) & ~cr) & highs
            if hits != 0 { return pos + hits.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < count {
            let byte = file[pos]
            if byte == delimiter || byte == 0x0A || byte == 0x0D { return pos }
            pos += 1
        }
        return pos
    }

    /// Reads the rows starting in `start..<end` (the last one may run past `end`).
    mutating func parse(from start: Int, to end: Int) {
        var position = start
        released = start
        line = 0
        var batchRows = [Int](repeating: 0, count: Self.stages)
        var batchStart = [Int](repeating: 0, count: Self.stages)
        var filled = 0
        var settled = 0
        while position < end {
            let stage = filled % Self.stages
            batchStart[stage] = position
            batchRows[stage] = readBatch(stage, &position, end)
            loadSlots(stage, batchRows[stage])
            filled += 1
            if filled >= 2 {
                settleBatch((filled - 2) % Self.stages, batchRows[(filled - 2) % Self.stages])
                settled += 1
                // Bytes before the oldest batch not yet settled are done with.
                let done = batchStart[settled % Self.stages]
                if let release, done - released >= releaseEvery {
                    release(released..<done)
                    released = done
                }
            }
        }
        while settled < filled {
            let stage = settled % Self.stages
            settleBatch(stage, batchRows[stage])
            settled += 1
        }
        purchaseReaderSink &+= sink
        finalPosition = position
        if let release, position > released { release(released..<min(position, end)) }
    }

    /// Reads up to `batch` rows into stage `stage`'s rows: fields, keys, channel, hashes.
    @inline(__always)
    mutating func readBatch(_ stage: Int, _ position: inout Int, _ end: Int) -> Int {
        var n = 0
        while n < Self.batch, position < end {
            let b = stage * Self.batch + n
            let line = self.line
            select(b)
            guard readFields(&position) else { continue }
            rows += 1
            rowPresent[b] = present
            rowLine[b] = line
            prepare(b)
            n += 1
        }
        return n
    }

    /// Loads the home slots of a batch's order and customer keys.
    @inline(__always)
    mutating func loadSlots(_ stage: Int, _ n: Int) {
        var sink = self.sink
        for b in (stage * Self.batch)..<(stage * Self.batch + n) {
            if !sortedMode, rowOrderLength[b] >= 0 { sink &+= orders.slots[Int(truncatingIfNeeded: rowOrderHash[b]) & orders.mask] }
            if rowCustomerLength[b] >= 0 {
                sink &+= customers.slot(Int(truncatingIfNeeded: rowCustomerHash[b]) & customers.mask)[0]
            }
        }
        self.sink = sink
    }

    @inline(__always)
    mutating func settleBatch(_ stage: Int, _ n: Int) {
        for b in (stage * Self.batch)..<(stage * Self.batch + n) {
            select(b)
            present = rowPresent[b]
            processRow(b)
        }
    }

    /// Points the field accessors at batch row `b`.
    @inline(__always)
    mutating func select(_ b: Int) {
        fieldStart = rowFieldStart + b * Self.roleTotal
        fieldEnd = rowFieldEnd + b * Self.roleTotal
        fieldKind = rowFieldKind + b * Self.roleTotal
    }

    /// Batch row `b`'s keys, channel and hashes.
    @inline(__always)
    mutating func prepare(_ b: Int) {
        rowCustomerLength[b] = -1
        guard let key = keyBytes(.orderID, slot: 2 * b) else {
            rowOrderLength[b] = -1
            return
        }
        let channel = layout.hasChannel ? channelOfRow() : 0
        rowOrderKey[b] = key.baseAddress!
        rowOrderLength[b] = key.count
        rowChannel[b] = channel
        rowOrderHash[b] = purchaseKeyHash(key.baseAddress!, key.count, channelSeeds[Int(channel)])
        guard let customer = keyBytes(.customerID, slot: 2 * b + 1) else { return }
        // A masked account (t**1) names nobody for sure.
        for byte in customer where byte == UInt8(ascii: "*") { return }
        rowCustomerKey[b] = customer.baseAddress!
        rowCustomerLength[b] = customer.count
        rowCustomerHash[b] = purchaseKeyHash(customer.baseAddress!, customer.count, channelSeeds[Int(channel)])
        let words = Self.fixedWords(customer.baseAddress!, customer.count)
        rowCustomerWords[2 * b] = words.0
        rowCustomerWords[2 * b + 1] = words.1
    }

    /// A key of up to 15 bytes as two words (bytes, then the length in the top byte); longer keys are marked with
    /// length 255 and compared in the arena.
    @inline(__always)
    static func fixedWords(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        if n > 15 { return (0, 0xFF << 56) }
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            let first = raw.loadUnaligned(as: UInt64.self)
            let rest = n == 8 ? 0 : raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (16 - n))
            return (first, rest | UInt64(n) << 56)
        }
        var first: UInt64 = 0
        for k in 0..<n { first |= UInt64(p[k]) << UInt64(8 * k) }
        return (first, UInt64(n) << 56)
    }

    /// A key field's cleaned bytes: in the file, or (quoted with `""`) in the batch row's own buffer.
    @inline(__always)
    mutating func keyBytes(_ role: Layout.Role, slot: Int) -> UnsafeBufferPointer<UInt8>? {
        guard has(role) else { return nil }
        if fieldKind[role.rawValue] == 2 {
            guard let text = slowText(role) else { return nil }
            let bytes = Array(text.utf8)
            if slowKeys[slot].count < bytes.count {
                slowKeys[slot].deallocate()
                slowKeys[slot] = .allocate(capacity: bytes.count)
            }
            _ = slowKeys[slot].initialize(from: bytes)
            return UnsafeBufferPointer(start: slowKeys[slot].baseAddress, count: bytes.count)
        }
        guard let range = cleanRange(role) else { return nil }
        return UnsafeBufferPointer(start: file + range.lowerBound, count: range.count)
    }

    @inline(__always)
    mutating func has(_ role: Layout.Role) -> Bool { present & (1 << UInt32(role.rawValue)) != 0 }

    mutating func reject(_ rowLine: Int, _ reason: String) {
        rejections.append(RowRejection(line: rowLine, reason: reason))
    }

    /// Batch row `b`: a new order's first row, or a later row of one seen before.
    mutating func processRow(_ b: Int) {
        let length = rowOrderLength[b]
        guard length >= 0 else {
            reject(rowLine[b], "order_id is empty")
            return
        }
        guard length <= Self.longestKey else {
            reject(rowLine[b], "order_id is longer than \(Self.longestKey) bytes")
            return
        }
        let key = rowOrderKey[b]
        let channel = rowChannel[b]
        if sortedMode {
            let last = orderCount - 1
            if last >= 0 {
                let place = orderKeyPlace[last]
                let order = Self.compareKeys(key, length, Self.key(place, file: file, spilled: spilledKeys.base), Self.keyLength(place))
                if order == 0 { return laterRow(last, b) }
                if direction == 0 { direction = order }
                if order != direction { leaveSortedMode() }
            }
            if sortedMode { return newOrder(key, length, channel: channel, b: b, position: nil) }
        }
        let h = rowOrderHash[b]
        let tag = h & Self.tagMask
        var position = Int(truncatingIfNeeded: h) & orders.mask
        while true {
            let slot = orders.slots[position]
            if slot == 0 { break }
            if slot & Self.tagMask == tag {
                let index = Int(slot & 0xFFFF_FFFF) - 1
                let place = orderKeyPlace[index]
                if Self.keyLength(place) == length, !layout.hasChannel || orderChannel[index] == channel,
                   purchaseBytesEqual(Self.key(place, file: file, spilled: spilledKeys.base), key, length) {
                    laterRow(index, b)
                    return
                }
            }
            position = (position + 1) & orders.mask
        }
        newOrder(key, length, channel: channel, b: b, position: position)
        if orders.needsGrowth { growOrders() }
    }

    /// A new order from batch row `b`, in the table at `position` (nil in sorted mode).
    @inline(__always)
    mutating func newOrder(_ key: UnsafePointer<UInt8>, _ length: Int, channel: UInt16, b: Int, position: Int?) {
        let index = orderState.count
        if let position {
            let h = rowOrderHash[b]
            orders.slots[position] = h & Self.tagMask | UInt64(index + 1)
            orders.count += 1
            orderHash.append(h)
        }
        if key >= file, key < file + count {
            orderKeyPlace.append(UInt64(length) << 40 | UInt64(key - file))
        } else {
            orderKeyPlace.append(1 << 63 | UInt64(length) << 40 | UInt64(spilledKeys.count))
            spilledKeys.append(bytes: key, count: length)
        }
        if layout.hasChannel { orderChannel.append(channel) }
        firstRow(index, b)
    }

    /// Order ids compared by length, then byte by byte: for numbers without leading zeros, their numeric order.
    @inline(__always)
    static func compareKeys(_ a: UnsafePointer<UInt8>, _ m: Int, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
        if m != n { return m < n ? -1 : 1 }
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            let x = ra.loadUnaligned(fromByteOffset: i, as: UInt64.self).bigEndian
            let y = rb.loadUnaligned(fromByteOffset: i, as: UInt64.self).bigEndian
            if x != y { return x < y ? -1 : 1 }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
        return 0
    }

    /// Builds the order table and hashes for the orders read so far (their ids were in order until now).
    mutating func leaveSortedMode() {
        guard sortedMode else { return }
        sortedMode = false
        let n = orderCount
        for index in 0..<n {
            let place = orderKeyPlace[index]
            orderHash.append(purchaseKeyHash(Self.key(place, file: file, spilled: spilledKeys.base), Self.keyLength(place),
                                             channelSeeds[layout.hasChannel ? Int(orderChannel[index]) : 0]))
        }
        orders.deallocate()
        orders = SlotTable(expected: max(expectedOrders, 2 * n))
        for index in 0..<n {
            let h = orderHash[index]
            var position = Int(truncatingIfNeeded: h) & orders.mask
            while orders.slots[position] != 0 { position = (position + 1) & orders.mask }
            orders.slots[position] = h & Self.tagMask | UInt64(index + 1)
        }
        orders.count = n
    }

    mutating func growOrders() {
        let hashes = orderHash
        orders.grow { hashes[$0] }
    }

    /// Where an order key is: its offset in the file, or (top bit set) in `spilledKeys`, and its length above bit 40.
    @inline(__always)
    static func key(_ place: UInt64, file: UnsafePointer<UInt8>, spilled: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        (place >> 63 == 0 ? file : spilled) + Int(place & 0xFF_FFFF_FFFF)
    }

    @inline(__always)
    static func keyLength(_ place: UInt64) -> Int { Int((place >> 40) & 0x7F_FFFF) }

    /// Keys longer than this are rejected (their length would not fit `keyPlace`).
    static let longestKey = 0x7F_FFFF

    /// Order-level fields from the order's first row.
    mutating func firstRow(_ index: Int, _ b: Int) {
        let rowLine = self.rowLine[b]
        // The customer first, rejected or not: customers are numbered by first appearance however the file is cut.
        orderCustomer.append(customer(b))
        orderSeconds.append(Self.noValue)
        orderMoney.append(UInt64(Self.noAmount))
        orderState.append(Self.rejected)
        if layout.hasTotal { orderTotal.append(Self.noValue) }

        let statusCode = status(rowLine)
        if statusCode == Self.unknownStatus { return }
        var paid: Int64?, created: Int64?
        switch time(.paidAt) {
        case .none: break
        case .value(let seconds): paid = seconds
        case .invalid(let text):
            return reject(rowLine, "paid_at: '\(text)' is not a date and time (expected 2024-11-11 20:01:33)")
        }
        switch time(.createdAt) {
        case .none: break
        case .value(let seconds): created = seconds
        case .invalid(let text):
            return reject(rowLine, "created_at: '\(text)' is not a date and time (expected 2024-11-11 20:01:33)")
        }
        var amount: Int64?
        switch money(.amount) {
        case .none: break
        case .value(let fen):
            guard fen >= 0 else { return reject(rowLine, "amount: \(Money(fen: fen)) is negative") }
            amount = fen
        case .invalid(let text): return reject(rowLine, "amount: '\(text)' is not an amount of money")
        }
        var refund: Int64 = 0
        switch money(.refund) {
        case .none: break
        case .value(let fen):
            guard fen >= 0 else { return reject(rowLine, "refund_amount: \(Money(fen: fen)) is negative") }
            refund = fen
        case .invalid(let text):
            // 有赞 and 淘宝 write 无退款申请 where there is no refund.
            guard plan.afterSalesOutcomes[StatusWords.normalize(text)] == AfterSalesOutcome.none else {
                return reject(rowLine, "refund_amount: '\(text)' is not an amount of money")
            }
        }
        if layout.hasTotal {
            switch money(.totalAmount) {
            case .none: break
            case .value(let fen): orderTotal[index] = fen
            case .invalid(let text): return reject(rowLine, "total_amount: '\(text)' is not an amount of money")
            }
        }
        // Without a status column, an order with a paid time is paid.
        var state = statusCode == Self.noStatus ? (paid == nil ? Self.cancelledCode : Self.paidCode) : statusCode | Self.statusFromText
        let seconds = paid ?? created
        let reported = Self.statuses[Int(state & Self.statusMask)]
        if reported.isPurchase, seconds == nil {
            return reject(rowLine, "paid_at is empty for a \(reported.rawValue) order")
        }
        if layout.hasProducts {
            if productNamed() { state |= Self.firstRowProduct }
            if has(.lineAmount), cleanRange(.lineAmount) != nil { state |= Self.firstRowLineAmount }
        }
        orderSeconds[index] = seconds ?? Self.noValue
        if amount ?? 0 < Int64(Self.large), refund < Int64(Self.large) {
            orderMoney[index] = UInt64(refund) << 32 | UInt64(amount.map { UInt32($0) } ?? Self.noAmount)
        } else {
            orderMoney[index] = UInt64(Self.large) << 32 | UInt64(Self.large)
            largeMoney[Int32(index)] = (amount, refund)
        }
        orderState[index] = state
        if amount == nil { missingAmountLine[Int32(index)] = rowLine }
    }

    /// A later row of an order: only its amount (and whether it names a product) matters. A bad amount is listed
    /// even when the order was rejected already.
    mutating func laterRow(_ index: Int, _ b: Int) {
        let rowLine = self.rowLine[b]
        let state = orderState[index]
        var amount: Int64?
        switch money(.amount) {
        case .none: break
        case .value(let fen):
            guard fen >= 0 else {
                orderState[index] |= Self.rejected
                return reject(rowLine, "amount: \(Money(fen: fen)) is negative")
            }
            amount = fen
        case .invalid(let text):
            orderState[index] |= Self.rejected
            return reject(rowLine, "amount: '\(text)' is not an amount of money")
        }
        if state & Self.rejected != 0 { return }
        let product = layout.hasProducts && productNamed()
        let lineAmount = has(.lineAmount) && cleanRange(.lineAmount) != nil
        var folded = orderRows[Int32(index)] ?? firstRows(index)
        folded.append(OrderRows(amount: amount, product: product, lineAmount: lineAmount))
        orderRows[Int32(index)] = folded
        orderState[index] = state | Self.hasRows
    }

    /// The first row of an order as `OrderRows`.
    func firstRows(_ index: Int) -> OrderRows {
        let state = orderState[index]
        return OrderRows(amount: amount(index), product: state & Self.firstRowProduct != 0,
                         lineAmount: state & Self.firstRowLineAmount != 0)
    }

    /// The first row's amount (nil: none) and the order's refund.
    @inline(__always)
    func amount(_ index: Int) -> Int64? {
        let field = UInt32(truncatingIfNeeded: orderMoney[index])
        if field == Self.noAmount { return nil }
        return field == Self.large ? largeMoney[Int32(index)]!.amount : Int64(field)
    }

    @inline(__always)
    func refund(_ index: Int) -> Int64 {
        let field = UInt32(truncatingIfNeeded: orderMoney[index] >> 32)
        return field == Self.large ? largeMoney[Int32(index)]!.refund : Int64(field)
    }

    /// All rows of an order seen in this part.
    func rowsOfOrder(_ index: Int) -> OrderRows {
        orderState[index] & Self.hasRows != 0 ? orderRows[Int32(index)]! : firstRows(index)
    }

    // The helpers below are `mutating` only so that `self` (a large struct) is passed by reference, never copied.
    @inline(__always)
    mutating func productNamed() -> Bool {
        (has(.sku) && cleanRange(.sku) != nil) || (has(.productName) && cleanRange(.productName) != nil)
    }

    // MARK: Cells

    /// The field's cleaned byte range (`CellText.clean`'s rules), nil when it holds no value.
    @inline(__always)
    mutating func cleanRange(_ role: Layout.Role) -> Range<Int>? {
        var s = fieldStart[role.rawValue], e = fieldEnd[role.rawValue]
        if s >= e { return nil }
        if Self.plainEdges(file[s], file[e - 1]) { return s..<e }
        Self.trim(file, &s, &e)
        if e - s >= 3, file[s] == UInt8(ascii: "="), file[s + 1] == Self.quote, file[e - 1] == Self.quote {
            s += 2
            e -= 1
            Self.trim(file, &s, &e)
        } else if e - s >= 1, file[s] == UInt8(ascii: "'") {
            s += 1
            Self.trim(file, &s, &e)
        }
        if s >= e { return nil }
        if file[s] == UInt8(ascii: "*"), (s..<e).allSatisfy({ file[$0] == UInt8(ascii: "*") }) { return nil }
        if e - s <= 4 {
            if file[s] == UInt8(ascii: "-"), (s..<e).allSatisfy({ file[$0] == UInt8(ascii: "-") }) { return nil }
            if e - s == 4, file[s] | 0x20 == UInt8(ascii: "n"), file[s + 1] | 0x20 == UInt8(ascii: "u"),
               file[s + 2] | 0x20 == UInt8(ascii: "l"), file[s + 3] | 0x20 == UInt8(ascii: "l") {
                return nil
            }
        }
        return s..<e
    }

    /// Whether a field's first and last bytes are ones `CellText.clean` leaves alone (no space, wrapper or
    /// placeholder can start or end it).
    @inline(__always)
    static func plainEdges(_ first: UInt8, _ last: UInt8) -> Bool {
        switch first {
        case 0x09, 0x0A, 0x0D, 0x20, 0x27, 0x2A, 0x2D, 0x3D, 0x4E, 0x6E, 0xC2, 0xE3: return false
        default: break
        }
        switch last {
        case 0x09, 0x0A, 0x0D, 0x20, 0x80, 0xA0: return false
        default: return true
        }
    }

    /// `CellText.trim` over the file's bytes.
    static func trim(_ bytes: UnsafePointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        CellText.trim(UnsafeBufferPointer(start: bytes, count: end), &start, &end)
    }

    /// The field as `CSVRow.text` gives it: quotes resolved, text after the closing quote kept, cleaned.
    mutating func slowText(_ role: Layout.Role) -> String? {
        guard has(role) else { return nil }
        let r = role.rawValue
        let s = fieldStart[r], e = fieldEnd[r]
        if fieldKind[r] != 2 {
            return cleanRange(role).map { String(decoding: UnsafeBufferPointer(start: file + $0.lowerBound, count: $0.count), as: UTF8.self) }
        }
        var text = String(decoding: UnsafeBufferPointer(start: file + s, count: e - s), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"\"", with: "\"")
        var tail = min(e + 1, count)
        let tailStart = tail
        while tail < count, file[tail] != delimiter, file[tail] != 0x0A, file[tail] != 0x0D { tail += 1 }
        if tail > tailStart {
            text += String(decoding: UnsafeBufferPointer(start: file + tailStart, count: tail - tailStart), as: UTF8.self)
        }
        return CellText.clean(text)
    }

    /// Money in fen: plain `129.00`, `-5.5`, `34` from the bytes, anything else through `MoneyParser`.
    @inline(__always)
    mutating func money(_ role: Layout.Role) -> PurchaseCell {
        guard has(role) else { return .none }
        let r = role.rawValue
        let s = fieldStart[r], e = fieldEnd[r]
        if s >= e { return .none }
        if fieldKind[r] == 0, let fen = Self.plainMoney(file, s, e) { return .value(fen) }
        guard let text = slowText(role) else { return .none }
        guard let money = MoneyParser.parse(text) else { return .invalid(text) }
        return .value(money.fen)
    }

    @inline(__always)
    static func plainMoney(_ b: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
        guard e - s <= 16 else { return nil }
        var i = s
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var whole: Int64 = 0
        let digitsStart = i
        while i < e {
            let digit = b[i] &- 48
            if digit > 9 { break }
            whole = whole * 10 + Int64(digit)
            i += 1
        }
        guard i > digitsStart else { return nil }
        var fen = whole * 100
        if i < e {
            guard b[i] == UInt8(ascii: "."), e - i - 1 == 1 || e - i - 1 == 2 else { return nil }
            let first = b[i + 1] &- 48
            guard first <= 9 else { return nil }
            fen += Int64(first) * 10
            if e - i - 1 == 2 {
                let second = b[i + 2] &- 48
                guard second <= 9 else { return nil }
                fen += Int64(second)
            }
        }
        return negative ? -fen : fen
    }

    /// Local wall-clock seconds: `2024-11-11 20:01:33` (or `/`, or `T`) from the bytes, anything else through
    /// `DateTimeParser` in the shop's time zone. `0001-01-01 00:00:00` is no value.
    @inline(__always)
    mutating func time(_ role: Layout.Role) -> PurchaseCell {
        guard has(role) else { return .none }
        let r = role.rawValue
        let s = fieldStart[r], e = fieldEnd[r]
        if s >= e { return .none }
        if fieldKind[r] == 0, e - s == 19, let seconds = plainTime(s) { return .value(seconds) }
        guard let text = slowText(role) else { return .none }
        switch DateTimeParser.parse(text, calendar: calendar) {
        case .instant(let instant)?: return .value(LocalTime.seconds(instant, in: calendar))
        case .empty?: return .none
        case nil: return .invalid(text)
        }
    }

    @inline(__always)
    mutating func plainTime(_ s: Int) -> Int64? {
        let b = file + s
        let separator = b[4]
        guard separator == b[7], separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/"),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":")
        else { return nil }
        let raw = UnsafeRawPointer(b)
        let dateKey = raw.loadUnaligned(as: UInt64.self)
        let dateTail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        var days: Int64
        if dateKey == lastDateKey, dateTail == lastDateTail, lastDateDays != Int64.min {
            days = lastDateDays
        } else {
            let y0 = b[0] &- 48, y1 = b[1] &- 48, y2 = b[2] &- 48, y3 = b[3] &- 48
            let m0 = b[5] &- 48, m1 = b[6] &- 48, d0 = b[8] &- 48, d1 = b[9] &- 48
            guard y0 <= 9, y1 <= 9, y2 <= 9, y3 <= 9, m0 <= 9, m1 <= 9, d0 <= 9, d1 <= 9 else { return nil }
            let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
            let month = Int(m0) * 10 + Int(m1), day = Int(d0) * 10 + Int(d1)
            let date = CivilDate(year: year, month: month, day: day)
            guard year >= 1900, year <= 2200, date.isValid else { return nil }
            days = date.daysSinceEpoch
            lastDateKey = dateKey
            lastDateTail = dateTail
            lastDateDays = days
        }
        let h0 = b[11] &- 48, h1 = b[12] &- 48, i0 = b[14] &- 48, i1 = b[15] &- 48, s0 = b[17] &- 48, s1 = b[18] &- 48
        guard h0 <= 9, h1 <= 9, i0 <= 9, i1 <= 9, s0 <= 9, s1 <= 9 else { return nil }
        let hour = Int64(h0) * 10 + Int64(h1), minute = Int64(i0) * 10 + Int64(i1), second = Int64(s0) * 10 + Int64(s1)
        guard hour < 24, minute < 60, second < 61 else { return nil }
        return days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59)
    }

    /// The row's status code (an index into `OrderStatus.allCases`), `noStatus` when the cell is empty,
    /// `unknownStatus` (the row rejected) when the word is unknown. Words are remembered by their raw bytes.
    mutating func status(_ rowLine: Int) -> UInt16 {
        guard has(.status) else { return Self.noStatus }
        let r = Layout.Role.status.rawValue
        let s = fieldStart[r], e = fieldEnd[r]
        if s >= e { return Self.noStatus }
        let cacheable = fieldKind[r] != 2
        let short = e - s <= 15
        let words = short ? Self.fixedWords(file + s, e - s) : (0, 0)
        var h: UInt64 = 0
        if cacheable, short {
            for k in shortStatusCodes.indices where shortStatusWords[2 * k] == words.0 && shortStatusWords[2 * k + 1] == words.1 {
                let code = shortStatusCodes[k]
                if code == Self.unknownStatus { reject(rowLine, Self.unknownStatusReason(slowText(.status) ?? "")) }
                return code
            }
        } else {
            h = purchaseKeyHash(file + s, e - s, 0)
            if cacheable, let code = statusCache.lookup(file + s, e - s, hash: h) {
                if code == Self.unknownStatus { reject(rowLine, Self.unknownStatusReason(slowText(.status) ?? "")) }
                return code
            }
        }
        var code = Self.noStatus
        if let text = slowText(.status) {
            checkUTF8(s, e, rowLine)
            if let known = plan.statuses[StatusWords.normalize(text)] {
                code = UInt16(Self.statuses.firstIndex(of: known)!)
            } else {
                code = Self.unknownStatus
                reject(rowLine, Self.unknownStatusReason(text))
            }
        }
        if cacheable, short, shortStatusCodes.count < 64 {
            shortStatusWords.append(words.0)
            shortStatusWords.append(words.1)
            shortStatusCodes.append(code)
        } else if cacheable, !short, statusCache.count < 64 {
            statusCache.insert(file + s, e - s, hash: h, value: code)
        }
        return code
    }

    static func unknownStatusReason(_ text: String) -> String {
        "status: unknown status '\(text)'; map it in a --mapping file (status.\(text) = paid)"
    }

    /// The row's channel index (the file's channel when the cell is empty).
    mutating func channelOfRow() -> UInt16 {
        let r = Layout.Role.channel.rawValue
        let cacheable = has(.channel) && fieldKind[r] != 2
        let s = cacheable ? fieldStart[r] : 0, e = cacheable ? fieldEnd[r] : 0
        let h = purchaseKeyHash(file + s, e - s, 0)
        if cacheable, let index = channelCache.lookup(file + s, e - s, hash: h) { return index }
        let name = slowText(.channel).map { Channel(rawValue: $0).rawValue } ?? layout.fallbackChannel
        let index = addChannel(name)
        if cacheable, channelCache.count < 256 { channelCache.insert(file + s, e - s, hash: h, value: index) }
        return index
    }

    /// Notes the line when `s..<e` holds bytes that are not UTF-8.
    mutating func checkUTF8(_ s: Int, _ e: Int, _ rowLine: Int) {
        guard notUTF8Line == nil else { return }
        let bytes = UnsafeBufferPointer(start: file + s, count: e - s)
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil { notUTF8Line = rowLine }
    }

    /// The customer batch row `b` names: its account id, interned (-1: none, or masked like `t**1`).
    mutating func customer(_ b: Int) -> Int32 {
        let length = rowCustomerLength[b]
        guard length >= 0 else { return -1 }
        let key = rowCustomerKey[b]
        let channel = rowChannel[b]
        let h = rowCustomerHash[b]
        let first = rowCustomerWords[2 * b], second = rowCustomerWords[2 * b + 1]
        let tag = h & Self.tagMask
        var position = Int(truncatingIfNeeded: h) & customers.mask
        while true {
            let slot = customers.slot(position)
            let head = slot[0]
            if head == 0 { break }
            if head & Self.tagMask == tag, slot[1] == first, slot[2] == second {
                let index = Int(head & 0xFFFF_FFFF) - 1
                if !layout.hasChannel || customerChannel[index] == channel {
                    if second >> 56 != 0xFF { return Int32(index) }
                    let from = customerKeyEnds[index]
                    if customerKeyEnds[index + 1] - from == length, purchaseBytesEqual(customerKeys.base + from, key, length) {
                        return Int32(index)
                    }
                }
            }
            position = (position + 1) & customers.mask
        }
        let bytes = UnsafeBufferPointer(start: key, count: length)
        if notUTF8Line == nil, bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
            notUTF8Line = rowLine[b]
        }
        let index = customerCount
        let slot = customers.slot(position)
        slot[0] = tag | UInt64(index + 1)
        slot[1] = first
        slot[2] = second
        customers.count += 1
        customerKeys.append(bytes: key, count: length)
        customerKeyEnds.append(customerKeys.count)
        if layout.hasChannel { customerChannel.append(channel) }
        if customers.needsGrowth {
            let keys = customerKeys, ends = customerKeyEnds, channels = customerChannel, seeds = channelSeeds
            let hasChannel = layout.hasChannel
            customers.grow { index in
                purchaseKeyHash(keys.base + ends[index], ends[index + 1] - ends[index], seeds[hasChannel ? Int(channels[index]) : 0])
            }
        }
        return Int32(index)
    }
}

// MARK: - Joining the parts

/// Joins the parts in file order: one customer table, orders found in several parts folded into their first, every
/// order settled into a purchase, a skip or a rejection.
struct Merger {
    var parts: [PartParser]
    let layout: Layout
    let firstDataLine: Int

    func result() -> PurchaseFileReader.Result {
        var clock = DispatchTime.now().uptimeNanoseconds
        var steps: [(step: String, seconds: Double)] = []
        func lap(_ step: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            steps.append((step, Double(now - clock) / 1e9))
            clock = now
        }
        var parts = self.parts
        defer { for part in parts { part.deallocate() } }
        let hasChannel = layout.hasChannel
        // Absolute line numbers: each part counted lines from 0.
        var baseLines: [Int] = []
        var next = firstDataLine
        for part in parts {
            baseLines.append(next)
            next += part.line
        }

        // Channels: one list of names for all parts (the first part's in its order).
        var channelNames: [String] = []
        var channelMaps: [[UInt16]] = []
        for part in parts {
            channelMaps.append(part.channelNames.map { name in
                if let known = channelNames.firstIndex(of: name) { return UInt16(known) }
                channelNames.append(name)
                return UInt16(channelNames.count - 1)
            })
        }
        let channelSeeds = channelNames.map(PartParser.channelSeed)

        // Customers: each later part's customers are looked up in the earlier parts' own tables (only read, on all
        // cores); those no earlier part has are numbered on, in the part's order.
        var customers = PurchaseFileReader.CustomerKeys()
        var extraKeys = Column<UInt8>(capacity: 1024), extraEnds = Column<Int>(capacity: 1024)
        var extraChannels = Column<UInt16>(capacity: 1024)
        var customerTotal = parts[0].customerCount
        var customerMaps: [[Int32]] = [[]]
        for k in parts.indices.dropFirst() {
            let found = Self.findCustomers(of: k, in: parts, channelMaps: channelMaps, channelSeeds: channelSeeds,
                                           hasChannel: hasChannel)
            let part = parts[k]
            var map = [Int32](repeating: 0, count: part.customerCount)
            for c in map.indices {
                let place = found[c]
                if place >= 0 {
                    let earlier = Int(place >> 32), local = Int32(truncatingIfNeeded: place)
                    map[c] = earlier == 0 ? local : customerMaps[earlier][Int(local)]
                    continue
                }
                let from = part.customerKeyEnds[c]
                extraKeys.append(bytes: part.customerKeys.base + from, count: part.customerKeyEnds[c + 1] - from)
                extraEnds.append(extraKeys.count)
                if hasChannel { extraChannels.append(channelMaps[k][Int(part.customerChannel[c])]) }
                map[c] = Int32(customerTotal)
                customerTotal += 1
            }
            customerMaps.append(map)
        }
        let first = parts[0]
        customers.bytes = first.customerKeys.array + extraKeys.array
        customers.ends = first.customerKeyEnds.array + extraEnds.array.map { $0 + first.customerKeys.count }
        if hasChannel {
            customers.channelIndex = first.customerChannel.array.map { channelMaps[0][Int($0)] } + extraChannels.array
            customers.channelNames = channelNames
        }
        extraKeys.deallocate()
        extraEnds.deallocate()
        extraChannels.deallocate()
        lap("join customers")

        // Orders seen in an earlier part too: folded into their first part's order, in file order. Parts whose ids
        // ran in one direction throughout, each beyond the one before, can share only the orders at their cuts.
        var matches: [(part: Int, index: Int, earlier: (part: Int, index: Int))] = []
        if let boundary = Self.sortedBoundaryMatches(parts) {
            matches = boundary
        } else {
            for k in parts.indices { parts[k].leaveSortedMode() }
            for k in parts.indices.dropFirst() {
                matches += Self.earlierOrders(parts: parts, part: k, channelMaps: channelMaps, channelSeeds: channelSeeds,
                                              hasChannel: hasChannel).map { (k, $0.0, $0.1) }
            }
        }
        do {
            for (k, index, earlier) in matches {
                var target = parts[earlier.part].rowsOfOrder(earlier.index)
                target.append(parts[k].rowsOfOrder(index))
                parts[earlier.part].orderRows[Int32(earlier.index)] = target
                parts[earlier.part].orderState[earlier.index] |= PartParser.hasRows
                    | (parts[k].orderState[index] & PartParser.rejected)
                parts[k].orderState[index] |= PartParser.folded
            }
        }
        lap("join orders")
        // The tables are done with: their memory (kept by the allocator) goes to the purchase columns.
        for k in parts.indices {
            parts[k].orders.deallocate()
            parts[k].orders = SlotTable(expected: 0)
            parts[k].customers.deallocate()
            parts[k].customers = SlotTable(expected: 0)
        }

        // Settle each part's orders on its own thread, straight into the purchase columns (part k from the offset of
        // the orders before it); then close the gaps.
        let total = parts.reduce(0) { $0 + $1.orderCount }
        var offsets = [0]
        for part in parts { offsets.append(offsets[offsets.count - 1] + part.orderCount) }
        nonisolated(unsafe) var settled = [Settled](repeating: Settled(), count: parts.count)
        let frozen = parts, maps = customerMaps, lineBases = baseLines, hasTotal = layout.hasTotal, starts = offsets
        var purchaseCount = 0
        var secondsColumn: [Int64] = [], netColumn: [Int64] = []
        let customerColumn = [Int32](unsafeUninitializedCapacity: max(1, total)) { customerBuffer, customerCount in
            secondsColumn = [Int64](unsafeUninitializedCapacity: max(1, total)) { secondsBuffer, secondsCount in
                netColumn = [Int64](unsafeUninitializedCapacity: max(1, total)) { netBuffer, netCount in
                    nonisolated(unsafe) let output = (customerBuffer.baseAddress!, secondsBuffer.baseAddress!, netBuffer.baseAddress!)
                    settled.withUnsafeMutableBufferPointer { buffer in
                        nonisolated(unsafe) let results = buffer
                        DispatchQueue.concurrentPerform(iterations: frozen.count) { k in
                            results[k] = Self.settle(frozen[k], customerMap: k == 0 ? nil : maps[k], baseLine: lineBases[k],
                                                     hasTotal: hasTotal, into: (output.0 + starts[k], output.1 + starts[k],
                                                                                output.2 + starts[k]))
                        }
                    }
                    var filled = 0
                    for k in settled.indices {
                        let n = settled[k].written
                        if starts[k] != filled {
                            (output.0 + filled).update(from: output.0 + starts[k], count: n)
                            (output.1 + filled).update(from: output.1 + starts[k], count: n)
                            (output.2 + filled).update(from: output.2 + starts[k], count: n)
                        }
                        filled += n
                    }
                    purchaseCount = filled
                    netCount = filled
                }
                secondsCount = purchaseCount
            }
            customerCount = purchaseCount
        }
        lap("settle")
        var purchases = PurchaseColumns(customerCount: customers.count)
        purchases.customer = customerColumn
        purchases.localSeconds = secondsColumn
        purchases.net = netColumn
        var result = PurchaseFileReader.Result(purchases: purchases, customers: customers, rows: 0, orders: 0,
                                               purchaseOrders: 0, skipped: 0, withoutCustomer: 0, rejectedOrders: 0,
                                               rejections: [], notUTF8Line: nil)
        for k in settled.indices {
            result.rows += parts[k].rows
            result.orders += settled[k].orders
            result.purchaseOrders += settled[k].purchases
            result.skipped += settled[k].skipped
            result.withoutCustomer += settled[k].withoutCustomer
            result.rejectedOrders += settled[k].rejected
            result.rejections += parts[k].rejections.map { RowRejection(line: $0.line + baseLines[k], reason: $0.reason) }
            result.rejections += settled[k].rejections
            if result.notUTF8Line == nil, let line = parts[k].notUTF8Line { result.notUTF8Line = line + baseLines[k] }
        }
        result.rejections.sort { $0.line < $1.line }
        lap("assemble")
        result.steps = steps
        return result
    }

    /// One part's orders settled.
    struct Settled {
        var written = 0
        var orders = 0
        var purchases = 0
        var skipped = 0
        var withoutCustomer = 0
        var rejected = 0
        var rejections: [RowRejection] = []
    }

    /// Each order's amount, status and net (`OrderFileReader.finish` and `OrderStatus.settled`); purchases with a
    /// customer are written to `output` in order.
    static func settle(_ part: PartParser, customerMap: [Int32]?, baseLine: Int, hasTotal: Bool,
                       into output: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int64>, UnsafeMutablePointer<Int64>)) -> Settled {
        var out = Settled()
        let statuses = PartParser.statuses
        var written = 0
        for i in 0..<part.orderCount {
            let state = part.orderState[i]
            if state & PartParser.folded != 0 { continue }
            out.orders += 1
            if state & PartParser.rejected != 0 {
                out.rejected += 1
                continue
            }
            let code = state & PartParser.statusMask
            let cancelledByText = state & PartParser.statusFromText != 0 && code == PartParser.cancelledCode
            var amount: Int64
            if state & PartParser.hasRows != 0, let resolved = part.orderRows[Int32(i)]!.amount(cancelled: cancelledByText) {
                amount = resolved
            } else if state & PartParser.hasRows == 0, let first = part.amount(i) {
                amount = first
            } else if state & PartParser.hasRows == 0, cancelledByText {
                amount = 0
            } else {
                out.rejected += 1
                out.rejections.append(RowRejection(line: (part.missingAmountLine[Int32(i)] ?? 0) + baseLine,
                                                   reason: "amount is empty and the lines carry no prices"))
                continue
            }
            let refund = part.refund(i)
            // A report whose amount is what stayed paid, beside the order's total (Tmall 订单报表).
            if hasTotal, refund > 0, part.orderTotal[i] != PartParser.noValue, amount + refund == part.orderTotal[i] {
                amount = part.orderTotal[i]
            }
            let seconds = part.orderSeconds[i]
            let reported = statuses[Int(code)]
            // `OrderStatus.settled` without building its arguments: a purchase refunded in full is a refund.
            let status = reported.isPurchase && amount > 0 && refund >= amount ? .refunded
                : OrderStatus.settled(reported: reported,
                                      paidAt: seconds == PartParser.noValue ? nil : Instant(secondsSinceEpoch: seconds),
                                      amount: Money(fen: amount), refunded: Money(fen: refund))
            guard status.isPurchase else {
                out.skipped += 1
                continue
            }
            out.purchases += 1
            let local = part.orderCustomer[i]
            guard local >= 0 else {
                out.withoutCustomer += 1
                continue
            }
            output.0[written] = customerMap?[Int(local)] ?? local
            output.1[written] = seconds
            output.2[written] = max(0, amount - refund)
            written += 1
        }
        out.written = written
        return out
    }

    /// For each customer of part `k`, the earliest part before it that has the customer too, with its index there
    /// (`part << 32 | index`), or -1. Looked up on all cores (the tables are only read), a batch of slots at a time.
    static func findCustomers(of k: Int, in parts: [PartParser], channelMaps: [[UInt16]], channelSeeds: [UInt64],
                              hasChannel: Bool) -> [Int64] {
        let part = parts[k]
        let n = part.customerCount
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / 65_536 + 1))
        let tables = parts[0..<k].map(\.customers), keyColumns = parts[0..<k].map(\.customerKeys)
        let endColumns = parts[0..<k].map(\.customerKeyEnds), channelColumns = parts[0..<k].map(\.customerChannel)
        return [Int64](unsafeUninitializedCapacity: n) { found, initialized in
            nonisolated(unsafe) let output = found.baseAddress
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                guard let output else { return }
                var hashes = [UInt64](repeating: 0, count: 32)
                var sink: UInt64 = 0
                var start = n * slice / slices
                let stop = n * (slice + 1) / slices
                while start < stop {
                    let end = min(stop, start + 32)
                    // As when reading: the batch's slots loaded together, then each customer found.
                    for c in start..<end {
                        let channel = hasChannel ? channelMaps[k][Int(part.customerChannel[c])] : 0
                        let from = part.customerKeyEnds[c]
                        let h = purchaseKeyHash(part.customerKeys.base + from, part.customerKeyEnds[c + 1] - from,
                                                channelSeeds[Int(channel)])
                        hashes[c - start] = h
                        for table in tables { sink &+= table.slot(Int(truncatingIfNeeded: h) & table.mask)[0] }
                    }
                    for c in start..<end {
                        let from = part.customerKeyEnds[c], length = part.customerKeyEnds[c + 1] - from
                        let key = part.customerKeys.base + from
                        let channel = hasChannel ? channelMaps[k][Int(part.customerChannel[c])] : 0
                        let words = PartParser.fixedWords(key, length)
                        let h = hashes[c - start]
                        let tag = h & PartParser.tagMask
                        var place: Int64 = -1
                        search: for earlier in 0..<k {
                            let table = tables[earlier], ends = endColumns[earlier]
                            var position = Int(truncatingIfNeeded: h) & table.mask
                            while true {
                                let slot = table.slot(position)
                                let head = slot[0]
                                if head == 0 { break }
                                if head & PartParser.tagMask == tag, slot[1] == words.0, slot[2] == words.1 {
                                    let index = Int(head & 0xFFFF_FFFF) - 1
                                    if !hasChannel || channelMaps[earlier][Int(channelColumns[earlier][index])] == channel,
                                       words.1 >> 56 != 0xFF || (ends[index + 1] - ends[index] == length
                                           && purchaseBytesEqual(keyColumns[earlier].base + ends[index], key, length)) {
                                        place = Int64(earlier) << 32 | Int64(index)
                                        break search
                                    }
                                }
                                position = (position + 1) & table.mask
                            }
                        }
                        output[c] = place
                    }
                    start = end
                }
                purchaseReaderSink &+= sink
            }
            initialized = n
        }
    }

    /// When every part read its ids in one direction (`PartParser.sortedMode`) and each part's ids lie beyond the
    /// previous one's, the only orders parts can share are at the cuts: a part's first order may be the previous
    /// part's last. Those, with the order each folds into; nil when the parts are not so (then the tables decide).
    static func sortedBoundaryMatches(_ parts: [PartParser]) -> [(part: Int, index: Int, earlier: (part: Int, index: Int))]? {
        guard parts.allSatisfy(\.sortedMode) else { return nil }
        let directions = Set(parts.map(\.direction).filter { $0 != 0 })
        guard directions.count <= 1 else { return nil }
        var direction = directions.first ?? 0
        var matches: [(part: Int, index: Int, earlier: (part: Int, index: Int))] = []
        var previous: (part: Int, index: Int)?
        for k in parts.indices where parts[k].orderCount > 0 {
            let part = parts[k]
            if let previous {
                let other = parts[previous.part]
                let first = part.orderKeyPlace[0], last = other.orderKeyPlace[previous.index]
                let order = PartParser.compareKeys(PartParser.key(first, file: part.file, spilled: part.spilledKeys.base),
                                                   PartParser.keyLength(first),
                                                   PartParser.key(last, file: other.file, spilled: other.spilledKeys.base),
                                                   PartParser.keyLength(last))
                if order == 0 {
                    matches.append((k, 0, previous))
                } else if direction == 0 {
                    direction = order
                } else if order != direction {
                    return nil
                }
            }
            // A part whose only order was the previous part's last passes that order on.
            if part.orderCount == 1, let match = matches.last, match.part == k {
                previous = match.earlier
            } else {
                previous = (k, part.orderCount - 1)
            }
        }
        return matches
    }

    /// The orders of part `k` that an earlier part holds too, each with the earliest such part's order, in `k`'s
    /// order. Looked up on all cores (the tables are only read), a batch of slots at a time.
    static func earlierOrders(parts: [PartParser], part k: Int, channelMaps: [[UInt16]], channelSeeds: [UInt64],
                              hasChannel: Bool) -> [(Int, (part: Int, index: Int))] {
        let n = parts[k].orderCount
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / 65_536 + 1))
        nonisolated(unsafe) var found = [[(Int, (part: Int, index: Int))]](repeating: [], count: slices)
        found.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            let tables = parts[0..<k].map(\.orders)
            let placeColumns = parts[0..<k].map(\.orderKeyPlace), spilledColumns = parts[0..<k].map(\.spilledKeys)
            let channelColumns = parts[0..<k].map(\.orderChannel)
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let mine = parts[k]
                var matches: [(Int, (part: Int, index: Int))] = []
                var sink: UInt64 = 0
                var start = n * slice / slices
                let stop = n * (slice + 1) / slices
                while start < stop {
                    let end = min(stop, start + 32)
                    for i in start..<end {
                        let h = mine.orderHash[i]
                        for table in tables { sink &+= table.slots[Int(truncatingIfNeeded: h) & table.mask] }
                    }
                    for i in start..<end {
                        let place = mine.orderKeyPlace[i]
                        let length = PartParser.keyLength(place)
                        let channel = hasChannel ? channelMaps[k][Int(mine.orderChannel[i])] : 0
                        let key = PartParser.key(place, file: mine.file, spilled: mine.spilledKeys.base)
                        let h = mine.orderHash[i]
                        let tag = h & PartParser.tagMask
                        search: for earlier in 0..<k {
                            let table = tables[earlier], places = placeColumns[earlier]
                            var position = Int(truncatingIfNeeded: h) & table.mask
                            while true {
                                let slot = table.slots[position]
                                if slot == 0 { break }
                                if slot & PartParser.tagMask == tag {
                                    let index = Int(slot & 0xFFFF_FFFF) - 1
                                    let other = places[index]
                                    if PartParser.keyLength(other) == length,
                                       !hasChannel || channelMaps[earlier][Int(channelColumns[earlier][index])] == channel,
                                       purchaseBytesEqual(PartParser.key(other, file: mine.file, spilled: spilledColumns[earlier].base),
                                                          key, length) {
                                        matches.append((i, (earlier, index)))
                                        break search
                                    }
                                }
                                position = (position + 1) & table.mask
                            }
                        }
                    }
                    start = end
                }
                purchaseReaderSink &+= sink
                output[slice] = matches
            }
        }
        return found.flatMap { $0 }
    }
}
