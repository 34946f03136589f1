import Foundation
import Testing
@testable import Regulars

@Suite("AutomationSettings")
struct AutomationSettingsTests {
    @Test func defaultsReadAsText() {
        let settings = AutomationSettings()
        let expected: [String: String] = [
            "quiet_hours": "21:00-09:00", "cap_sms": "2/7d", "cap_email": "3/7d", "cap_wechat_work": "3/7d", "cap_push": "4/7d",
            "cap_all": "4/7d", "consent_required": "email", "rate_sms": "100", "rate_email": "20", "rate_wechat_work": "1",
            "rate_push": "500", "sms_opt_out_suffix": "拒收请回复R", "shop_name": "本店", "smtp_url": "", "mail_from": "",
            "sms_gateway_url": "", "sms_gateway_key": "", "push_gateway_url": "", "push_gateway_key": "", "wechat_work_webhook": "",
            "link_base_url": "http://127.0.0.1:8080", "delivery_max_attempts": "5",
        ]
        #expect(Set(AutomationSettings.keys) == Set(expected.keys))
        for key in AutomationSettings.keys { #expect(settings.value(for: key) == expected[key], "\(key)") }
    }

    @Test func valuesAreReadInTheirUsualForms() throws {
        var settings = AutomationSettings()
        try settings.set("quiet_hours", to: "22:30~08:00")
        try settings.set("cap_sms", to: "1/36h")
        try settings.set("cap_email", to: "2/2w")
        try settings.set("cap_push", to: "none")
        try settings.set("cap_all", to: "6/3天")
        try settings.set("consent_required", to: "邮件，短信")
        try settings.set("rate_wechat_work", to: "2")
        try settings.set("link_base_url", to: "https://crm.shop.example/")
        try settings.set("smtp_url", to: "smtp://care:secret@mail.shop.example:587")
        try settings.set("wechat_work_webhook", to: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
        #expect(settings.policy.quietHours == QuietHours(start: ClockTime(hour: 22, minute: 30, second: 0), end: ClockTime(hour: 8, minute: 0, second: 0)))
        #expect(settings.value(for: "quiet_hours") == "22:30-08:00")
        #expect(settings.policy.channelCaps[.sms] == FrequencyCap(max: 1, windowSeconds: 36 * 3600))
        #expect(settings.value(for: "cap_sms") == "1/36h")
        #expect(settings.value(for: "cap_email") == "2/14d")
        #expect(settings.policy.channelCaps[.push] == nil)
        #expect(settings.value(for: "cap_push") == "none")
        #expect(settings.policy.globalCap == FrequencyCap(max: 6, windowSeconds: 3 * 86_400))
        #expect(settings.value(for: "consent_required") == "sms,email")
        #expect(settings.policy.ratePerSecond[.wechatWork] == 2)
        #expect(settings.endpoints.linkBaseURL == "https://crm.shop.example")
        #expect(settings.endpoints.smtpURL == "smtp://care:secret@mail.shop.example:587")
        #expect(settings.endpoints.wechatWorkWebhookURL?.hasSuffix("key=abc") == true)
    }

    @Test func noneAndEmptyClear() throws {
        var settings = AutomationSettings()
        try settings.set("quiet_hours", to: "none")
        try settings.set("consent_required", to: "none")
        try settings.set("smtp_url", to: "smtp://mail.shop.example")
        try settings.set("smtp_url", to: "")
        #expect(settings.policy.quietHours == nil)
        #expect(settings.value(for: "quiet_hours") == "none")
        #expect(settings.policy.requiresConsent.isEmpty)
        #expect(settings.endpoints.smtpURL == nil)
    }

    @Test(arguments: [
        ("quiet_hours", "25:00-09:00"), ("quiet_hours", "21:00-21:00"), ("quiet_hours", "9pm"), ("cap_sms", "2/7x"),
        ("cap_sms", "-1/7d"), ("cap_sms", "2"), ("cap_all", "none"), ("consent_required", "fax"), ("rate_sms", "0"),
        ("rate_push", "fast"), ("smtp_url", "http://mail.example"), ("smtp_url", "mail.example"),
        ("sms_gateway_url", "ftp://gw.example"), ("link_base_url", "crm"), ("link_base_url", ""), ("mail_from", "care"),
        ("delivery_max_attempts", "0"), ("delivery_max_attempts", "21"), ("sms_opt_out_suffix", " "), ("shop_name", ""),
    ])
    func invalidValuesSayWhatIsExpected(key: String, value: String) {
        var settings = AutomationSettings()
        #expect {
            try settings.set(key, to: value)
        } throws: { error in
            guard case .invalid(let badKey, _, let expected)? = error as? SettingError else { return false }
            return badKey == key && !expected.isEmpty
        }
        #expect(settings == AutomationSettings())
    }

    @Test func anUnknownKeyIsRefused() {
        var settings = AutomationSettings()
        #expect(throws: SettingError.unknownKey("cap_fax")) { try settings.set("cap_fax", to: "1/7d") }
        #expect(settings.value(for: "cap_fax") == nil)
    }

    /// What the store does: write every key's text, read it back into defaults.
    @Test func everyKeyRoundTripsThroughShopSettingsText() throws {
        var changed = ShopSettings()
        for (key, value) in [("quiet_hours", "none"), ("cap_sms", "1/36h"), ("cap_push", "none"), ("cap_all", "9/30d"),
                             ("consent_required", "email,sms"), ("rate_email", "5"), ("sms_opt_out_suffix", "回T退订"),
                             ("shop_name", "小鹿家"), ("mail_from", "小鹿家 <care@deer.example>"),
                             ("sms_gateway_url", "http://127.0.0.1:9000/send"), ("sms_gateway_key", "k1"),
                             ("push_gateway_url", "https://push.example/v1"), ("push_gateway_key", "k2"),
                             ("link_base_url", "https://crm.deer.example"), ("delivery_max_attempts", "8")] {
            try changed.set(key, to: value)
        }
        #expect(changed.automation.shopName == "小鹿家")
        for key in AutomationSettings.keys { #expect(ShopSettings.keys.contains(key)) }
        let table = ShopSettings.keys.compactMap { key in changed.value(for: key).map { (key, $0) } }
        var loaded = ShopSettings()
        for (key, value) in table { try loaded.set(key, to: value) }
        #expect(loaded == changed)
        // Clearing an address is stored as an empty value and read back as unset.
        try changed.set("sms_gateway_url", to: "")
        #expect(changed.value(for: "sms_gateway_url") == "")
        try loaded.set("sms_gateway_url", to: changed.value(for: "sms_gateway_url")!)
        #expect(loaded.automation.endpoints.smsGatewayURL == nil)
    }

    @Test func settingsRoundTripThroughJSON() throws {
        var settings = AutomationSettings()
        try settings.set("cap_push", to: "none")
        try settings.set("mail_from", to: "care@shop.example")
        let decoded = try JSONDecoder().decode(AutomationSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }
}
