/// Where each channel's adapter sends (settings; nil: the channel is not set up and is skipped).
public struct ChannelEndpoints: Sendable, Equatable, Codable {
    /// `smtp://user:password@host:port` (user and password optional).
    public var smtpURL: String?
    /// The From address of e-mail, e.g. `小店 <care@shop.example>`.
    public var mailFrom: String?
    /// The SMS gateway's send URL (POST JSON) and its API key.
    public var smsGatewayURL: String?
    public var smsGatewayKey: String?
    /// The app-push gateway's send URL (POST JSON) and its API key.
    public var pushGatewayURL: String?
    public var pushGatewayKey: String?
    /// A WeChat Work group robot's webhook (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`).
    public var wechatWorkWebhookURL: String?
    /// The public address of `regulars serve`, for short links (`/c/{token}`) and the open pixel.
    public var linkBaseURL: String

    public init(smtpURL: String? = nil, mailFrom: String? = nil, smsGatewayURL: String? = nil, smsGatewayKey: String? = nil,
                pushGatewayURL: String? = nil, pushGatewayKey: String? = nil, wechatWorkWebhookURL: String? = nil,
                linkBaseURL: String = "http://127.0.0.1:8080") {
        self.smtpURL = smtpURL
        self.mailFrom = mailFrom
        self.smsGatewayURL = smsGatewayURL
        self.smsGatewayKey = smsGatewayKey
        self.pushGatewayURL = pushGatewayURL
        self.pushGatewayKey = pushGatewayKey
        self.wechatWorkWebhookURL = wechatWorkWebhookURL
        self.linkBaseURL = linkBaseURL
    }
}
