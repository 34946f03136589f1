import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum CouponRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
