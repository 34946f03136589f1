import Foundation
import Hummingbird
import Regulars
import RegularsMessaging
import RegularsStore

/// The outbox as operators and channels see it (AUTO-3 … AUTO-6): messages listed, a template previewed for a
/// customer, delivery receipts and SMS replies from gateways (R/TD/STOP opts out), consent and opt-outs, staff tasks.
enum MessageRoutes {
    static let optOutWords: Set<String> = ["r", "td", "t", "n", "stop", "unsubscribe", "退订", "拒收"]

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/messages", .read, operation: "messages.list", summary: "Outbox messages, newest first",
                 parameters: [.query("journey", .string(minLength: 1), "Only this journey's"),
                              .query("customer", .int(min: 1), "Only this customer's"),
                              .query("status", .oneOf(MessageStatus.allCases.map(\.rawValue)), "Only in this state"),
                              .query("limit", .int(min: 1, max: 1000), "At most this many (default 100)")],
                 responses: [APIResponseDoc(200, "Messages", .object(["messages": .array(.ref("Message"))], required: ["messages"]))]) { call in
            let filter = MessageFilter(journeyID: call.query("journey"), customerID: call.query("customer").flatMap { Int64($0) },
                                       status: call.query("status").flatMap(MessageStatus.init(rawValue:)))
            let limit = try call.query("limit", default: 100, in: 1...1000)
            let messages = try await call.store.messages(filter, limit: limit).map { MessageBody($0, unmask: call.seesPersonalData) }
            return try .json(MessageList(messages: messages))
        },
        APIRoute(.get, "/v1/messages/:id", .read, operation: "messages.get", summary: "One outbox message",
                 parameters: [.path("id", .int(min: 1), "The message's id")],
                 responses: [APIResponseDoc(200, "The message", .ref("Message"))]) { call in
            let id = try call.pathID("id")
            guard let message = try await call.store.message(id: id) else { throw Problem.notFound("no message \(id)") }
            return try .json(MessageBody(message, unmask: call.seesPersonalData))
        },
        APIRoute(.post, "/v1/messages/preview", .read, operation: "messages.preview",
                 summary: "Renders a message template (Mustache) for one customer and says what the contact policy would do",
                 body: .object(["customerID": .int(min: 1), "channels": .array(.oneOf(ContactChannel.allCases.map(\.rawValue)), max: 4, min: 1),
                                "subject": .string(maxLength: 2_000), "body": .string(minLength: 1, maxLength: 20_000),
                                "marketing": .boolean], required: ["customerID", "channels", "body"]),
                 responses: [APIResponseDoc(200, "The rendering", .ref("MessagePreview")),
                             APIResponseDoc(404, "No such customer", .ref("Problem"), contentType: "application/problem+json")]) { call in
            let request = try call.decode(PreviewRequest.self)
            let spec = SendSpec(channels: request.channels, marketing: request.marketing ?? true,
                                variants: [MessageVariant(subject: request.subject, body: request.body)])
            let preview = try await MessagePreview.render(spec, customer: request.customerID, store: call.store,
                                                          settings: try await call.settings(), now: call.now)
            return try .json(preview)
        },
        APIRoute(.post, "/v1/messages/receipts", .write, operation: "messages.receipt",
                 summary: "A channel's delivery receipt (by our message id or the provider's id)",
                 body: .object(["messageID": .int(min: 1), "providerID": .string(minLength: 1, maxLength: 200),
                                "status": .oneOf(["delivered", "failed"]), "detail": .string(maxLength: 500)],
                               required: ["status"]),
                 responses: [APIResponseDoc(200, "Recorded", .object(["recorded": .boolean], required: ["recorded"])),
                             APIResponseDoc(404, "No such message", .ref("Problem"), contentType: "application/problem+json")]) { call in
            let receipt = try call.decode(ReceiptRequest.self)
            guard receipt.messageID != nil || receipt.providerID != nil else {
                throw Problem.invalid(at: "", "give messageID or providerID")
            }
            let known = try await call.store.recordReceipt(messageID: receipt.messageID, providerID: receipt.providerID,
                                                           delivered: receipt.status == "delivered", detail: receipt.detail, at: call.now)
            guard known else { throw Problem.notFound("no such message") }
            return try .json(["recorded": true], target: "message:\(receipt.messageID.map(String.init) ?? receipt.providerID ?? "")")
        },
        APIRoute(.post, "/v1/messages/replies", .write, operation: "messages.reply",
                 summary: "An SMS reply from a gateway: R, TD, STOP, 退订 … opt the phone's customers out of SMS",
                 body: .object(["phone": .string(minLength: 1, maxLength: 40), "text": .string(maxLength: 1_000)],
                               required: ["phone", "text"]),
                 responses: [APIResponseDoc(200, "Read", .object(["optedOut": .array(.int(min: 1))], required: ["optedOut"]))]) { call in
            let reply = try call.decode(ReplyRequest.self)
            let word = reply.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard optOutWords.contains(word) else { return try .json(["optedOut": [Int64]()]) }
            do {
                let customers = try await call.store.optOut(phone: reply.phone, channel: .sms, source: "sms reply '\(reply.text)'", at: call.now)
                return try .json(["optedOut": customers], target: "phone-opt-out")
            } catch StoreError.invalid(let problem) {
                throw Problem.invalid(at: "/phone", problem)
            }
        },
        APIRoute(.put, "/v1/customers/:id/contact-preferences", .write, operation: "contacts.setPreference",
                 summary: "Records a customer's consent or opt-out for a channel (or all channels); opt-outs also stop queued messages",
                 parameters: [.path("id", .int(min: 1), "The customer's id")],
                 body: .object(["channel": .oneOf(ContactChannel.allCases.map(\.rawValue) + ["all"]),
                                "preference": .oneOf(["consented", "opted_out"])], required: ["channel", "preference"]),
                 responses: [APIResponseDoc(200, "Recorded", .ref("ContactPreferences"))]) { call in
            let id = try call.pathID("id")
            let request = try call.decode(PreferenceRequest.self)
            try await call.store.setContactPreference(customer: id, channel: ContactChannel(rawValue: request.channel),
                                                      request.preference, source: "api", at: call.now)
            return try .json(try await preferences(id, call.store), target: "customer:\(id)")
        },
        APIRoute(.get, "/v1/customers/:id/contact-preferences", .read, operation: "contacts.getPreferences",
                 summary: "A customer's consents and opt-outs", parameters: [.path("id", .int(min: 1), "The customer's id")],
                 responses: [APIResponseDoc(200, "Preferences", .ref("ContactPreferences"))]) { call in
            try .json(try await preferences(try call.pathID("id"), call.store))
        },
        APIRoute(.get, "/v1/tasks", .read, operation: "tasks.list", summary: "Follow-up tasks for service staff, soonest due first",
                 parameters: [.query("open", .oneOf(["true", "false"]), "Only open ones (default true)")],
                 responses: [APIResponseDoc(200, "Tasks", .object(["tasks": .array(.object([
                     "id": .int(min: 1), "customerID": .int(min: 1), "journeyID": .string(), "title": .string(),
                     "dueAt": .instant, "open": .boolean, "createdAt": .instant],
                     required: ["id", "customerID", "title", "dueAt", "open", "createdAt"]))], required: ["tasks"]))]) { call in
            let tasks = try await call.store.staffTasks(openOnly: call.query("open") != "false", limit: 1000)
            return try .json(["tasks": tasks])
        },
    ]

    static let schemas: [String: Schema] = [
        "Message": .object([
            "id": .int(min: 1), "customerID": .int(min: 1), "journeyID": .string(), "stepID": .string(), "campaign": .string(),
            "channel": .oneOf(ContactChannel.allCases.map(\.rawValue)), "recipient": .string(), "subject": .string(),
            "body": .string(), "variant": .string(), "marketing": .boolean, "link": .string(),
            "status": .oneOf(MessageStatus.allCases.map(\.rawValue)), "attempts": .int(min: 0), "nextAttemptAt": .instant,
            "lastError": .string(), "providerID": .string(), "createdAt": .instant, "sentAt": .instant,
            "deliveredAt": .instant, "openedAt": .instant, "clickedAt": .instant,
        ], required: ["id", "customerID", "channel", "recipient", "body", "variant", "marketing", "status", "attempts", "createdAt"]),
        "MessagePreview": .object([
            "customerID": .int(min: 1), "decision": .string("send, send after quiet hours, or held back and why"),
            "channel": .oneOf(ContactChannel.allCases.map(\.rawValue)), "sendAt": .instant, "recipient": .string(),
            "subject": .string(), "body": .string(),
        ], required: ["customerID", "decision"]),
        "ContactPreferences": .object([
            "customerID": .int(min: 1),
            "preferences": .array(.object(["channel": .string(), "preference": .oneOf(["consented", "opted_out"]), "at": .instant],
                                          required: ["channel", "preference", "at"])),
        ], required: ["customerID", "preferences"]),
    ]

    private static func preferences(_ customer: Int64, _ store: any ServerStore) async throws -> PreferencesBody {
        let rows = try await store.contactPreferences(customer: customer)
        return PreferencesBody(customerID: customer, preferences: rows.map {
            PreferencesBody.Row(channel: $0.channel?.rawValue ?? "all", preference: $0.preference.rawValue, at: $0.at)
        })
    }

    struct PreviewRequest: Decodable {
        var customerID: Int64
        var channels: [ContactChannel]
        var subject: String?
        var body: String
        var marketing: Bool?
    }

    struct ReceiptRequest: Decodable {
        var messageID: Int64?
        var providerID: String?
        var status: String
        var detail: String?
    }

    struct ReplyRequest: Decodable {
        var phone: String
        var text: String
    }

    struct PreferenceRequest: Decodable {
        var channel: String
        var preference: ContactPreference
    }

    struct MessageList: Encodable { var messages: [MessageBody] }

    struct PreferencesBody: Encodable {
        struct Row: Encodable {
            var channel: String
            var preference: String
            var at: Instant
        }
        var customerID: Int64
        var preferences: [Row]
    }
}

