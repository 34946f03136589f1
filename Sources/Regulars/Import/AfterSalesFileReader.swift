/// Reads an after-sales file (抖店/拼多多/微信小店/快手 售后单, 淘宝 退款管理): one case per row, each naming the order
/// it belongs to. Cases update the refunds of their orders, whether the order file came before or comes after.
public struct AfterSalesFileReader {
    public struct Result: Sendable {
        public var cases: [AfterSalesRecord]
        public var caseLines: [Int]
        public var rowsRead: Int
        public var rejections: [RowRejection]
    }

    let plan: ImportPlan
    let fields: RowFields

    public init(plan: ImportPlan, calendar: ShopCalendar) {
        self.plan = plan
        self.fields = RowFields(plan: plan, calendar: calendar)
    }

    public func read(_ bytes: [UInt8]) -> Result {
        let rows = RecordRows.read(bytes, plan: plan, parse: afterSalesCase)
        return Result(cases: rows.records, caseLines: rows.lines, rowsRead: rows.rowsRead, rejections: rows.rejections)
    }

    private func afterSalesCase(_ row: borrowing CSVRow) throws(RowProblem) -> AfterSalesRecord {
        guard let orderID = row.text(plan.column(.orderID)) else { throw RowProblem("order_id is empty") }
        let channel = try fields.channel(row)
        guard let outcome = try fields.afterSalesOutcome(row) else { throw RowProblem("after_sales_status is empty") }
        let lineReference = row.text(plan.column(.lineID)) ?? row.text(plan.column(.sku))
        let caseID = row.text(plan.column(.afterSalesID)) ?? orderID + "#" + (lineReference ?? "")
        let amount = try fields.refund(row)
        return AfterSalesRecord(channel: channel, externalID: caseID, orderExternalID: orderID,
                                lineReference: lineReference, amount: amount,
                                outcome: outcome, statusText: row.text(plan.column(.afterSalesStatus)),
                                createdAt: try fields.instant(row, .createdAt))
    }
}
