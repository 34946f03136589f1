import Foundation
import Hummingbird
import Regulars
import RegularsStore

enum SegmentRoutes {
    static let routes: [APIRoute] = []
    static let schemas: [String: Schema] = [:]
}
