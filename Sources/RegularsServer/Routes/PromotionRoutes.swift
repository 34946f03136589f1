import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum PromotionRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
