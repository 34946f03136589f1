import ArgumentParser
import Foundation
import Regulars
import RegularsStore

extension ImportCommand {
    /// `regulars import detect <file>`: how the file would be read, and its first rows as understood. Writes nothing.
    func detect() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the file (missing or not permitted)")
        }
        // The shop's time zone if there is a database already; detect never creates one.
        var calendar = ShopSettings().calendar
        if FileManager.default.fileExists(atPath: store.path) {
            calendar = try await store.open().loadSettings().calendar
        }
        let preview: ImportPreview
        do {
            let (bytes, encodingLabel) = try ImportSource.decode([UInt8](data), file: file,
                                                                 forced: encoding.flatMap(Self.encoding(named:)))
            preview = try ImportPreview.make(bytes: bytes, encoding: encodingLabel, file: file, kind: nil,
                                             mapping: try loadMapping(), channel: channel.map(Channel.init(rawValue:)),
                                             calendar: calendar)
        } catch let error as ImportError {
            throw CommandFailure(error.description)
        }
        let report = DetectReport(preview, file: file, calendar: calendar)
        if output.json { try printJSON(report) } else { print(report.text) }
    }
}

/// The detect answer, for people (`text`) and for scripts (JSON).
struct DetectReport: Encodable {
    struct Row: Encodable {
        var line: Int
        var understood: String
    }

    var file: String
    var platform: String
    var dialect: String
    var kind: String
    var channel: String?
    var encoding: String
    var headerLine: Int
    var columns: [String: String]
    var unmappedHeaders: [String]
    var rows: [Row]
    var rejected: [String]

    init(_ preview: ImportPreview, file: String, calendar: ShopCalendar) {
        let plan = preview.plan
        self.file = file
        platform = plan.dialectLabel
        dialect = plan.dialectName
        kind = plan.kind.rawValue + " (\(plan.kind.label))"
        channel = plan.channel?.rawValue ?? (plan.columns[.channel] != nil ? "from its channel column" : nil)
        encoding = preview.encoding
        headerLine = plan.headerLine
        columns = Dictionary(uniqueKeysWithValues: plan.columns.map { ($0.key.rawValue, plan.headers[$0.value]) })
        unmappedHeaders = preview.unmappedHeaders
        func when(_ instant: Instant?) -> String { instant.map { calendar.format($0) } ?? "-" }
        func who(_ keys: IdentityKeys) -> String {
            [keys.account, keys.phone.map(PhoneNumber.mask), keys.maskedPhone, keys.email.map(EmailAddress.mask), keys.unionID]
                .compactMap { $0 }.joined(separator: " / ")
        }
        rows = preview.orders.map { line, order in
            let items = order.lines.map { "\($0.product.name ?? $0.product.sku) ×\($0.quantity) \($0.amount)" }.joined(separator: ", ")
            let refund = order.refunded > .zero ? " (refunded \(order.refunded))" : ""
            return Row(line: line, understood: "order \(order.externalID) · \(order.channel) · buyer \(who(order.buyer).isEmpty ? "-" : who(order.buyer))"
                + " · \(order.status.rawValue) · paid \(when(order.paidAt)) · \(order.amount)\(refund)"
                + (items.isEmpty ? "" : " · \(items)"))
        } + preview.lines.map { line, record in
            let items = record.lines.map { item in
                "\(item.product.name ?? item.product.sku) ×\(item.quantity)" + (item.amount.map { " \($0)" } ?? "")
                    + (item.refundedInFull ? " refunded" : item.refunded > .zero ? " (refunded \(item.refunded))" : "")
            }
            return Row(line: line, understood: "lines of order \(record.orderExternalID) · \(record.channel) · "
                + items.joined(separator: ", "))
        } + preview.afterSales.map { line, record in
            Row(line: line, understood: "after-sales \(record.externalID) · order \(record.orderExternalID) · \(record.channel)"
                + " · \(record.outcome.rawValue) · " + (record.amount.map { "\($0)" } ?? "whole order"))
        } + preview.customers.map { line, customer in
            Row(line: line, understood: "customer \(who(customer.keys)) · \(customer.name ?? "-")"
                + (customer.nickname.map { " (\($0))" } ?? "") + " · \(customer.gender?.label ?? "-")"
                + " · 生日 \(customer.birthday?.description ?? "-") · \([customer.province, customer.city].compactMap { $0 }.joined(separator: " "))"
                + (customer.points.map { " · 积分 \($0)" } ?? "")
                + (customer.tags.isEmpty ? "" : " · 标签 " + customer.tags.joined(separator: ",")))
        } + preview.events.map { line, event in
            Row(line: line, understood: "\(event.type.rawValue) · \(who(event.keys)) · \(event.sku ?? "-") · \(when(event.at))")
        }
        rejected = preview.rejections.map { "\(file):\($0.line): \($0.reason)" }
    }

    var text: String {
        var lines = [
            "file       \(file)",
            "platform   \(platform) (\(dialect))",
            "kind       \(kind)",
            "channel    \(channel ?? "none: pass --channel")",
            "encoding   \(encoding)",
            "header     line \(headerLine)",
            "columns",
        ]
        for field in ImportField.allCases where columns[field.rawValue] != nil {
            lines.append("  \(field.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) ← \(columns[field.rawValue]!)")
        }
        if !unmappedHeaders.isEmpty { lines.append("not read   " + unmappedHeaders.joined(separator: ", ")) }
        lines.append("first rows as understood")
        lines.append(contentsOf: rows.map { "  line \($0.line): \($0.understood)" })
        lines.append(contentsOf: rejected.map { "  rejected: \($0)" })
        return lines.joined(separator: "\n")
    }
}
