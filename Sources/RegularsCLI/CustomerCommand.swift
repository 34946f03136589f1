import ArgumentParser
import Foundation
import Regulars
import RegularsStore

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Look at customers: the 360° view, search, and undoing a merge.",
        subcommands: [Show.self, Search.self, Unmerge.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The 360° view of one customer (by id, phone or account).")

        @Argument(help: "A customer id, a mobile number, or a channel account / e-mail / union id.")
        var customer: String

        @Flag(help: "Show phones, e-mails and names unmasked.")
        var unmask = false

        @Option(help: "How many recent orders and events to list.")
        var recent = 10

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !customer.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give a customer id, phone or account") }
            guard recent >= 0 else { throw ValidationError("--recent must be 0 or more") }
        }

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            guard let profile = try await store.customerProfile(CustomerReference(parsing: customer), recentLimit: recent) else {
                throw CommandFailure("no customer matches '\(customer)' (try: regulars customer search \(customer))")
            }
            let shown = unmask ? profile : profile.masked()
            if output.json { try printJSON(shown) } else { print(CustomerProfileText.render(shown, calendar: settings.calendar)) }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find customers by name, phone (or part of it), account or e-mail.")

        @Argument(help: "Text to look for.")
        var text: String

        @Option(help: "At most this many results.")
        var limit = 20

        @Flag(help: "Show phones and names unmasked.")
        var unmask = false

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give something to search for") }
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        }

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let found = try await store.searchCustomers(text, limit: limit).map { unmask ? $0 : $0.masked() }
            if output.json { try printJSON(found); return }
            if found.isEmpty { print("no customer matches '\(text)'"); return }
            for summary in found {
                let last = summary.lastOrderAt.map { settings.calendar.format($0) } ?? "-"
                print("#\(summary.id)  \(summary.name ?? "-")  \(summary.phone ?? "-")  [\(summary.channels.map(\.rawValue).joined(separator: ","))]  "
                    + "\(summary.orderCount) orders  \(summary.total)  last \(last)")
            }
        }
    }

    struct Unmerge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo one merge: the absorbed customer gets back its identities, orders and events, and the two stay apart.",
            discussion: "Merge ids are listed under 合并记录 in `regulars customer show`."
        )

        @Argument(help: "The merge id.")
        var merge: Int64

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try store.open()
            let undone: CustomerProfile.Merge
            do {
                undone = try await store.unmerge(merge, at: currentInstant())
            } catch let error as StoreError {
                throw CommandFailure(error.description)
            }
            if output.json { try printJSON(undone.masked()); return }
            print("merge #\(undone.id) undone: customer #\(undone.absorbed) is separate from #\(undone.survivor) again "
                + "(they had been joined by \(undone.reason.kind.rawValue) \(undone.reason.maskedValue))")
        }
    }
}

/// The 360° view as text.
enum CustomerProfileText {
    static func render(_ profile: CustomerProfile, calendar: ShopCalendar) -> String {
        func when(_ instant: Instant?) -> String { instant.map { calendar.format($0) } ?? "-" }
        var lines: [String] = []
        var title = "客户 Customer #\(profile.id)  \(profile.name ?? "(no name)")"
        if !profile.mergedIDs.isEmpty { title += "  (merged: " + profile.mergedIDs.map { "#\($0)" }.joined(separator: ", ") + ")" }
        lines.append(title)
        var attributes: [String] = []
        if let gender = profile.gender { attributes.append("性别 \(gender.label)") }
        if let birthday = profile.birthday { attributes.append("生日 \(birthday)") }
        let region = [profile.province, profile.city].compactMap { $0 }.joined(separator: " ")
        if !region.isEmpty { attributes.append("地区 \(region)") }
        if let registered = profile.registeredAt { attributes.append("注册 \(when(registered))") }
        if let nickname = profile.nickname { attributes.append("昵称 \(nickname)") }
        if let memberSince = profile.memberSince { attributes.append("入会 \(when(memberSince))") }
        if let points = profile.points { attributes.append("积分 \(points)") }
        if !attributes.isEmpty { lines.append("  " + attributes.joined(separator: " · ")) }
        if !profile.tags.isEmpty { lines.append("  标签 Tags: " + profile.tags.joined(separator: ", ")) }

        lines.append("身份 Identities")
        for entry in profile.identities {
            lines.append("  \(entry.identifier.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))"
                + (entry.identifier.channel.map { "\($0):" } ?? "") + entry.identifier.value)
        }

        let orders = profile.orders
        lines.append("订单 Orders")
        lines.append("  \(orders.count) paid · net \(orders.total) · AOV 客单价 \(orders.averageOrderValue) · refunded \(orders.refunded)")
        lines.append("  first \(when(orders.firstOrderAt)) · last \(when(orders.lastOrderAt)) · channels "
            + (orders.channels.isEmpty ? "-" : orders.channels.map(\.rawValue).joined(separator: ", ")))
        if !orders.topCategories.isEmpty {
            lines.append("  top categories: " + orders.topCategories.map { "\($0.category) \($0.amount)" }.joined(separator: ", "))
        }
        if !profile.recentOrders.isEmpty {
            lines.append("最近订单 Recent orders")
            for order in profile.recentOrders {
                let refund = order.refunded > .zero ? " (refunded \(order.refunded))" : ""
                lines.append("  \(when(order.at))  \(order.channel) \(order.externalID)  \(order.status.rawValue)  \(order.amount)\(refund)  \(order.items)")
            }
        }
        if !profile.recentEvents.isEmpty {
            lines.append("最近行为 Recent events")
            for event in profile.recentEvents {
                let what = [event.productName ?? event.sku, event.text].compactMap { $0 }.joined(separator: " · ")
                lines.append("  \(when(event.at))  \(event.channel)  \(event.type.label) \(event.type.rawValue)  \(what)")
            }
        }
        if !profile.merges.isEmpty {
            lines.append("合并记录 Merges")
            for merge in profile.merges {
                let undone = merge.undoneAt.map { "  [undone \(when($0))]" } ?? ""
                lines.append("  #\(merge.id)  \(when(merge.mergedAt))  #\(merge.absorbed) → #\(merge.survivor)  because \(merge.reason)\(undone)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
