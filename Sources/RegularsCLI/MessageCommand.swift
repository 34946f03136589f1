import ArgumentParser
import Foundation
import Regulars
import RegularsMessaging
import RegularsStore

/// `regulars message preview|list` and `regulars contact opt-out|consent`.
struct MessageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Preview a message template for a customer, or list the outbox.",
        subcommands: [Preview.self, List.self])

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a journey step's message (or a --body template) for a customer, with the contact policy's answer.",
            discussion: "Examples: regulars message preview 13800138000 --journey birthday-care --step greet · regulars message preview 42 --channel sms --body '{{name}}您好'")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Option(help: "A journey's id (with --step).") var journey: String?
        @Option(help: "The step's id in the journey.") var step: String?
        @Option(help: "A Mustache template instead of a journey step.") var body: String?
        @Option(help: "The subject (e-mail, push) for --body.") var subject: String?
        @Option(help: "Channels to try in order, for --body: sms,email,wechat_work,push.") var channel = "sms"
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (journey != nil && step != nil && body == nil) || (body != nil && journey == nil) else {
                throw ValidationError("give --journey and --step, or --body")
            }
        }

        func run() async throws {
            let store = try store.open()
            let customerID = try await CustomerLookup.id(customer, in: store)
            let spec: SendSpec
            if let journey, let step {
                guard let stored = try await store.journey(id: journey) else { throw CommandFailure("no journey '\(journey)'") }
                guard let found = stored.definition.steps.first(where: { $0.id == step }), case .send(let send) = found.action else {
                    throw CommandFailure("journey '\(journey)' has no message step '\(step)'; its steps: \(stored.definition.steps.map(\.id).joined(separator: ", "))")
                }
                spec = send
            } else {
                var channels: [ContactChannel] = []
                for name in channel.split(separator: ",") {
                    guard let parsed = ContactChannel(parsing: String(name)) else { throw CommandFailure("unknown channel '\(name)'") }
                    channels.append(parsed)
                }
                spec = SendSpec(channels: channels, variants: [MessageVariant(subject: subject, body: body!)])
            }
            for variant in spec.variants {
                let single = SendSpec(channels: spec.channels, marketing: spec.marketing, variants: [variant], link: spec.link)
                let preview = try await MessagePreview.render(single, customer: customerID, store: store,
                                                              settings: try await store.loadSettings(), now: currentInstant())
                print("variant \(variant.name): \(preview.decision)\(preview.channel.map { " · \($0.label) \($0.rawValue)" } ?? "")\(preview.recipient.map { " → \($0)" } ?? "")")
                if let subject = preview.subject { print("  subject: \(subject)") }
                if let body = preview.body { print("  " + body.replacingOccurrences(of: "\n", with: "\n  ")) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List outbox messages, newest first.")
        @Option(help: "Only this journey's.") var journey: String?
        @Option(help: "Only this customer's (id).") var customer: Int64?
        @Option(help: "Only in this state: queued, sending, sent, delivered, failed, dead.") var status: String?
        @Option(help: "At most this many.") var limit = 50
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let status, MessageStatus(rawValue: status) == nil {
                throw ValidationError("--status must be one of \(MessageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let messages = try await store.open().messages(
                MessageFilter(journeyID: journey, customerID: customer, status: status.flatMap(MessageStatus.init(rawValue:))), limit: limit)
            if output.json { return try printJSON(messages) }
            for message in messages {
                let origin = message.journeyID.map { "\($0)/\(message.stepID ?? "")" } ?? message.campaign ?? ""
                print("\(message.id)\t\(message.status.label)\t\(message.channel.rawValue)\t\(message.recipient)\t\(origin)\t\(message.body.prefix(60))")
            }
        }
    }
}

struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Record a customer's consent or opt-out (always honoured by every journey and campaign).",
        subcommands: [OptOut.self, Consent.self])

    struct OptOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "opt-out", abstract: "The customer wants no more messages (on --channel, or at all).")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Option(help: "Only this channel: sms, email, wechat_work, push.") var channel: String?
        @OptionGroup var store: StoreOptions

        func run() async throws { try await ContactCommand.record(customer, channel, .optedOut, store) }
    }

    struct Consent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The customer agreed to be contacted on a channel (needed where the policy requires consent).")
        @Argument(help: "A customer id, phone or account.") var customer: String
        @Option(help: "The channel: sms, email, wechat_work, push.") var channel: String
        @OptionGroup var store: StoreOptions

        func run() async throws { try await ContactCommand.record(customer, channel, .consented, store) }
    }

    static func record(_ customer: String, _ channelName: String?, _ preference: ContactPreference, _ options: StoreOptions) async throws {
        var channel: ContactChannel?
        if let channelName {
            guard let parsed = ContactChannel(parsing: channelName) else { throw CommandFailure("unknown channel '\(channelName)'") }
            channel = parsed
        }
        let store = try options.open()
        let id = try await CustomerLookup.id(customer, in: store)
        try await store.setContactPreference(customer: id, channel: channel, preference, source: "cli", at: currentInstant())
        print("customer \(id): \(preference.rawValue) \(channel?.rawValue ?? "all channels")")
    }
}
