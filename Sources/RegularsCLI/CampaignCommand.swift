import ArgumentParser
import Foundation
import Regulars
import RegularsMessaging
import RegularsStore

/// `regulars campaign send`: one message to an audience, planned through the contact policy into the outbox.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Campaigns (群发): one message to an audience through the contact policy into the outbox.",
        subcommands: [Send.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a campaign: each customer of the audience gets one message (or is held back by the policy, with the reason).",
            discussion: """
                Example: regulars campaign send --id double-11 --audience "pyramid = 潜力" --channel sms \\
                  --body '{{name}}您好，双11券码{{coupon_code}}，戳 {{short_link}}' --coupon-code D11 \\
                  --variant-b '{{name}}，双11回馈券{{coupon_code}}已到账 {{short_link}}'
                Sending the same --id again writes nothing twice: customers already planned are skipped, newcomers are planned.
                Messages wait in the outbox; `regulars serve` (or `regulars automation run`) delivers them.
                """)
        @Option(help: "The campaign's id, a slug such as double-11: one message per customer per id.") var id: String
        @Option(help: "The name operators see (default: the id).") var name: String?
        @Option(help: "A saved audience's name, or a query in the audience language.") var audience: String
        @Option(help: "Channels to try in order: sms,email,wechat_work,push.") var channel = "sms"
        @Option(help: "The message (Mustache): {{name}} {{last_product}} {{tier}} {{coupon_code}} {{short_link}} {{shop}}.") var body: String
        @Option(help: "The subject (e-mail, push title).") var subject: String?
        @Option(help: "A second variant's body: customers are split half and half (A/B), each always on the same one.") var variantB: String?
        @Option(help: "The second variant's subject (default: --subject).") var subjectB: String?
        @Option(help: "{{coupon_code}} for everyone (a shared code).") var couponCode: String?
        @Option(help: "Where {{short_link}} leads (default: the shop's link_base_url).") var link: String?
        @Flag(help: "A service message (no opt-out words, not held to the frequency caps; opt-outs and quiet hours still apply).")
        var service = false
        @Flag(help: "Plan for every channel, also those not set up yet (their messages wait in the outbox).") var allChannels = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard CampaignPlan.isValidID(id) else { throw ValidationError(CampaignError.invalidID(id).description) }
            if subjectB != nil, variantB == nil { throw ValidationError("--subject-b needs --variant-b") }
        }

        func run() async throws {
            var channels: [ContactChannel] = []
            for word in channel.split(separator: ",") {
                guard let parsed = ContactChannel(parsing: String(word)) else {
                    throw CommandFailure("unknown channel '\(word)' (sms, email, wechat_work, push)")
                }
                if !channels.contains(parsed) { channels.append(parsed) }
            }
            var variants = [MessageVariant(name: "A", subject: subject, body: body)]
            if let variantB { variants.append(MessageVariant(name: "B", subject: subjectB ?? subject, body: variantB)) }
            let plan = CampaignPlan(id: id, name: name ?? id,
                                    spec: SendSpec(channels: channels, marketing: !service, variants: variants, link: link),
                                    couponCode: couponCode)

            let store = try store.open()
            let settings = try await store.loadSettings()
            let now = currentInstant()
            let (_, query) = try await AudienceTarget.resolve(audience, store: store)
            let members = try await AudienceSnapshot.load(store, settings: settings, now: now).members(query)
            let setUp = try allChannels ? Set(ContactChannel.allCases) : ChannelSet(endpoints: settings.automation.endpoints).available
            let report: CampaignReport
            do {
                report = try await store.planCampaign(plan, customers: members, settings: settings.automation,
                                                      calendar: settings.calendar, channels: setUp, now: now)
            } catch let error as CampaignError {
                throw CommandFailure(error.description)
            }
            if output.json { return try printJSON(CampaignReportJSON(report, name: plan.name)) }
            print(CampaignText.summary(report, name: plan.name, calendar: settings.calendar, now: now))
            if setUp.isDisjoint(with: channels) {
                print("None of \(channels.map(\.rawValue).joined(separator: ", ")) is set up (settings sms_gateway_url, smtp_url, wechat_work_webhook, push_gateway_url), so customers were held back as unreachable; --all-channels plans for those channels anyway (their messages wait in the outbox).")
            }
        }
    }
}

enum CampaignText {
    static func summary(_ report: CampaignReport, name: String, calendar: ShopCalendar, now: Instant) -> String {
        var lines = ["campaign \(report.campaign) (\(name)): \(report.customers) customers → queued 写入发件箱 \(report.queued), "
            + "held back 被策略拦下 \(report.heldBackTotal), already planned 已计划 \(report.alreadyPlanned) in "
            + String(format: "%.2f s", report.seconds)]
        if report.queued > 0 {
            let channels = report.byChannel.sorted { $0.key < $1.key }.map { "\($0.key.label) \($0.value)" }
            let variants = report.byVariant.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("  " + channels.joined(separator: ", ") + " · variants " + variants.joined(separator: ", ") + " · "
                + (report.sendAt > now ? "waits for the end of quiet hours: \(calendar.format(report.sendAt))" : "goes out now"))
        }
        for (reason, count) in report.heldBack.sorted(by: { $0.value > $1.value }) {
            lines.append("  held back \(reason.label) (\(reason.rawValue)): \(count)")
        }
        if report.unknown > 0 { lines.append("  \(report.unknown) ids are not in the store") }
        return lines.joined(separator: "\n")
    }
}

struct CampaignReportJSON: Encodable {
    var campaign: String
    var name: String
    var customers: Int
    var queued: Int
    var heldBack: [String: Int]
    var alreadyPlanned: Int
    var unknown: Int
    var byChannel: [String: Int]
    var byVariant: [String: Int]
    var sendAt: String
    var seconds: Double

    init(_ report: CampaignReport, name: String) {
        campaign = report.campaign
        self.name = name
        customers = report.customers
        queued = report.queued
        heldBack = Dictionary(uniqueKeysWithValues: report.heldBack.map { ($0.key.rawValue, $0.value) })
        alreadyPlanned = report.alreadyPlanned
        unknown = report.unknown
        byChannel = Dictionary(uniqueKeysWithValues: report.byChannel.map { ($0.key.rawValue, $0.value) })
        byVariant = report.byVariant
        sendAt = report.sendAt.description
        seconds = report.seconds
    }
}
