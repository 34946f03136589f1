import Dispatch

/// Reads an orders file (one row per order, or one row per order line) into whole orders.
/// Rows of one order are grouped wherever they appear in the file. If any row of an order is bad, the whole order
/// is rejected (a partial order would misstate its total), and every one of its rows is reported.
public struct OrderFileReader: Sendable {
    public struct Result: Sendable {
        public var orders: [OrderRecord]
        /// The first line of each order in `orders`, for reports.
        public var orderLines: [Int]
        public var rowsRead: Int
        public var rejections: [RowRejection]
    }

    /// One order while its rows are collected.
    fileprivate struct Pending {
        var key: String
        var firstLine: Int
        var lines: [Int] = []
        var record: OrderRecord
        var statusText: String?
        var total: Money?
        var rowAmounts: [Money?] = []
        /// Amounts on rows that name no product: order-level rows.
        var orderRowAmounts: [Money?] = []
        var draftLines: [DraftLine] = []
        /// Refunds the rows give line by line, and whether a row without a product said the order was refunded.
        var lineRefunds = Money.zero
        var refundedInFull = false
        var problem: (line: Int, reason: String)?

        /// Takes in the rows of the same order found in a later part of the file.
        mutating func absorb(_ later: Pending) {
            lines += later.lines
            if problem == nil, let laterProblem = later.problem {
                problem = laterProblem
                return
            }
            rowAmounts += later.rowAmounts
            orderRowAmounts += later.orderRowAmounts
            draftLines += later.draftLines
            lineRefunds += later.lineRefunds
            refundedInFull = refundedInFull || later.refundedInFull
        }
    }

    fileprivate struct DraftLine {
        var product: ProductRecord
        var quantity: Int32
        var unitPrice: Money?
        var amount: Money?
        /// What the row's `amount` column said, in case the amounts turn out to be line amounts.
        var rowAmount: Money?
        /// What the row's line-refund column said (微信小店 商品已退款金额).
        var refund = Money.zero
        /// The row's after-sales status says the line was refunded (抖店 售后状态 退款成功).
        var refundedInFull = false
    }

    /// The orders of one part of the file, in order of first appearance.
    fileprivate struct Part {
        var pending: [Pending] = []
        var index: [String: Int] = [:]
        var rejections: [RowRejection] = []
        var rowsRead = 0
        /// Orders whose rows all lie in this piece, already finished (on the reading thread).
        var settled: [OrderRecord] = []
        var settledLines: [Int] = []
    }

    /// The first and last piece of a file holding rows of one order.
    public struct PieceSpan: Sendable, Equatable {
        public var first: Int32
        public var last: Int32
    }

