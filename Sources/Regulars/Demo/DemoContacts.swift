/// Phone prefixes, e-mail domains and the shop's own number.
enum DemoContacts {
    /// Mainland mobile prefixes customers have (189 is left out: the shop's number uses it).
    static let phonePrefixes: [UInt64] = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156, 157,
                                          158, 159, 166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 185, 186, 187,
                                          188, 191, 198, 199]

    /// The shop's own mobile, which cashiers type in for walk-ins who will not give theirs.
    static let shopPhone = DemoCell.single("18905710826")

    static let emailDomains = DemoCell.table(["qq.com", "163.com", "126.com", "sina.com", "outlook.com", "gmail.com",
                                              "foxmail.com"])
    static let emailDomainWeights = DemoWeights([55, 18, 8, 5, 6, 4, 4])
}
