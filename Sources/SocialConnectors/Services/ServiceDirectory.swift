import Foundation

/// Every service a run may use, in the order the services file declares them.
public struct ServiceDirectory: Sendable {
    /// The services, in file order.
    public var services: [Service]

    /// A directory of these services.
    public init(services: [Service]) {
        self.services = services
    }

    /// The service with this name, if any.
    public subscript(name: String) -> Service? { services.first { $0.name == name } }

    /// The services a `fetch`'s `services` attribute selects among those of `type`, in directory order:
    /// nil or `all` = every one; `synchronized` = those with `syncSubscriptions`; otherwise
    /// space-separated names (in the order written).
    /// - Throws: `ServiceSelectionError` for an unknown name, a service of another type, or no
    ///   service of this type at all.
    public func select(_ selection: String?, type: ServiceType) throws -> [Service] {
        let candidates = services.filter { $0.type == type }
        let trimmed = selection?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch trimmed {
        case "", "all":
            guard !candidates.isEmpty else { throw ServiceSelectionError.noServices(type: type) }
            return candidates
        case "synchronized":
            return candidates.filter(\.syncSubscriptions)
        default:
            var chosen: [Service] = []
            for name in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init) {
                if let service = candidates.first(where: { $0.name == name }) {
                    if !chosen.contains(where: { $0.name == name }) { chosen.append(service) }
                } else if let other = services.first(where: { $0.name == name }) {
                    throw ServiceSelectionError.wrongType(name: name, type: other.type, expected: type)
                } else {
                    throw ServiceSelectionError.unknown(name: name, type: type, known: candidates.map(\.name))
                }
            }
            return chosen
        }
    }
}

/// Why a `services` selection cannot be satisfied.
public enum ServiceSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No service of this name.
    case unknown(name: String, type: ServiceType, known: [String])
    /// The service exists but belongs to the other network.
    case wrongType(name: String, type: ServiceType, expected: ServiceType)
    /// The services file declares no service of this type.
    case noServices(type: ServiceType)

    public var description: String {
        switch self {
        case .unknown(let name, let type, let known):
            known.isEmpty
                ? "no \(type.rawValue) service is named '\(name)', and the services file declares none"
                : "no \(type.rawValue) service is named '\(name)'; known: \(known.joined(separator: ", "))"
        case .wrongType(let name, let type, let expected):
            "service '\(name)' is a \(type.rawValue) service, not a \(expected.rawValue) one"
        case .noServices(let type):
            "the services file declares no \(type.rawValue) service: add a <service type=\"\(type.rawValue)\"> to it"
        }
    }
}
