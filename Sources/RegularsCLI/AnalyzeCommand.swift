import ArgumentParser
import Foundation
import Regulars
import RegularsStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `regulars analyze` — analyses straight from export files, without a database.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an export file directly, without a database.",
        subcommands: [AnalyzeRFM.self, AnalyzeCLV.self]
    )
}

/// `regulars analyze rfm orders.csv`: RFM scores, the eight classes, the value pyramid and lifecycle stages of every
/// buyer in an orders file, computed in memory (stateless: nothing is written but `--out`).
struct AnalyzeRFM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm",
        abstract: "RFM classes, value pyramid and lifecycle of the buyers in an orders file (CSV or .xlsx), without a database.",
        discussion: """
            The file is read as `regulars import orders` reads it (any recognised export, or --mapping), but nothing is
            imported: rows of one order count once, a purchase is a paid, shipped, completed or partly refunded order,
            its net the amount less refunds, its day the paid day in the shop's time zone. Customers are the file's buyer
            accounts (customer_id). Settings are the defaults; --window-days and --basis change the RFM ones.
            """
    )

    @Argument(help: "The orders file: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx.")
    var file: String

    @Option(help: "The day (or moment) to score as of, in the shop's time zone: 2026-11-20 (the end of that day) or '2026-11-20 18:00:00'. Default: now.")
    var asOf: String?

    @Option(help: "RFM window: purchases in the last this many days count for F and M.")
    var windowDays: Int?

    @Option(help: "What high and low R, F, M are measured against: mean or median.")
    var basis: SegmentationSettings.ClassBasis?

    @Option(help: "Write every buyer's RFM values, scores, class, pyramid level and lifecycle stage to this CSV file.")
    var out: String?

    @Option(help: "Mapping file: 'field = header' lines for columns Regulars does not recognise.")
    var mapping: String?

    @Option(help: "Skip encoding detection: utf8 or gb18030.")
    var encoding: String?

    @Option(help: "The shop's time zone.")
    var timezone = "Asia/Shanghai"

    @Option(help: "Rejected rows to list in text output.")
    var showRejected = 20

    @Flag(help: "Print how long each step took to standard error.")
    var timing = false

    @Option(help: ArgumentHelp("Parts the file is read in, on as many threads (default: one per core).", visibility: .hidden))
    var parts: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let windowDays, !(1...36_500).contains(windowDays) {
            throw ValidationError("--window-days must be a whole number from 1 to 36500")
        }
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("--timezone '\(timezone)' is not an IANA time zone such as Asia/Shanghai")
        }
        if let asOf, Self.asOfSeconds(asOf, calendar: .shanghai) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a day like 2026-11-20 or a moment like '2026-11-20 18:00:00'")
        }
        if let parts, !(1...256).contains(parts) { throw ValidationError("--parts must be from 1 to 256") }
        if let encoding, ImportCommand.encoding(named: encoding) == nil {
            throw ValidationError("--encoding must be utf8 or gb18030, not '\(encoding)'")
        }
    }

    /// Local wall-clock seconds of `--as-of`: a day means its last second.
    static func asOfSeconds(_ text: String, calendar: ShopCalendar) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.contains(":"), trimmed.utf8.count <= 11, let day = CivilDateParser.parse(trimmed) {
            return day.daysSinceEpoch * 86_400 + 86_399
        }
        guard case .instant(let instant)? = DateTimeParser.parse(trimmed, calendar: calendar) else { return nil }
        return LocalTime.seconds(instant, in: calendar)
    }

    func run() throws {
        HeapReuse.keepFreedMemory()
        var clock = StepClock(enabled: timing)
        let calendar = ShopCalendar(timeZone: TimeZone(identifier: timezone)!)
        let asOfSeconds = asOf.flatMap { Self.asOfSeconds($0, calendar: calendar) }
            ?? LocalTime.seconds(currentInstant(), in: calendar)
        var settings = SegmentationSettings()
        if let windowDays { settings.rfmWindowDays = windowDays }
        if let basis { settings.classBasis = basis }
        let mappingFile = try loadMapping()
        let forced = encoding.flatMap(ImportCommand.encoding(named:))

        let read = try PurchaseFileRead.read(path: file, mapping: mappingFile, encoding: forced, calendar: calendar,
                                             parts: parts)
        for step in read.result.steps { clock.note(step.step, step.seconds) }
        clock.lap("read \(read.result.rows) rows (\(read.encoding))")
        let table = SegmentTable(purchases: read.result.purchases, asOfLocalSeconds: asOfSeconds, settings: settings)
        let summary = SegmentSummary(table)
        clock.lap("segments of \(table.count) customers")

        if let out { try RFMCustomersCSV.write(table, customers: read.result.customers, to: out) }
        let report = AnalyzeRFMReport(file: file, read: read, table: table, summary: summary)
        if output.json {
            try printJSON(report)
        } else {
            print(report.text(showRejected: showRejected, out: out))
        }
        clock.lap("output")
        clock.total()
    }

    func loadMapping() throws -> ImportMapping? { try Self.loadMapping(mapping) }

    static func loadMapping(_ mapping: String?) throws -> ImportMapping? {
        guard let mapping else { return nil }
        guard let text = try? String(contentsOfFile: mapping, encoding: .utf8) else {
            throw CommandFailure("\(mapping): cannot read the mapping file")
        }
        do { return try ImportMapping.parse(text, source: mapping) } catch { throw CommandFailure(error.description) }
    }
}

