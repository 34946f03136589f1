import Foundation
import AsyncHTTPClient
import NIOCore
import NIOPosix
import Regulars

/// The adapters for the channels the shop has set up; a channel whose endpoint is empty is absent.
public struct ChannelSet: Sendable {
    private let adapters: [ContactChannel: any ChannelAdapter]

    /// Builds every configured adapter; a bad URL or address fails here rather than at the first send.
    public init(endpoints: ChannelEndpoints, httpClient: HTTPClient = .shared,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                timeout: Duration = .seconds(10),
                unsubscribeLink: (@Sendable (OutgoingMessage) -> String?)? = nil) throws(ChannelSetupError) {
        var adapters: [any ChannelAdapter] = []
        if let smtpURL = Self.present(endpoints.smtpURL) {
            guard let mailFrom = Self.present(endpoints.mailFrom) else {
                throw .missingSetting(setting: "mailFrom", channel: "e-mail (smtpURL is set)")
            }
            adapters.append(try SMTPMailer(smtpURL: smtpURL, mailFrom: mailFrom, eventLoopGroup: eventLoopGroup,
                                           timeout: timeout, unsubscribeLink: unsubscribeLink))
        }
        if let url = Self.present(endpoints.smsGatewayURL) {
            adapters.append(try SMSGateway(url: url, apiKey: endpoints.smsGatewayKey, httpClient: httpClient, timeout: timeout))
        }
        if let url = Self.present(endpoints.wechatWorkWebhookURL) {
            adapters.append(try WeChatWorkRobot(webhookURL: url, httpClient: httpClient, timeout: timeout))
        }
        if let url = Self.present(endpoints.pushGatewayURL) {
            adapters.append(try PushGateway(url: url, apiKey: endpoints.pushGatewayKey, httpClient: httpClient, timeout: timeout))
        }
        self.init(adapters: adapters)
    }

    /// A set of given adapters (the last one wins when two serve the same channel).
    public init(adapters: [any ChannelAdapter]) {
        var byChannel: [ContactChannel: any ChannelAdapter] = [:]
        for adapter in adapters {
            byChannel[adapter.channel] = adapter
        }
        self.adapters = byChannel
    }

    public func adapter(for channel: ContactChannel) -> (any ChannelAdapter)? {
        adapters[channel]
    }

    /// The channels that can send.
    public var available: Set<ContactChannel> { Set(adapters.keys) }

    private static func present(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}
