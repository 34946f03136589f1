/// One demo person with 1–3 channel accounts, derived from the seed and the index alone (nothing is stored).
/// Accounts share the phone; a few link only by e-mail (A: phone, B: phone + e-mail, C: e-mail) or by union id.
struct DemoPerson {
    let index: Int
    let seed: UInt64
    let female: Bool
    let genderShown: Bool
    let surname: Int
    let givenName: Int
    /// 0 when unknown.
    let birthYear: Int
    let birthMonth: Int
    let birthDay: Int
    private(set) var region: Int
    let phonePrefix: Int
    /// Index into `DemoContacts.emailDomains`, or -1 without an e-mail.
    private(set) var emailDomain: Int
    /// The product the person comes back for.
    let favorite: Int
    /// Tmall nickname style: a Chinese nickname rather than `tb_…`.
    let chineseNick: Bool
    private(set) var accountCount = 1
    private var first: DemoAccount
    private var second: DemoAccount
    private var third: DemoAccount

    init(index: Int, seed: UInt64, shopPhone: Bool, currentYear: Int) {
        var random = DemoRandom(seed: seed, stream: UInt64(index), salt: 0x5045_5253)
        self.index = index
        self.seed = seed
        female = random.chance(860)
        genderShown = random.chance(880)
        surname = min(random.below(DemoNames.surnames.count), random.below(DemoNames.surnames.count))
        givenName = random.below(female ? DemoNames.femaleGivenNames.count : DemoNames.maleGivenNames.count)
        if random.chance(650) {
            birthYear = currentYear - 18 - min(random.below(38), random.below(38))
            birthMonth = random.between(1, 12)
            birthDay = random.between(1, CivilDate.daysIn(month: birthMonth, year: birthYear))
        } else {
            birthYear = 0
            birthMonth = 0
            birthDay = 0
        }
        region = DemoRegions.weights.pick(&random)
        phonePrefix = random.below(DemoContacts.phonePrefixes.count)
        emailDomain = random.chance(150) ? DemoContacts.emailDomainWeights.pick(&random) : -1
        favorite = DemoCatalogue.popularity.pick(&random)
        chineseNick = random.chance(300)
        first = DemoAccount(channel: .pos, keys: [.shopPhone])
        second = first
        third = first
        if shopPhone {
            emailDomain = -1
        } else {
            assignAccounts(&random)
        }
        if first.channel == .pos || (accountCount > 1 && second.channel == .pos)
            || (accountCount > 2 && third.channel == .pos) {
            region = DemoRegions.storeRegions[random.below(DemoRegions.storeRegions.count)]
        }
    }

    subscript(_ slot: Int) -> DemoAccount {
        get { slot == 0 ? first : slot == 1 ? second : third }
        set {
            switch slot {
            case 0: first = newValue
            case 1: second = newValue
            default: third = newValue
            }
        }
    }

    var hasEmail: Bool { emailDomain >= 0 }

    /// The account an order goes to: mostly the first (the person's main channel).
    func pickAccount(_ random: inout DemoRandom) -> DemoAccount {
        if accountCount == 1 || random.chance(550) { return first }
        return self[1 + random.below(accountCount - 1)]
    }

    private mutating func assignAccounts(_ random: inout DemoRandom) {
        let roll = random.below(1000)
        accountCount = roll < 660 ? 1 : roll < 900 ? 2 : 3
        let mode = accountCount == 1 ? 1000 : random.below(1000)
        let online = mode >= 160 && mode < 230  // the last account is an anonymous POS walk-in
        var taken = 0  // a bit per channel
        for slot in 0..<accountCount {
            var channel: DemoChannel
            repeat {
                channel = DemoChannel(rawValue: DemoChannel.popularity.pick(&random))!
            } while taken & (1 << channel.rawValue) != 0 || (online && channel == .pos)
            taken |= 1 << channel.rawValue
            var keys: DemoKeys = [.phone]
            if channel == .miniapp, random.chance(750) { keys.insert(.unionID) }
            if hasEmail, channel == .miniapp || channel == .pos { keys.insert(.email) }
            self[slot] = DemoAccount(channel: channel, keys: keys)
        }
        if mode < 90 {
            linkByEmailChain(&random)
        } else if mode < 160 {
            linkByUnionID()
        } else if online {
            self[accountCount - 1] = DemoAccount(channel: .pos, keys: [.phone, .anonymous])
        }
    }

    /// A: phone · B: phone + e-mail · C: e-mail only (two accounts: A: phone + e-mail · B: e-mail only).
    private mutating func linkByEmailChain(_ random: inout DemoRandom) {
        if !hasEmail { emailDomain = DemoContacts.emailDomainWeights.pick(&random) }
        for slot in 0..<accountCount { self[slot].keys.subtract([.email, .unionID]) }
        let last = accountCount - 1
        self[last - 1].keys.insert(.email)
        self[last].keys = [.email]
    }

    /// A mini-program account (phone + union id) and a POS member card registered through WeChat (union id only).
    private mutating func linkByUnionID() {
        self[0] = DemoAccount(channel: .miniapp, keys: [.phone, .unionID])
        self[1] = DemoAccount(channel: .pos, keys: [.unionID])
        if accountCount == 3, self[2].channel == .miniapp || self[2].channel == .pos {
            self[2] = DemoAccount(channel: .jd, keys: [.phone])
        }
        if hasEmail { self[0].keys.insert(.email) }
    }
}
