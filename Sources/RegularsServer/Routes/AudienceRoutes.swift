import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum AudienceRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
