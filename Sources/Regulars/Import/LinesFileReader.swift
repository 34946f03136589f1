/// Reads a line-level file (淘宝 宝贝报表 / 子订单, 有赞 商品维度): the lines of orders that an order file brings
/// (or will bring). Rows of one order are grouped wherever they appear; a bad row rejects all lines of its order,
/// since the lines of an order replace each other as a set.
public struct LinesFileReader {
    public struct Result: Sendable {
        public var orders: [OrderLinesRecord]
        /// The first line of each order in `orders`.
        public var orderLines: [Int]
        public var rowsRead: Int
        public var rejections: [RowRejection]
    }

    let plan: ImportPlan
    let fields: RowFields

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.fields = RowFields(plan: plan, calendar: calendar)
    }

    private struct Group {
        var record: OrderLinesRecord
        var rows: [Int]
        var problem: (line: Int, reason: String)?
    }

    public func read(_ bytes: [UInt8]) -> Result {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        var rejections: [RowRejection] = []
        var rowsRead = 0
        CSVScanner.forEachRow(in: bytes, delimiter: plan.delimiter) { row in
            if row.line <= plan.headerLine { return true }
            rowsRead += 1
            guard let orderID = row.text(plan.column(.orderID)) else {
                rejections.append(RowRejection(line: row.line, reason: "order_id is empty"))
                return true
            }
            let channel: Channel
            do throws(RowProblem) {
                channel = try fields.channel(row)
            } catch {
                rejections.append(RowRejection(line: row.line, reason: error.reason))
                return true
            }
            let key = channel.rawValue + "\u{1F}" + orderID
            let position = index[key] ?? {
                groups.append(Group(record: OrderLinesRecord(channel: channel, orderExternalID: orderID, lines: []), rows: []))
                index[key] = groups.count - 1
                return groups.count - 1
            }()
            groups[position].rows.append(row.line)
            guard groups[position].problem == nil else { return true }
            do throws(RowProblem) {
                groups[position].record.lines.append(try line(row))
            } catch {
                groups[position].problem = (row.line, error.reason)
            }
            return true
        }
        var orders: [OrderLinesRecord] = []
        var orderLines: [Int] = []
        for group in groups {
            guard let problem = group.problem else {
                orders.append(group.record)
                orderLines.append(group.rows[0])
                continue
            }
            for line in group.rows {
                rejections.append(RowRejection(line: line, reason: line == problem.line ? problem.reason
                    : "lines of order \(group.record.orderExternalID) rejected with line \(problem.line)"))
            }
        }
        rejections.sort { $0.line < $1.line }
        return Result(orders: orders, orderLines: orderLines, rowsRead: rowsRead, rejections: rejections)
    }

    private func line(_ row: borrowing CSVRow) throws(RowProblem) -> OrderLinesRecord.Line {
        let title = row.text(plan.column(.productName))
        guard let sku = row.text(plan.column(.sku)) ?? title.map(ProductRecord.skuForTitle) else {
            throw RowProblem("neither sku nor product_name: nothing says what was bought")
        }
        let product = ProductRecord(sku: sku, name: title, category: row.text(plan.column(.category)),
                                    brand: row.text(plan.column(.brand)))
        let unitPrice = try fields.money(row, .unitPrice)
        let amount = try fields.money(row, .lineAmount)
        if let unitPrice, unitPrice < .zero { throw RowProblem("unit_price: \(unitPrice) is negative") }
        if let amount, amount < .zero { throw RowProblem("line_amount: \(amount) is negative") }
        var refunded = try fields.refund(row) ?? .zero
        let outcome = try fields.afterSalesOutcome(row)
        if let amount, refunded > amount {
            throw RowProblem("refund_amount \(refunded) is more than the line's amount \(amount)")
        }
        var inFull = false
        if outcome == .refunded, refunded == .zero {
            if let amount { refunded = amount } else { inFull = true }
        }
        return OrderLinesRecord.Line(lineReference: row.text(plan.column(.lineID)), product: product,
                                     quantity: try fields.quantity(row), unitPrice: unitPrice, amount: amount,
                                     refunded: refunded, refundedInFull: inFull)
    }
}
