import Regulars
import RegularsStore

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
