import Foundation

extension TimeZone {
    /// True when `identifier` is `UTC` or one of the IANA place names Foundation lists
    /// (`Europe/Paris`, `America/New_York`). Names are case-sensitive; abbreviations and fixed
    /// offsets (`CET`, `EST`, `GMT+1`) are refused, since a place's rules follow its
    /// daylight-saving changes and an abbreviation's do not.
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        if identifier == "UTC" { return true }
        return knownTimeZoneIdentifiers.contains(identifier) && TimeZone(identifier: identifier) != nil
    }
}