    let plan: ImportPlan
    let fields: RowFields

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.fields = RowFields(plan: plan, calendar: calendar)
    }

    /// Reads the whole file at once (small files, tests). `FileImporter` streams large files piece by piece with
    /// `pieces`, `lastPieces`, `readPiece` and an `Assembler`, writing early pieces while later ones are read.
    public func read(_ bytes: [UInt8], pieceSize: Int = 4 << 20) -> Result {
        let pieces = pieces(of: bytes, pieceSize: pieceSize)
        let spans = pieceSpans(of: bytes, pieces: pieces)
        var assembler = Assembler(reader: self, spans: spans)
        var result = Result(orders: [], orderLines: [], rowsRead: 0, rejections: [])
        for index in pieces.indices {
            let step = assembler.add(readPiece(bytes, pieces: pieces, index: index, spans: spans), piece: index)
            result.orders += step.orders
            result.orderLines += step.orderLines
            result.rowsRead += step.rowsRead
            result.rejections += step.rejections
        }
        result.rejections.sort { $0.line < $1.line }
        return result
    }

    /// The rows of one piece of a file, grouped by order; complete orders come out of an `Assembler`.
    public struct PartialOrders: Sendable {
        fileprivate var part: Part
    }

    /// Cuts a file into pieces of about `pieceSize` bytes at row boundaries.
    public func pieces(of bytes: [UInt8], pieceSize: Int = 4 << 20) -> [CSVScanner.Piece] {
        CSVScanner.split(bytes, parts: max(1, bytes.count / max(1, pieceSize)))
    }

    /// For each order, the first and last piece holding one of its rows: after the last, the order is complete.
    /// The file is scanned for order ids only, in two halves on two threads.
    public func pieceSpans(of bytes: [UInt8], pieces: [CSVScanner.Piece]) -> [String: PieceSpan] {
        let halves = pieces.count > 1 ? [0..<(pieces.count / 2), (pieces.count / 2)..<pieces.count] : [0..<pieces.count]
        nonisolated(unsafe) var found = [[String: PieceSpan]](repeating: [:], count: halves.count)
        found.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: halves.count) { half in
                var spans: [String: PieceSpan] = [:]
                for index in halves[half] {
                    let piece = pieces[index]
                    let number = Int32(index)
                    CSVScanner.forEachRow(in: bytes, range: piece.range, firstLine: piece.firstLine, delimiter: plan.delimiter) { row in
                        if row.line > plan.headerLine, let key = orderKey(row) {
                            spans[key, default: PieceSpan(first: number, last: number)].last = number
                        }
                        return true
                    }
                }
                output[half] = spans
            }
        }
        guard found.count > 1 else { return found[0] }
        var merged = found[0]
        merged.merge(found[1]) { earlier, later in PieceSpan(first: earlier.first, last: later.last) }
        return merged
    }

    /// Reads piece `index`'s rows and finishes the orders that lie wholly inside it (safe on another thread).
    public func readPiece(_ bytes: [UInt8], pieces: [CSVScanner.Piece], index: Int, spans: [String: PieceSpan]) -> PartialOrders {
        var part = readPart(bytes, pieces[index])
        let here = Int32(index)
        var spanning: [Pending] = []
        var settled = Result(orders: [], orderLines: [], rowsRead: 0, rejections: [])
        for var order in part.pending {
            if let span = spans[order.key], span.first != here || span.last != here {
                spanning.append(order)
            } else {
                settle(&order, into: &settled)
            }
        }
        part.pending = spanning
        part.index = [:]
        part.settled = settled.orders
        part.settledLines = settled.orderLines
        part.rejections += settled.rejections
        return PartialOrders(part: part)
    }

    /// `channel␟order id`: what makes rows one order.
    private func orderKey(_ row: borrowing CSVRow) -> String? {
        guard let orderID = row.text(plan.column(.orderID)) else { return nil }
        let channel = row.text(plan.column(.channel)).map { Channel(rawValue: $0).rawValue } ?? plan.channel?.rawValue ?? ""
        return channel + "\u{1F}" + orderID
    }

    /// Joins pieces in file order and hands out each order once its last piece has been read.
    public struct Assembler: Sendable {
        let reader: OrderFileReader
        let spans: [String: PieceSpan]
        private var carried = Part()

        public init(reader: OrderFileReader, spans: [String: PieceSpan]) {
            self.reader = reader
            self.spans = spans
        }

        /// Takes piece number `piece` and returns the orders it completes, with the rows rejected so far.
        public mutating func add(_ partial: PartialOrders, piece: Int) -> Result {
            let part = partial.part
            var step = Result(orders: part.settled, orderLines: part.settledLines, rowsRead: part.rowsRead,
                              rejections: part.rejections)
            var complete: [Pending] = []
            for var pending in part.pending {
                if let index = carried.index.removeValue(forKey: pending.key) {
                    var earlier = carried.pending[index]
                    earlier.absorb(pending)
                    pending = earlier
                }
                if Int(spans[pending.key]?.last ?? Int32(piece)) <= piece {
                    complete.append(pending)
                } else {
                    carried.index[pending.key] = carried.pending.count
                    carried.pending.append(pending)
                }
            }
            // Drop the slots of orders completed in this step so the carry does not grow without end.
            if carried.pending.count > 4 * max(1, carried.index.count) + 1024 {
                let live = carried.index.sorted { $0.value < $1.value }
                carried.pending = live.map { carried.pending[$0.value] }
                carried.index = Dictionary(uniqueKeysWithValues: live.enumerated().map { ($1.key, $0) })
            }
            for var order in complete {
                reader.settle(&order, into: &step)
            }
            return step
        }
    }

    /// Finishes one order: into `result.orders`, or every one of its rows into `result.rejections`.
    private func settle(_ order: inout Pending, into result: inout Result) {
        if order.problem == nil {
            do throws(RowProblem) {
                try finish(&order)
            } catch {
                order.problem = (order.firstLine, error.reason)
            }
        }
        if let problem = order.problem {
            for line in order.lines {
                let reason = line == problem.line
                    ? problem.reason
                    : "order \(order.record.externalID) rejected with its line \(problem.line)"
                result.rejections.append(RowRejection(line: line, reason: reason))
            }
            return
        }
        result.orders.append(order.record)
        result.orderLines.append(order.firstLine)
    }

    private func readPart(_ bytes: [UInt8], _ piece: CSVScanner.Piece) -> Part {
        var part = Part()
        let orderColumn = plan.column(.orderID)
        let channelColumn = plan.column(.channel)
        CSVScanner.forEachRow(in: bytes, range: piece.range, firstLine: piece.firstLine, delimiter: plan.delimiter) { row in
            if row.line <= plan.headerLine { return true }
            part.rowsRead += 1
            guard let orderID = row.text(orderColumn) else {
                part.rejections.append(RowRejection(line: row.line, reason: "order_id is empty"))
                return true
            }
            let channelKey = row.text(channelColumn).map { Channel(rawValue: $0).rawValue } ?? plan.channel?.rawValue ?? ""
            let key = channelKey + "\u{1F}" + orderID  // as `orderKey(_:)` spells it
            if let existing = part.index[key] {
                part.pending[existing].lines.append(row.line)
                guard part.pending[existing].problem == nil else { return true }
                do throws(RowProblem) {
                    try addRow(row, to: &part.pending[existing])
                } catch {
                    part.pending[existing].problem = (row.line, error.reason)
                }
            } else {
                part.index[key] = part.pending.count
                do throws(RowProblem) {
                    var order = try start(row, orderID: orderID, key: key)
                    order.lines.append(row.line)
                    try addRow(row, to: &order)
                    part.pending.append(order)
                } catch {
                    // Keep the key so later rows of the same order are rejected with it.
                    let channel = Channel(rawValue: channelKey)
                    var failed = Pending(key: key, firstLine: row.line, record: OrderRecord(
                        channel: channel, externalID: orderID, buyer: IdentityKeys(channel: channel), status: .pending,
                        paidAt: nil, amount: .zero))
                    failed.lines = [row.line]
                    failed.problem = (row.line, error.reason)
                    part.pending.append(failed)
                }
            }
            return true
        }
        return part
    }

    /// Order-level fields, read from the first row of the order.
    private func start(_ row: borrowing CSVRow, orderID: String, key: String) throws(RowProblem) -> Pending {
        let keys = try fields.keys(row)
        let region = fields.region(row)
        let record = OrderRecord(
            channel: keys.channel, externalID: orderID, buyer: keys, buyerName: row.text(plan.column(.name)),
            province: region.province, city: region.city, status: .paid,
            createdAt: try fields.instant(row, .createdAt), paidAt: try fields.instant(row, .paidAt),
            amount: .zero, refunded: try fields.money(row, .refundAmount) ?? .zero,
            deposit: try fields.money(row, .deposit), balance: try fields.money(row, .balance),
            discount: try fields.money(row, .discount))
        var pending = Pending(key: key, firstLine: row.line, record: record)
        pending.statusText = row.text(plan.column(.status))
        pending.total = try fields.money(row, .totalAmount)
        return pending
    }

    /// Per-row fields: the row's amount and its order line, if it names a product.
    private func addRow(_ row: borrowing CSVRow, to order: inout Pending) throws(RowProblem) {
        let rowAmount = try fields.money(row, .amount)
        order.rowAmounts.append(rowAmount)
        // Exports that give a discount per line row: the order used one if any row did.
        if let rowDiscount = try fields.money(row, .discount), rowDiscount > order.record.discount ?? .zero {
            order.record.discount = rowDiscount
        }
        let rowRefund = try fields.money(row, .lineRefund) ?? .zero
        guard rowRefund >= .zero else { throw RowProblem("line_refund: \(rowRefund) is negative") }
        // 退款成功 on a row means the whole line (or order) only when the row gives no refund amount of its own.
        var refundedInFull = try fields.afterSalesOutcome(row) == .refunded && rowRefund == .zero
        if refundedInFull, let rowRefundAmount = try fields.money(row, .refundAmount) {
            refundedInFull = rowRefundAmount == .zero
        }
        let title = row.text(plan.column(.productName))
        let sku = row.text(plan.column(.sku)) ?? title.map(ProductRecord.skuForTitle)
        guard let sku else {
            order.orderRowAmounts.append(rowAmount)
            order.lineRefunds += rowRefund
            order.refundedInFull = order.refundedInFull || refundedInFull
            return
        }
        let quantity = try fields.quantity(row)
        let product = ProductRecord(sku: sku, name: title, category: row.text(plan.column(.category)),
                                    brand: row.text(plan.column(.brand)))
        let unitPrice = try fields.money(row, .unitPrice)
        let amount = try fields.money(row, .lineAmount)
        if let unitPrice, unitPrice < .zero { throw RowProblem("unit_price: \(unitPrice) is negative") }
        if let amount, amount < .zero { throw RowProblem("line_amount: \(amount) is negative") }
        order.draftLines.append(DraftLine(product: product, quantity: quantity, unitPrice: unitPrice, amount: amount,
                                          rowAmount: rowAmount, refund: rowRefund, refundedInFull: refundedInFull))
    }

    /// Settles the order's amount, status and line amounts once all its rows are in.
    private func finish(_ order: inout Pending) throws(RowProblem) {
        var record = order.record
        // Rows that name no product carry the order's amount; line rows carry either the order's amount repeated
        // (JD, Douyin) or their own. Their own, when they differ or add up to the order's amount.
        let lineRowAmounts = order.draftLines.compactMap(\.rowAmount)
        let orderRowAmount = order.orderRowAmounts.compactMap { $0 }.first
        let everyLineHasOne = !order.draftLines.isEmpty && lineRowAmounts.count == order.draftLines.count
            && order.draftLines.allSatisfy { $0.amount == nil }
        let lineSum = lineRowAmounts.reduce(Money.zero, +)
        let amountsAreLineAmounts = everyLineHasOne
            && (orderRowAmount.map { $0 == lineSum && order.draftLines.count > 1 }
                ?? (lineRowAmounts.count > 1 && lineRowAmounts.contains { $0 != lineRowAmounts[0] }))
        if amountsAreLineAmounts {
            for index in order.draftLines.indices { order.draftLines[index].amount = order.draftLines[index].rowAmount }
        }
        let given = orderRowAmount.map { [$0] } ?? order.rowAmounts.compactMap { $0 }
        if let orderRowAmount, amountsAreLineAmounts {
            record.amount = orderRowAmount
        } else if let first = given.first, !amountsAreLineAmounts {
            record.amount = first
        } else if !order.draftLines.isEmpty, order.draftLines.allSatisfy({ $0.amount != nil || $0.unitPrice != nil }) {
            record.amount = order.draftLines.reduce(.zero) { $0 + ($1.amount ?? ($1.unitPrice! * Int64($1.quantity))) }
        } else if order.statusText.map({ plan.statuses[StatusWords.normalize($0)] }) == .cancelled {
            record.amount = .zero
        } else {
            throw RowProblem("amount is empty and the lines carry no prices")
        }
        guard record.amount >= .zero else { throw RowProblem("amount: \(record.amount) is negative") }
        // Some reports (the Tmall 订单报表 among them) give the amount the shop kept after refunds, with the order's
        // total beside it: when amount + refund is exactly the total, the buyer paid the total.
        if let total = order.total, record.refunded > .zero, record.amount + record.refunded == total {
            record.amount = total
        }
        guard record.refunded >= .zero else { throw RowProblem("refund_amount: \(record.refunded) is negative") }
        record.lines = settleLines(order.draftLines, total: record.amount)
        // Refunds line by line (a refund column per line, or lines whose after-sales status says 退款成功); the
        // largest account of the refund wins, as the same refund often shows in more than one column.
        var lineRefunds = order.lineRefunds
        for (draft, line) in zip(order.draftLines, record.lines) {
            lineRefunds += max(draft.refund, draft.refundedInFull ? line.amount : .zero)
        }
        if order.refundedInFull { lineRefunds = record.amount }
        record.refunded = max(record.refunded, lineRefunds)
        guard record.refunded <= record.amount else {
            throw RowProblem("refund_amount \(record.refunded) is more than the amount paid \(record.amount)")
        }

        record.status = try status(of: order, record: record)
        if record.status == .refunded, record.refunded == .zero { record.refunded = record.amount }
        order.record = record
    }

    private func status(of order: Pending, record: OrderRecord) throws(RowProblem) -> OrderStatus {
        let reported: OrderStatus
        if let text = order.statusText {
            guard let known = plan.statuses[StatusWords.normalize(text)] else {
                throw RowProblem("status: unknown status '\(text)'; map it in a --mapping file (status.\(text) = paid)")
            }
            reported = known
        } else {
            reported = record.paidAt == nil ? .cancelled : .paid
        }
        let status = OrderStatus.settled(reported: reported, paidAt: record.paidAt, amount: record.amount,
                                         refunded: record.refunded)
        if status.wasPaid, record.paidAt == nil {
            throw RowProblem("paid_at is empty for a \(status.rawValue) order")
        }
        return status
    }

    /// Line amounts that sum exactly to the order's amount: explicit amounts are kept, the rest of the order's amount
    /// is shared among the other lines by list value (largest remainder, to the fen).
    private func settleLines(_ drafts: [DraftLine], total: Money) -> [OrderLineRecord] {
        guard !drafts.isEmpty else { return [] }
        if drafts.count == 1 {
            let line = drafts[0]
            let amount = line.amount ?? total
            return [OrderLineRecord(product: line.product, quantity: line.quantity,
                                    unitPrice: line.unitPrice ?? Money(fen: amount.fen / Int64(line.quantity)), amount: amount)]
        }
        let explicit = drafts.reduce(Int64(0)) { $0 + ($1.amount?.fen ?? 0) }
        let open = drafts.indices.filter { drafts[$0].amount == nil }
        var shares = drafts.map { $0.amount?.fen ?? 0 }
        if !open.isEmpty {
            let remaining = max(0, total.fen - explicit)
            let weights = open.map { i in max(0, (drafts[i].unitPrice?.fen ?? 0) * Int64(drafts[i].quantity)) }
            let split = Proration.split(remaining, weights: weights.allSatisfy { $0 == 0 } ? open.map { _ in 1 } : weights)
            for (k, i) in open.enumerated() { shares[i] = split[k] }
        }
        return drafts.indices.map { i in
            let line = drafts[i]
            let amount = Money(fen: shares[i])
            let unit = line.unitPrice ?? Money(fen: amount.fen / Int64(line.quantity))
            return OrderLineRecord(product: line.product, quantity: line.quantity, unitPrice: unit, amount: amount)
        }
    }
}
