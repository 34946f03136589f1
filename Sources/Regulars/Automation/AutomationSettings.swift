import Foundation

/// Automation settings with their defaults: the contact policy, where each channel sends, and the message furniture.
/// Unset addresses read as an empty value, so clearing one is stored like any other setting.
public struct AutomationSettings: Sendable, Equatable, Codable {
    public var policy = ContactPolicy()
    public var endpoints = ChannelEndpoints()
    /// Appended to marketing SMS (`OptOutSuffix`).
    public var smsOptOutSuffix = "拒收请回复R"
    /// `{{shop}}` in messages.
    public var shopName = "本店"
    /// Delivery attempts before a message is dead-lettered.
    public var maxAttempts = 5

    public init() {}

    public static let keys = [
        "quiet_hours", "cap_sms", "cap_email", "cap_wechat_work", "cap_push", "cap_all", "consent_required",
        "rate_sms", "rate_email", "rate_wechat_work", "rate_push", "sms_opt_out_suffix", "shop_name",
        "smtp_url", "mail_from", "sms_gateway_url", "sms_gateway_key", "push_gateway_url", "push_gateway_key",
        "wechat_work_webhook", "link_base_url", "delivery_max_attempts",
    ]

    public func value(for key: String) -> String? {
        if let channel = Self.channel(in: key, prefix: "cap_") { return policy.channelCaps[channel]?.text ?? "none" }
        if let channel = Self.channel(in: key, prefix: "rate_") { return String(policy.rate(for: channel)) }
        switch key {
        case "quiet_hours": return policy.quietHours?.text ?? "none"
        case "cap_all": return policy.globalCap.text
        case "consent_required":
            return policy.requiresConsent.isEmpty ? "none" : policy.requiresConsent.sorted().map(\.rawValue).joined(separator: ",")
        case "sms_opt_out_suffix": return smsOptOutSuffix
        case "shop_name": return shopName
        case "smtp_url": return endpoints.smtpURL ?? ""
        case "mail_from": return endpoints.mailFrom ?? ""
        case "sms_gateway_url": return endpoints.smsGatewayURL ?? ""
        case "sms_gateway_key": return endpoints.smsGatewayKey ?? ""
        case "push_gateway_url": return endpoints.pushGatewayURL ?? ""
        case "push_gateway_key": return endpoints.pushGatewayKey ?? ""
        case "wechat_work_webhook": return endpoints.wechatWorkWebhookURL ?? ""
        case "link_base_url": return endpoints.linkBaseURL
        case "delivery_max_attempts": return String(maxAttempts)
        default: return nil
        }
    }

    /// Sets one setting from text, or says what is expected.
    public mutating func set(_ key: String, to value: String) throws(SettingError) {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let channel = Self.channel(in: key, prefix: "cap_") {
            if text == "none" { policy.channelCaps[channel] = nil; return }
            policy.channelCaps[channel] = try Self.cap(key, text)
            return
        }
        if let channel = Self.channel(in: key, prefix: "rate_") {
            guard let rate = Int(text), (1...100_000).contains(rate) else {
                throw .invalid(key: key, value: value, expected: "messages per second, a whole number from 1 to 100000")
            }
            policy.ratePerSecond[channel] = rate
            return
        }
        switch key {
        case "quiet_hours":
            if text == "none" || text.isEmpty { policy.quietHours = nil; return }
            guard let hours = QuietHours(text: text) else {
                throw .invalid(key: key, value: value, expected: "two different shop-time clock times such as 21:00-09:00, or none")
            }
            policy.quietHours = hours
        case "cap_all":
            policy.globalCap = try Self.cap(key, text)
        case "consent_required":
            policy.requiresConsent = try Self.channels(key, text)
        case "sms_opt_out_suffix":
            guard !text.isEmpty else { throw .invalid(key: key, value: value, expected: "the opt-out words marketing SMS end with, such as 拒收请回复R") }
            smsOptOutSuffix = text
        case "shop_name":
            guard !text.isEmpty else { throw .invalid(key: key, value: value, expected: "the shop's name as messages show it, such as 本店") }
            shopName = text
        case "smtp_url":
            guard text.isEmpty || Self.isURL(text, schemes: ["smtp", "smtps"]) else {
                throw .invalid(key: key, value: value, expected: "smtp://user:password@host:587 (or smtps://…), or empty")
            }
            endpoints.smtpURL = text.isEmpty ? nil : text
        case "mail_from":
            guard text.isEmpty || (text.contains("@") && !text.hasPrefix("@") && !text.hasSuffix("@")) else {
                throw .invalid(key: key, value: value, expected: "an e-mail address such as 小店 <care@shop.example>, or empty")
            }
            endpoints.mailFrom = text.isEmpty ? nil : text
        case "sms_gateway_url": endpoints.smsGatewayURL = try Self.httpURL(key, value, text)
        case "push_gateway_url": endpoints.pushGatewayURL = try Self.httpURL(key, value, text)
        case "wechat_work_webhook": endpoints.wechatWorkWebhookURL = try Self.httpURL(key, value, text)
        case "sms_gateway_key": endpoints.smsGatewayKey = text.isEmpty ? nil : text
        case "push_gateway_key": endpoints.pushGatewayKey = text.isEmpty ? nil : text
        case "link_base_url":
            guard Self.isURL(text, schemes: ["http", "https"]) else {
                throw .invalid(key: key, value: value, expected: "the public http(s) address of regulars serve, such as https://crm.shop.example")
            }
            endpoints.linkBaseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        case "delivery_max_attempts":
            guard let attempts = Int(text), (1...20).contains(attempts) else {
                throw .invalid(key: key, value: value, expected: "a whole number from 1 to 20")
            }
            maxAttempts = attempts
        default:
            throw .unknownKey(key)
        }
    }

    /// The channel a `cap_…` or `rate_…` key names (`cap_all` names none).
    private static func channel(in key: String, prefix: String) -> ContactChannel? {
        guard key.hasPrefix(prefix) else { return nil }
        return ContactChannel(rawValue: String(key.dropFirst(prefix.count)))
    }

    private static func cap(_ key: String, _ text: String) throws(SettingError) -> FrequencyCap {
        guard let cap = FrequencyCap(text: text) else {
            throw .invalid(key: key, value: text, expected: "messages per window such as 2/7d (h hours, d days, w weeks)"
                + (key == "cap_all" ? "" : ", or none"))
        }
        return cap
    }

    private static func channels(_ key: String, _ text: String) throws(SettingError) -> Set<ContactChannel> {
        if text == "none" || text.isEmpty { return [] }
        var channels: Set<ContactChannel> = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "，" }) {
            guard let channel = ContactChannel(parsing: String(part)) else {
                throw .invalid(key: key, value: text, expected: "none, or a comma list of sms, email, wechat_work, push")
            }
            channels.insert(channel)
        }
        return channels
    }

    private static func httpURL(_ key: String, _ value: String, _ text: String) throws(SettingError) -> String? {
        if text.isEmpty { return nil }
        guard isURL(text, schemes: ["http", "https"]) else {
            throw .invalid(key: key, value: value, expected: "an http:// or https:// address, or empty")
        }
        return text
    }

    private static func isURL(_ text: String, schemes: Set<String>) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              schemes.contains(scheme), let host = components.host, !host.isEmpty else { return false }
        return true
    }
}
