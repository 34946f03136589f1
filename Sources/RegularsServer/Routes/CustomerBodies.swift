import Foundation
import Regulars
import RegularsStore

/// `GET /v1/customers/{id}`: the 360° view (DATA-3) with the customer's stored segment.
struct CustomerViewBody: Encodable {
    struct IdentityBody: Encodable {
        var kind: String
        var channel: String?
        var value: String
        var display: String?

        init(_ identifier: Identifier, display: String? = nil) {
            kind = identifier.kind.rawValue
            channel = identifier.channel?.rawValue
            value = identifier.value
            self.display = display
        }
    }

    struct Category: Encodable {
        var category: String
        var amount: Money
    }

    struct Orders: Encodable {
        var count: Int
        var total: Money
        var refunded: Money
        var averageOrderValue: Money
        var firstOrderAt: Instant?
        var lastOrderAt: Instant?
        var channels: [String]
        var topCategories: [Category]
    }

    struct RecentOrder: Encodable {
        var channel: String
        var externalID: String
        var status: String
        var at: Instant?
        var amount: Money
        var refunded: Money
        var items: String
    }

    struct RecentEvent: Encodable {
        var type: String
        var channel: String
        var sku: String?
        var productName: String?
        var at: Instant
        var text: String?
    }

    struct Segment: Encodable {
        var rfmClass: String?
        var rfmLabel: String?
        var rfmCode: String?
        var pyramid: String?
        var pyramidLabel: String?
        var lifecycle: String?
        var lifecycleLabel: String?
        var sleepWarning: Bool
        var recencyDays: Int?
        var frequency: Int
        var monetary: Money
        var orders: Int
        var spend: Money
        var firstPurchaseDay: String?
        var lastPurchaseDay: String?

        init(_ segment: CustomerSegment) {
            rfmClass = segment.rfmClass?.rawValue
            rfmLabel = segment.rfmClass?.label
            rfmCode = segment.rfmCode
            pyramid = segment.pyramid?.rawValue
            pyramidLabel = segment.pyramid?.label
            lifecycle = segment.lifecycle?.rawValue
            lifecycleLabel = segment.lifecycle?.label
            sleepWarning = segment.sleepWarning
            recencyDays = segment.recencyDays
            frequency = segment.frequency
            monetary = segment.monetary
            orders = segment.orders
            spend = segment.spend
            firstPurchaseDay = segment.firstPurchaseDay?.description
            lastPurchaseDay = segment.lastPurchaseDay?.description
        }
    }

    var id: Int64
    var mergedIDs: [Int64]
    var name: String?
    var nickname: String?
    var gender: String?
    var birthday: String?
    var province: String?
    var city: String?
    var registeredAt: Instant?
    var memberSince: Instant?
    var points: Int64?
    var tags: [String]
    var identities: [IdentityBody]
    var orders: Orders
    var recentOrders: [RecentOrder]
    var recentEvents: [RecentEvent]
    var merges: [CustomerMergeBody]
    var segment: Segment?

    /// `profile` as the caller may see it: the caller masks it first when they may not see personal data.
    init(_ profile: CustomerProfile, segment: CustomerSegment?) {
        id = profile.id
        mergedIDs = profile.mergedIDs
        name = profile.name
        nickname = profile.nickname
        gender = profile.gender?.rawValue
        birthday = profile.birthday?.description
        province = profile.province
        city = profile.city
        registeredAt = profile.registeredAt
        memberSince = profile.memberSince
        points = profile.points
        tags = profile.tags
        identities = profile.identities.map { IdentityBody($0.identifier, display: $0.display) }
        let summary = profile.orders
        orders = Orders(count: summary.count, total: summary.total, refunded: summary.refunded,
                        averageOrderValue: summary.averageOrderValue, firstOrderAt: summary.firstOrderAt,
                        lastOrderAt: summary.lastOrderAt, channels: summary.channels.map(\.rawValue),
                        topCategories: summary.topCategories.map { Category(category: $0.category, amount: $0.amount) })
        recentOrders = profile.recentOrders.map {
            RecentOrder(channel: $0.channel.rawValue, externalID: $0.externalID, status: $0.status.rawValue, at: $0.at,
                        amount: $0.amount, refunded: $0.refunded, items: $0.items)
        }
        recentEvents = profile.recentEvents.map {
            RecentEvent(type: $0.type.rawValue, channel: $0.channel.rawValue, sku: $0.sku, productName: $0.productName,
                        at: $0.at, text: $0.text)
        }
        merges = profile.merges.map(CustomerMergeBody.init)
        self.segment = segment.map(Segment.init)
    }

