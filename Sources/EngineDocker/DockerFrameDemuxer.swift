/// Splits the Docker engine's multiplexed stream (attach, exec and logs without a TTY) into its frames' payloads:
/// each frame is an 8-byte header (byte 0 the stream: 0 stdin, 1 stdout, 2 stderr, 3 the daemon's error; bytes
/// 4–7 the big-endian payload length) and the payload. Chunks may cut headers and payloads anywhere.
struct DockerFrameDemuxer {
    private var header: [UInt8] = []
    private var remaining = 0
    private var current: UInt8 = 1

    /// The payload pieces this chunk carries, with their stream, in order. A piece ending a frame has `ends` set.
    mutating func feed<Bytes: Collection>(_ chunk: Bytes) -> [(stream: UInt8, bytes: Bytes.SubSequence, ends: Bool)]
    where Bytes.Element == UInt8 {
        var pieces: [(stream: UInt8, bytes: Bytes.SubSequence, ends: Bool)] = []
        var index = chunk.startIndex
        while index < chunk.endIndex {
            if remaining == 0 {
                header.append(chunk[index])
                index = chunk.index(after: index)
                if header.count == 8 {
                    current = header[0]
                    remaining = header[4...7].reduce(0) { $0 << 8 | Int($1) }
                    header.removeAll(keepingCapacity: true)
                }
                continue
            }
            let end = chunk.index(index, offsetBy: remaining, limitedBy: chunk.endIndex) ?? chunk.endIndex
            remaining -= chunk.distance(from: index, to: end)
            pieces.append((current, chunk[index..<end], remaining == 0))
            index = end
        }
        return pieces
    }
}
