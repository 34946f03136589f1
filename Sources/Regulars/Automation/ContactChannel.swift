/// A way of reaching a customer. Every adapter (SMTP, SMS gateway, WeChat Work robot, push gateway) serves one.
public enum ContactChannel: String, Sendable, Codable, CaseIterable, Comparable {
    case sms
    case email
    case wechatWork = "wechat_work"
    case push

    /// Accepts the English names and the words operators use (短信, 邮件, 企业微信, 推送).
    public init?(parsing raw: String) {
        let word = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let known = ContactChannel(rawValue: word) { self = known; return }
        switch word {
        case "短信", "text": self = .sms
        case "邮件", "e-mail", "mail": self = .email
        case "企业微信", "企微", "wecom", "wechat-work", "wework": self = .wechatWork
        case "推送", "app", "app_push", "app-push": self = .push
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .sms: return "短信"
        case .email: return "邮件"
        case .wechatWork: return "企业微信"
        case .push: return "推送"
        }
    }

    public static func < (lhs: ContactChannel, rhs: ContactChannel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
