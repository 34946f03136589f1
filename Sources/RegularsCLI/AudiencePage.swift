import Regulars
import RegularsStore

/// A page of an audience's customers with their segments.
struct AudiencePage: Encodable {
    struct Row: Encodable {
        var id: Int64
        var name: String?
        var phone: String?
        var province: String?
        var city: String?
        var channels: [String]
        var pyramid: String?
        var rfmClass: String?
        var lifecycle: String?
        var orders: Int
        var spend: Money
        var lastPurchase: String?

        init(_ row: AudienceMemberRow, snapshot: AudienceSnapshot) {
            (id, name, phone, province, city, channels) = (row.id, row.name, row.phone, row.province, row.city, row.channels)
            let segment = snapshot.index(of: row.id).map { snapshot.segments.segment($0) }
            pyramid = segment?.pyramid?.label
            rfmClass = segment?.rfmClass?.label
            lifecycle = segment?.lifecycle?.label
            orders = segment?.orders ?? 0
            spend = segment?.spend ?? .zero
            lastPurchase = segment?.lastPurchaseDay?.description
        }

        static let csvHeader = ["customer_id", "name", "phone", "province", "city", "channels", "pyramid", "rfm_class",
                                "lifecycle", "orders", "spend", "last_purchase"]

        var csvFields: [String] {
            [String(id), name ?? "", phone ?? "", province ?? "", city ?? "", channels.joined(separator: " "), pyramid ?? "",
             rfmClass ?? "", lifecycle ?? "", String(orders), spend.decimalString, lastPurchase ?? ""]
        }
    }

    var name: String?
    var definition: String
    var customers: Int
    var page: Int
    var pages: Int
    var rows: [Row]
}

enum AudiencePageText {
    static func render(_ page: AudiencePage) -> String {
        var lines = ["\(page.name.map { "audience \($0): " } ?? "")\(page.customers) customers — page \(page.page) of \(max(1, page.pages))",
                     "  \(page.definition)"]
        for row in page.rows {
            let place = [row.province, row.city].compactMap { $0 }.joined(separator: " ")
            lines.append("  \(row.id)  \(row.name ?? "—")  \(row.phone ?? "—")  \(place)  \(row.pyramid ?? "—")/\(row.rfmClass ?? "—")/\(row.lifecycle ?? "—")  \(row.orders) orders \(row.spend)  last \(row.lastPurchase ?? "—")")
        }
        return lines.joined(separator: "\n")
    }
}
