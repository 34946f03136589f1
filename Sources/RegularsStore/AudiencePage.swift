import Regulars

/// A page of an audience's customers with their segments (`audience list`, `GET /v1/audiences/{name}/members`).
public struct AudiencePage: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        public var id: Int64
        public var name: String?
        public var phone: String?
        public var province: String?
        public var city: String?
        public var channels: [String]
        public var pyramid: String?
        public var rfmClass: String?
        public var lifecycle: String?
        public var orders: Int
        public var spend: Money
        public var lastPurchase: String?

        public init(_ row: AudienceMemberRow, snapshot: AudienceSnapshot) {
            (id, name, phone, province, city, channels) = (row.id, row.name, row.phone, row.province, row.city, row.channels)
            let segment = snapshot.index(of: row.id).map { snapshot.segments.segment($0) }
            pyramid = segment?.pyramid?.label
            rfmClass = segment?.rfmClass?.label
            lifecycle = segment?.lifecycle?.label
            orders = segment?.orders ?? 0
            spend = segment?.spend ?? .zero
            lastPurchase = segment?.lastPurchaseDay?.description
        }

        public static let csvHeader = ["customer_id", "name", "phone", "province", "city", "channels", "pyramid", "rfm_class",
                                       "lifecycle", "orders", "spend", "last_purchase"]

        public var csvFields: [String] {
            [String(id), name ?? "", phone ?? "", province ?? "", city ?? "", channels.joined(separator: " "), pyramid ?? "",
             rfmClass ?? "", lifecycle ?? "", String(orders), spend.decimalString, lastPurchase ?? ""]
        }
    }

    public var name: String?
    public var definition: String
    public var customers: Int
    public var page: Int
    public var size: Int
    public var pages: Int
    public var rows: [Row]
}

extension AudienceSnapshot {
    /// Page `page` (from 1) of `size` customers of `query`, ascending by id; past the last page, no rows.
    public func page(_ query: AudienceQuery, name: String?, page: Int, size: Int, store: any SegmentStore,
                     unmask: Bool) async throws -> AudiencePage {
        precondition(page >= 1 && size >= 1)
        let members = members(query)
        let (skip, overflow) = (page - 1).multipliedReportingOverflow(by: size)
        let pageIDs = overflow ? [] : Array(members.dropFirst(skip).prefix(size))
        let rows = try await store.customerRows(pageIDs, unmask: unmask)
        return AudiencePage(name: name, definition: query.canonical, customers: members.count, page: page, size: size,
                            pages: (members.count + size - 1) / size, rows: rows.map { AudiencePage.Row($0, snapshot: self) })
    }

    /// Every customer of `query` as CSV (UTF-8 with a BOM, so Excel opens it as is), read from the store 1,000 at a time.
    public func csv(_ query: AudienceQuery, store: any SegmentStore, unmask: Bool) async throws -> (text: String, customers: Int) {
        let members = members(query)
        var csv = CSVText(header: AudiencePage.Row.csvHeader)
        for start in stride(from: 0, to: members.count, by: 1_000) {
            let ids = Array(members[start ..< min(members.count, start + 1_000)])
            for row in try await store.customerRows(ids, unmask: unmask) {
                csv.append(AudiencePage.Row(row, snapshot: self).csvFields)
            }
        }
        return (csv.text, members.count)
    }
}