extension SegmentationSettings.ClassBasis: ExpressibleByArgument {}

/// Memory the reader frees (its tables and columns) is kept by the C allocator for what comes after (the engine)
/// instead of going back to the system: fresh pages cost more than reused ones (the kernel zeroes them and, in a
/// virtual machine, the host often has to back them first). glibc's `mallopt` is not in Swift's Glibc module, so it is
/// looked up by name; elsewhere this does nothing.
enum HeapReuse {
    static func keepFreedMemory() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-4, 0)  // M_MMAP_MAX: large blocks from the heap too, not from their own mappings
        _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD: never give the heap's top back
        #endif
    }
}

/// Times the steps of a command, printed to standard error when enabled.
struct StepClock {
    let enabled: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    var last = DispatchTime.now().uptimeNanoseconds

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ step: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        if enabled { Self.say(String(format: "%7.3f s  %@", Double(now - last) / 1e9, step)) }
        last = now
    }

    /// A step measured elsewhere (inside the reader), shown indented.
    func note(_ step: String, _ seconds: Double) {
        if enabled { Self.say(String(format: "%9.3f s    %@", seconds, step)) }
    }

    func total() {
        if enabled { Self.say(String(format: "%7.3f s  total", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
    }

    static func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}

/// A file read for analysis: memory-mapped and handed to `PurchaseFileReader` as bytes; an .xlsx workbook, a GB18030
/// file or a forced encoding goes through the import's decoding first.
struct PurchaseFileRead {
    var result: PurchaseFileReader.Result
    var plan: ImportPlan
    var encoding: String

    static func read(path: String, mapping: ImportMapping?, encoding forced: TextEncoding?,
                     calendar: ShopCalendar, parts: Int? = nil) throws -> PurchaseFileRead {
        let mapped: MappedFile
        do { mapped = try MappedFile(path: path) } catch {
            throw CommandFailure("\(path): cannot read the file (missing or not permitted)")
        }
        guard mapped.count > 0 else { throw CommandFailure(ImportError.empty(file: path).description) }
        let whole = UnsafeRawBufferPointer(start: mapped.base, count: mapped.count)
        let head = [UInt8](whole.prefix(1 << 20))
        let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // The header and the first rows: up to the last line feed of the first MiB.
        var sample = Array(head[bom...])
        if mapped.count > head.count, let feed = sample.lastIndex(of: 0x0A) { sample.removeSubrange((feed + 1)...) }
        let fast = forced != .gb18030 && !FileSignature.isZIP(head) && FileSignature.problem(head) == nil
            && String(validating: sample, as: UTF8.self) != nil
        if fast {
            let plan = try makePlan(sample, path: path, mapping: mapping)
            let reader = PurchaseFileReader(plan: plan, calendar: calendar)
            let result = reader.read(whole, parts: parts, release: { mapped.release($0) })
            if result.notUTF8Line == nil {
                return PurchaseFileRead(result: result, plan: plan,
                                        encoding: bom == 3 ? TextEncoding.utf8BOM.rawValue : TextEncoding.utf8.rawValue)
            }
        }
        // Another encoding, or a workbook: decoded as the import decodes it.
        let decoded: (bytes: [UInt8], encoding: String)
        do {
            decoded = try ImportSource.decode([UInt8](whole), file: path, forced: forced)
        } catch {
            throw CommandFailure(error.description)
        }
        let plan = try makePlan(decoded.bytes, path: path, mapping: mapping)
        let result = PurchaseFileReader(plan: plan, calendar: calendar).read(decoded.bytes, parts: parts)
        return PurchaseFileRead(result: result, plan: plan, encoding: decoded.encoding)
    }

    /// How the file is read; its channel does not matter here (keys are per channel column when there is one).
    static func makePlan(_ bytes: [UInt8], path: String, mapping: ImportMapping?) throws -> ImportPlan {
        do {
            return try ImportPlan.make(bytes: bytes, file: path, kind: .orders, mapping: mapping,
                                       channel: mapping?.channel ?? Channel(rawValue: "file"))
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// A file mapped into memory read-only; pages the reader is done with are given back (`release`), so the resident
/// memory does not grow with the file.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer?
    let count: Int
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandFailure("cannot open \(path)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CommandFailure("cannot read \(path)") }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw CommandFailure("cannot map \(path)")
        }
        base = UnsafeRawPointer(address)
    }

    /// Drops the whole pages inside `range` from this process's memory (they stay in the page cache; reading them
    /// again maps them back).
    func release(_ range: Range<Int>) {
        guard let base else { return }
        let start = (range.lowerBound + Self.page - 1) / Self.page * Self.page
        let end = range.upperBound == count ? count : range.upperBound / Self.page * Self.page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }
}

/// What `analyze rfm` prints, as JSON or text.
struct AnalyzeRFMReport: Encodable {
    struct ClassLine: Encodable {
        var `class`: String
        var label: String
        var pattern: String
        var customers: Int
        var share: Double
        var revenue: String
        var revenueShare: Double
        var strategy: String
    }

    struct Scores: Encodable {
        var r: [Int]
        var f: [Int]
        var m: [Int]
    }

    var file: String
    var dialect: String
    var encoding: String
    var asOf: String
    var windowDays: Int
    var basis: String
    var rows: Int
    var orders: Int
    var purchases: Int
    var skipped: Int
    var withoutCustomer: Int
    var rejectedRows: Int
    var rejectedOrders: Int
    var buyers: Int
    var scored: Int
    var revenue: String
    var classes: [ClassLine]
    var pyramid: [String: Int]
    var lifecycle: [String: Int]
    var sleepWarnings: Int
    var scores: Scores
    var rejected: [RowRejection]

    init(file: String, read: PurchaseFileRead, table: SegmentTable, summary: SegmentSummary) {
        self.file = file
        dialect = read.plan.dialectName
        encoding = read.encoding
        asOf = summary.asOf.description
        windowDays = summary.windowDays
        basis = table.settings.classBasis.rawValue
        let result = read.result
        rows = result.rows
        orders = result.orders
        purchases = result.purchaseOrders
        skipped = result.skipped
        withoutCustomer = result.withoutCustomer
        rejectedRows = result.rejections.count
        rejectedOrders = result.rejectedOrders
        buyers = summary.buyers
        scored = summary.scored
        revenue = summary.revenue.decimalString
        let scored = summary.scored, revenue = summary.revenue.fen
        classes = summary.classes.map { line in
            ClassLine(class: line.rfmClass.rawValue, label: line.rfmClass.label, pattern: line.rfmClass.pattern,
                      customers: line.customers, share: scored == 0 ? 0 : Double(line.customers) / Double(scored),
                      revenue: line.revenue.decimalString,
                      revenueShare: revenue == 0 ? 0 : Double(line.revenue.fen) / Double(revenue),
                      strategy: line.rfmClass.strategy)
        }
        pyramid = Dictionary(uniqueKeysWithValues: summary.pyramid.map { ($0.key.rawValue, $0.value) })
        lifecycle = Dictionary(uniqueKeysWithValues: summary.lifecycle.map { ($0.key.rawValue, $0.value) })
        sleepWarnings = summary.sleepWarnings
        var histogram = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 3)
        for (k, column) in [table.rScore, table.fScore, table.mScore].enumerated() {
            for score in column where score > 0 { histogram[k][Int(score) - 1] += 1 }
        }
        scores = Scores(r: histogram[0], f: histogram[1], m: histogram[2])
        rejected = Array(result.rejections.prefix(20))
        allRejections = result.rejections
    }

    /// Every rejected row (the JSON lists the first 20).
    private var allRejections: [RowRejection] = []

    enum CodingKeys: String, CodingKey {
        case file, dialect, encoding, asOf, windowDays, basis, rows, orders, purchases, skipped, withoutCustomer,
             rejectedRows, rejectedOrders, buyers, scored, revenue, classes, pyramid, lifecycle, sleepWarnings, scores,
             rejected
    }

    func text(showRejected: Int, out: String?) -> String {
        func number(_ value: Int) -> String {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.groupingSeparator = ","
            return formatter.string(from: NSNumber(value: value)) ?? String(value)
        }
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func share(_ part: Int, _ whole: Int) -> String { whole == 0 ? "-" : percent(Double(part) / Double(whole)) }
        var lines = [
            "\(file): \(dialect), \(encoding) · RFM as of \(asOf), window \(windowDays) days, basis \(basis)",
            "  rows read      \(number(rows))",
            "  orders         \(number(orders))  (purchases \(number(purchases)) · not purchases \(number(skipped))"
                + " · rejected \(number(rejectedOrders)))",
            "  buyers         \(number(buyers))  (scored, with a purchase in the window: \(number(scored)))"
                + (withoutCustomer > 0 ? " · \(number(withoutCustomer)) purchases name no customer" : ""),
            "  rejected       \(number(rejectedRows)) rows",
            "",
            TextColumns.pad("价值金字塔 Pyramid", 24) + TextColumns.pad("customers", 12) + "share",
        ]
        for level in PyramidLevel.allCases {
            let count = pyramid[level.rawValue] ?? 0
            lines.append("  " + TextColumns.pad("\(level.label) \(level.rawValue)", 22) + TextColumns.pad(number(count), 12)
                + share(count, buyers))
        }
        lines.append("")
        lines.append(TextColumns.pad("RFM 八类 Classes", 30) + TextColumns.pad("pattern", 16) + TextColumns.pad("customers", 12)
            + TextColumns.pad("share", 8) + TextColumns.pad("revenue", 9) + "strategy")
        for line in classes {
            lines.append("  " + TextColumns.pad("\(line.label) \(line.class)", 28) + TextColumns.pad(line.pattern, 16)
                + TextColumns.pad(number(line.customers), 12) + TextColumns.pad(percent(line.share), 8)
                + TextColumns.pad(percent(line.revenueShare), 9) + line.strategy)
        }
        lines.append("")
        lines.append("生命周期 Lifecycle: " + LifecycleStage.allCases.map { stage in
            "\(stage.label) \(stage.rawValue) \(number(lifecycle[stage.rawValue] ?? 0))"
        }.joined(separator: " · "))
        lines.append("沉睡预警 Sleep warnings: \(number(sleepWarnings))")
        if let out { lines.append("Customers written to \(out)") }
        if !allRejections.isEmpty {
            lines.append("Rejected rows:")
            lines.append(contentsOf: allRejections.prefix(showRejected).map { "  \(file):\($0.line): \($0.reason)" })
            if allRejections.count > showRejected {
                lines.append("  … and \(allRejections.count - showRejected) more (--show-rejected N)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Pads text to a width in terminal columns (Chinese characters take two).
enum TextColumns {
    static func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }

    static func pad(_ text: String, _ columns: Int) -> String {
        text + String(repeating: " ", count: max(1, columns - width(text)))
    }
}

/// `--out`: one row per buyer, UTF-8 with BOM so that Excel opens it as such.
enum RFMCustomersCSV {
    static func write(_ table: SegmentTable, customers: PurchaseFileReader.CustomerKeys, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("\(path): cannot write the file")
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = [0xEF, 0xBB, 0xBF]
        buffer.reserveCapacity(1 << 22)
        let header = (customers.hasChannels ? "channel," : "")
            + "customer_id,recency_days,frequency,monetary,r,f,m,class,pyramid,lifecycle\n"
        buffer.append(contentsOf: header.utf8)
        let labels = (classes: RFMClass.allCases.map { Array($0.label.utf8) },
                      pyramid: PyramidLevel.allCases.map { Array($0.label.utf8) },
                      lifecycle: LifecycleStage.allCases.map { Array($0.label.utf8) })
        let aggregates = table.aggregates
        let channelBytes = customers.channelNames.map { Array($0.utf8) }
        for c in 0..<table.count where aggregates.orders[c] > 0 {
            if customers.hasChannels, let channel = customers.channel(c), let index = customers.channelNames.firstIndex(of: channel) {
                appendField(channelBytes[index], to: &buffer)
                buffer.append(UInt8(ascii: ","))
            }
            customers.withBytes(c) { appendField($0, to: &buffer) }
            buffer.append(UInt8(ascii: ","))
            appendNumber(aggregates.asOfDay - aggregates.lastDay[c], to: &buffer)
            buffer.append(UInt8(ascii: ","))
            appendNumber(Int64(aggregates.frequency[c]), to: &buffer)
            buffer.append(UInt8(ascii: ","))
            appendYuan(aggregates.monetary[c], to: &buffer)
            for score in [table.rScore[c], table.fScore[c], table.mScore[c]] {
                buffer.append(UInt8(ascii: ","))
                if score > 0 { buffer.append(48 + score) }
            }
            buffer.append(UInt8(ascii: ","))
            if let rfmClass = table.rfmClass[c] { buffer.append(contentsOf: labels.classes[RFMClass.allCases.firstIndex(of: rfmClass)!]) }
            buffer.append(UInt8(ascii: ","))
            if let level = table.pyramid[c] { buffer.append(contentsOf: labels.pyramid[PyramidLevel.allCases.firstIndex(of: level)!]) }
            buffer.append(UInt8(ascii: ","))
            if let stage = table.lifecycle[c] { buffer.append(contentsOf: labels.lifecycle[LifecycleStage.allCases.firstIndex(of: stage)!]) }
            buffer.append(0x0A)
            if buffer.count > (1 << 22) - 4096 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break.
    static func appendField<Bytes: Collection>(_ bytes: Bytes, to buffer: inout [UInt8]) where Bytes.Element == UInt8 {
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Decimal digits of a number, without a `String` in between.
    static func appendNumber(_ value: Int64, to buffer: inout [UInt8]) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[count] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for k in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[k]) }
        }
    }

    /// Fen as yuan with two decimals (`1299.00`), as `Money.decimalString` writes it.
    static func appendYuan(_ fen: Int64, to buffer: inout [UInt8]) {
        if fen < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = fen.magnitude
        appendNumber(Int64(magnitude / 100), to: &buffer)
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(48 + magnitude % 100 / 10))
        buffer.append(UInt8(48 + magnitude % 10))
    }
}
