/// The demo shop as CSV chunks: every person's customers.csv rows (and browsing by people who never order), then
/// the orders in time order with the events around them. Files' chunks interleave; each file's come in order.
struct DemoGenerator {
    private enum Phase { case customers, orders, finishOrders, finishEvents, done }

    private let seed: UInt64
    private let timeline: DemoTimeline
    private let population: DemoPopulation
    private let currentYear: Int
    private var phase = Phase.customers
    private var nextPerson = 0
    private var queue: DemoOrderQueue?
    private var random: DemoRandom
    private let customerRows: DemoCustomerRows
    private var orderRows: DemoOrderRows
    private let eventRows: DemoEventRows
    private let customers = DemoByteBuffer()
    private let orders = DemoByteBuffer()
    private let events = DemoByteBuffer()

    init(_ spec: DemoShopSpec) {
        seed = spec.seed
        timeline = DemoTimeline(end: spec.end, calendar: spec.calendar)
        population = DemoPopulation(people: max(1, spec.customers), orders: max(0, spec.orders), seed: spec.seed)
        currentYear = spec.calendar.local(spec.end).date.year
        random = DemoRandom(seed: spec.seed, stream: 1, salt: 0x4F52_4445)
        customerRows = DemoCustomerRows(timeline: timeline)
        orderRows = DemoOrderRows(timeline: timeline)
        eventRows = DemoEventRows(timeline: timeline)
        customers.append(DemoCustomerRows.header)
        orders.append(DemoOrderRows.header)
        events.append(DemoEventRows.header)
    }

    /// The next chunk of about `DemoByteBuffer.chunkSize` bytes, or nil when all three files are complete.
    mutating func next() -> (DemoFile, [UInt8])? {
        while true {
            switch phase {
            case .customers:
                while nextPerson < population.people, !customers.isFull, !events.isFull {
                    writePerson(nextPerson)
                    nextPerson += 1
                }
                if events.isFull { return (.events, events.take()) }
                if nextPerson == population.people {
                    queue = DemoOrderQueue(population: population, seed: seed, ticks: timeline.ticks)
                    phase = .orders
                }
                if customers.count > 0 { return (.customers, customers.take()) }
            case .orders:
                while !orders.isFull, !events.isFull, let order = queue?.next(&random) {
                    writeOrder(order)
                }
                if orders.isFull { return (.orders, orders.take()) }
                if events.isFull { return (.events, events.take()) }
                queue = nil
                phase = .finishOrders
            case .finishOrders:
                phase = .finishEvents
                if orders.count > 0 { return (.orders, orders.take()) }
            case .finishEvents:
                phase = .done
                if events.count > 0 { return (.events, events.take()) }
            case .done:
                return nil
            }
        }
    }

    private func person(_ index: Int) -> DemoPerson {
        DemoPerson(index: index, seed: seed, shopPhone: population.isShopPhoneCard(index), currentYear: currentYear)
    }

    private mutating func writePerson(_ index: Int) {
        let person = person(index)
        var local = DemoRandom(seed: seed, stream: UInt64(index), salt: 0x4355_5354)
        var firstOrder: Instant?
        let registered: Instant
        if population.orderCounts[index] > 0 {
            let first = timeline.instant(population.life(of: index, seed: seed, ticks: timeline.ticks).first)
            firstOrder = first
            registered = local.chance(250) ? first - Int64(local.between(60, 3600))
                                           : first - Int64(local.between(1, 240)) * 86_400 - Int64(local.below(86_400))
        } else {
            registered = timeline.instant(UInt64(local.below(Int(timeline.ticks))))
        }
        customerRows.write(person, registered: registered, firstOrder: firstOrder, &local, customers)
        if firstOrder == nil, local.chance(600) {
            for _ in 0..<local.between(1, 3) {
                let moment = registered + Int64(local.below(Int(max(1, timeline.end.secondsSinceEpoch
                                                                        - registered.secondsSinceEpoch))))
                eventRows.writeBrowsing(person, person[0], at: moment, &local, events)
            }
        }
    }

    private mutating func writeOrder(_ order: DemoOrderQueue.Next) {
        let person = person(order.person)
        let written = orderRows.write(person, tick: order.tick, ordinal: order.ordinal, &random, orders)
        eventRows.writeAroundOrder(person, written.account, at: written.created, products: written.lines,
                                   &random, events)
    }
}
