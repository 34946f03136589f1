import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum PricingRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
