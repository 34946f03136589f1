import Foundation
import Hummingbird
import Regulars

/// Open routes that messages link to: the short link (`/c/{token}`) counts the click and redirects; the e-mail open
/// pixel (`/o/{token}`) counts the open. Tokens are 12 characters, at least 11 of them random (a campaign batch shares
/// the first, which keeps its inserts local in the token index), so one cannot be guessed from another.
enum TrackingRoutes {
    static let token = APIParameter.path("token", .string(pattern: "^[0-9A-Za-z]{1,40}$"), "The message's token")
    /// A transparent 1×1 GIF.
    static let pixel = Data([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
                             0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
                             0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B])

    static let routes: [APIRoute] = [
        APIRoute(.get, "/c/:token", .open, operation: "tracking.click",
                 summary: "A message's short link: counts the click and redirects to the message's link",
                 parameters: [token],
                 responses: [APIResponseDoc(302, "To the message's link", nil),
                             APIResponseDoc(200, "The message had no link: a page with the shop's name", .string(), contentType: "text/html")]) { call in
            guard let message = try await call.store.recordClick(token: try call.path("token"), at: call.now) else {
                throw Problem.notFound("no such link")
            }
            if let link = message.link {
                var reply = APIReply(status: .found, contentType: "", body: Data(), auditTarget: "")
                reply.headers.append((.location, link))
                return reply
            }
            let shop = try await call.settings().automation.shopName
            return .text("<!doctype html><meta charset=utf-8><title>\(escaped(shop))</title><p>欢迎光临 \(escaped(shop))</p>",
                         contentType: "text/html; charset=utf-8")
        },
        APIRoute(.get, "/o/:token", .open, operation: "tracking.open", summary: "An e-mail's open pixel: counts the open",
                 parameters: [token], responses: [APIResponseDoc(200, "A 1×1 transparent GIF", .string(), contentType: "image/gif")]) { call in
            _ = try await call.store.recordOpen(token: try call.path("token"), at: call.now)
            var reply = APIReply(status: .ok, contentType: "image/gif", body: pixel, auditTarget: "")
            reply.headers.append((.cacheControl, "no-store"))
            return reply
        },
    ]

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