/// A message as the API shows it; analysts see the recipient masked.
struct MessageBody: Encodable {
    var id: Int64
    var customerID: Int64
    var journeyID: String?
    var stepID: String?
    var campaign: String?
    var channel: ContactChannel
    var recipient: String
    var subject: String?
    var body: String
    var variant: String
    var marketing: Bool
    var link: String?
    var status: MessageStatus
    var attempts: Int
    var nextAttemptAt: Instant?
    var lastError: String?
    var providerID: String?
    var createdAt: Instant
    var sentAt: Instant?
    var deliveredAt: Instant?
    var openedAt: Instant?
    var clickedAt: Instant?

    init(_ message: OutboxMessage, unmask: Bool) {
        id = message.id
        customerID = message.customerID
        journeyID = message.journeyID
        stepID = message.stepID
        campaign = message.campaign
        channel = message.channel
        recipient = unmask ? message.recipient : String(message.recipient.prefix(3)) + "****"
        subject = message.subject
        body = message.body
        variant = message.variant
        marketing = message.marketing
        link = message.link
        status = message.status
        attempts = message.attempts
        nextAttemptAt = message.nextAttemptAt
        lastError = message.lastError
        providerID = message.providerID
        createdAt = message.createdAt
        sentAt = message.sentAt
        deliveredAt = message.deliveredAt
        openedAt = message.openedAt
        clickedAt = message.clickedAt
    }
}
