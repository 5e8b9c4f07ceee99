import Hummingbird
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The request context of the emulator: Hummingbird's, plus the connection, which a `reset`
/// fault needs to abort.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Aborts the connection with a TCP reset: SO_LINGER with a zero timeout makes `close` send
    /// RST instead of FIN, so the client sees "connection reset by peer" and no response at all.
    func resetConnection() async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}

/// Thrown after a connection was reset: there is no response to write.
struct ConnectionResetByFault: Error {}
