import AsyncHTTPClient
import Regulars
import RegularsMessaging
import Testing

/// Building the adapters from the settings, and refusing settings that cannot work.
@Suite struct ChannelSetTests {
    @Test func onlyConfiguredChannelsAreAvailable() throws {
        let none = try ChannelSet(endpoints: ChannelEndpoints(), httpClient: .shared)
        #expect(none.available.isEmpty)
        #expect(none.adapter(for: .email) == nil)

        let some = try ChannelSet(endpoints: ChannelEndpoints(smtpURL: "smtp://relay.local", mailFrom: "care@shop.example",
                                                              smsGatewayURL: "https://sms.example/send", smsGatewayKey: "k",
                                                              wechatWorkWebhookURL: "  "),
                                  httpClient: .shared)
        #expect(some.available == [.email, .sms], "a blank webhook counts as not set up")
        #expect(some.adapter(for: .email) is SMTPMailer)
        #expect(some.adapter(for: .sms)?.channel == .sms)
        #expect(some.adapter(for: .push) == nil)

        let all = try ChannelSet(endpoints: ChannelEndpoints(smtpURL: "smtp://relay.local", mailFrom: "care@shop.example",
                                                             smsGatewayURL: "http://sms.local/send",
                                                             pushGatewayURL: "http://push.local/send",
                                                             wechatWorkWebhookURL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"),
                                 httpClient: .shared)
        #expect(all.available == Set(ContactChannel.allCases))
        for channel in ContactChannel.allCases {
            #expect(all.adapter(for: channel)?.channel == channel)
        }
    }

    @Test func invalidSettingsFailAtConstruction() {
        #expect(throws: ChannelSetupError.invalidURL(setting: "smsGatewayURL", value: "ftp://sms.local",
                                                     reason: "the scheme must be http:// or https://")) {
            try ChannelSet(endpoints: ChannelEndpoints(smsGatewayURL: "ftp://sms.local"), httpClient: .shared)
        }
        #expect(throws: ChannelSetupError.invalidURL(setting: "wechatWorkWebhookURL", value: "https:///send", reason: "no host")) {
            try ChannelSet(endpoints: ChannelEndpoints(wechatWorkWebhookURL: "https:///send"), httpClient: .shared)
        }
        #expect(throws: ChannelSetupError.missingSetting(setting: "mailFrom", channel: "e-mail (smtpURL is set)")) {
            try ChannelSet(endpoints: ChannelEndpoints(smtpURL: "smtp://relay.local"), httpClient: .shared)
        }
        #expect(throws: ChannelSetupError.invalidAddress(setting: "mailFrom", value: "小店 <care at shop>",
                                                         reason: "only printable ASCII without spaces is accepted")) {
            try ChannelSet(endpoints: ChannelEndpoints(smtpURL: "smtp://relay.local", mailFrom: "小店 <care at shop>"), httpClient: .shared)
        }
    }

    @Test func smtpURLParsingAndRedaction() throws {
        let full = try SMTPServerAddress(url: "smtp://care%40shop.example:p%40ss:w@mail.local:2525")
        #expect(full == SMTPServerAddress(host: "mail.local", port: 2525, user: "care@shop.example", password: "p@ss:w"))
        #expect(try SMTPServerAddress(url: "smtp://relay.local") == SMTPServerAddress(host: "relay.local", port: 25))

        #expect(throws: ChannelSetupError.invalidURL(setting: "smtpURL", value: "smtps://u:***@relay.local",
                                                     reason: "the scheme must be smtp:// (TLS is left to a local relay)")) {
            try SMTPServerAddress(url: "smtps://u:secret@relay.local")
        }
        #expect(throws: ChannelSetupError.invalidURL(setting: "smtpURL", value: "smtp://relay.local:70000",
                                                     reason: "port 70000 is out of range")) {
            try SMTPServerAddress(url: "smtp://relay.local:70000")
        }
        let error = ChannelSetupError.invalidURL(setting: "smtpURL", value: "smtp://u:***@h", reason: "x")
        #expect(error.description == "channel setting smtpURL 'smtp://u:***@h' is not a usable URL: x")
    }

    @Test func mailAddressForms() {
        #expect(MailAddress(parsing: "care@shop.example") == MailAddress(address: "care@shop.example"))
        #expect(MailAddress(parsing: "<care@shop.example>") == MailAddress(address: "care@shop.example"))
        #expect(MailAddress(parsing: " 回头客小店 <care@shop.example> ") == MailAddress(displayName: "回头客小店", address: "care@shop.example"))
        #expect(MailAddress(parsing: #""Shop, Inc." <care@shop.example>"#) == MailAddress(displayName: "Shop, Inc.", address: "care@shop.example"))
        #expect(MailAddress(parsing: "care@shop..example") == nil)
        #expect(MailAddress(parsing: "a@b@c") == nil)
        #expect(MailAddress(parsing: "no-at-sign") == nil)
        #expect(MailAddress(parsing: "Name <>") == nil)
    }
}
