extension TwitterText {
    /// The top-level domains a URL may end with: common generic ones and every country code,
    /// internationalized ones included (from twitter-text's tld_lib.yml). Bare words such as
    /// `file.zip` or `setup.exe` are not URLs while their last label is not in this list.
    static let topLevelDomains: Set<String> = Set(
        (genericTopLevelDomains + " " + countryTopLevelDomains).split(whereSeparator: \.isWhitespace).map(String.init)
    )

    /// The longest top-level domain, in Unicode scalars: how far URLScanner looks for one.
    static let longestTopLevelDomain = topLevelDomains.map(\.unicodeScalars.count).max() ?? 0

    private static let genericTopLevelDomains = """
        com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel travel app dev
        blog shop store online site website tech xyz club news live art cloud page link top today world life
        media email agency digital studio design network solutions services company social support systems
        academy center group global team space fun game games video photo photos pics wiki download
        """

    private static let countryTopLevelDomains = """
        ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br
        bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee
        eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm
        hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li
        lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne
        nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc
        sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tp tr tt
        tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
        한국 香港 澳門 新加坡 台灣 台湾 中國 中国 გე ລາວ ไทย ලංකා ഭാരതം ಭಾರತ భారత్ சிங்கப்பூர் இலங்கை இந்தியா ଭାରତ ભારત ਭਾਰਤ
        ভাৰত ভারত বাংলা भारोत भारतम् भारत ڀارت پاکستان موريتانيا مليسيا مصر قطر فلسطين عمان عراق سورية سودان
        تونس بھارت بارت ایران امارات المغرب السعودية الجزائر البحرين الاردن հայ қаз укр срб рф мон мкд ею
        бел бг ευ ελ
        """
}