    static let schema: Schema = .object([
        "id": .int(min: 1),
        "mergedIDs": .array(.int(min: 1)),
        "name": .string(), "nickname": .string(),
        "gender": .oneOf(["female", "male", "unknown"]),
        "birthday": .string(format: "date"),
        "province": .string(), "city": .string(),
        "registeredAt": .instant, "memberSince": .instant,
        "points": .int,
        "tags": .array(.string()),
        "identities": .array(.ref("CustomerIdentity")),
        "orders": .object([
            "count": .int(min: 0), "total": .money, "refunded": .money, "averageOrderValue": .money,
            "firstOrderAt": .instant, "lastOrderAt": .instant, "channels": .array(.string()),
            "topCategories": .array(.object(["category": .string(), "amount": .money], required: ["category", "amount"])),
        ], required: ["count", "total", "refunded", "averageOrderValue", "channels", "topCategories"]),
        "recentOrders": .array(.object([
            "channel": .string(), "externalID": .string(), "status": .oneOf(OrderStatus.allCases.map(\.rawValue)),
            "at": .instant, "amount": .money, "refunded": .money, "items": .string(),
        ], required: ["channel", "externalID", "status", "amount", "refunded", "items"])),
        "recentEvents": .array(.object([
            "type": .oneOf(EventType.allCases.map(\.rawValue)), "channel": .string(), "sku": .string(),
            "productName": .string(), "at": .instant, "text": .string(),
        ], required: ["type", "channel", "at"])),
        "merges": .array(.ref("CustomerMerge")),
        "segment": .object([
            "rfmClass": .oneOf(RFMClass.allCases.map(\.rawValue)), "rfmLabel": .string(), "rfmCode": .string(pattern: "^[1-5]{3}$"),
            "pyramid": .oneOf(PyramidLevel.allCases.map(\.rawValue)), "pyramidLabel": .string(),
            "lifecycle": .oneOf(LifecycleStage.allCases.map(\.rawValue)), "lifecycleLabel": .string(),
            "sleepWarning": .boolean, "recencyDays": .int(min: 0), "frequency": .int(min: 0), "monetary": .money,
            "orders": .int(min: 0), "spend": .money, "firstPurchaseDay": .string(format: "date"),
            "lastPurchaseDay": .string(format: "date"),
        ], required: ["sleepWarning", "frequency", "monetary", "orders", "spend"],
           "The stored segment (SEG-1…SEG-4); absent until segments are computed or when the customer never bought"),
    ], required: ["id", "mergedIDs", "tags", "identities", "orders", "recentOrders", "recentEvents", "merges"])
}

/// One merge: who absorbed whom, through which shared key, and whether it was undone.
struct CustomerMergeBody: Encodable {
    var id: Int64
    var survivor: Int64
    var absorbed: Int64
    var reason: CustomerViewBody.IdentityBody
    var mergedAt: Instant
    var undoneAt: Instant?

    init(_ merge: CustomerProfile.Merge) {
        id = merge.id
        survivor = merge.survivor
        absorbed = merge.absorbed
        reason = .init(merge.reason)
        mergedAt = merge.mergedAt
        undoneAt = merge.undoneAt
    }
}

/// `GET /v1/customers?q=`: one line per customer found.
struct CustomerSummaryBody: Encodable {
    var id: Int64
    var name: String?
    var phone: String?
    var channels: [String]
    var orderCount: Int
    var total: Money
    var lastOrderAt: Instant?

    init(_ summary: CustomerSummary) {
        id = summary.id
        name = summary.name
        phone = summary.phone
        channels = summary.channels.map(\.rawValue)
        orderCount = summary.orderCount
        total = summary.total
        lastOrderAt = summary.lastOrderAt
    }
}

/// `GET /v1/customers/{id}/segments/history`: every move between segments, oldest first.
struct SegmentHistoryBody: Encodable {
    struct Move: Encodable {
        var dimension: String
        var from: String?
        var to: String?
        var at: Instant
    }

    var customerID: Int64
    var changes: [Move]

    init(customerID: Int64, changes: [SegmentChange]) {
        self.customerID = customerID
        self.changes = changes.map { Move(dimension: $0.dimension.rawValue, from: $0.from, to: $0.to, at: $0.at) }
    }
}
